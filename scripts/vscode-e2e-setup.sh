#!/usr/bin/env bash
# Install what the VS Code end-to-end test (tests/vscode_e2e/run.mjs) needs: Debian's Chromium,
# node 24, code-server and playwright-core. Idempotent, and fast when everything is present.
#
#   bash scripts/vscode-e2e-setup.sh
#
# Everything but the apt packages goes into a cache outside the repository, so a fresh clone on the
# same machine reuses it:
#   ${KLING_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kling-lsp/vscode-e2e}
# Each component has a stamp holding its pinned version; changing a version reinstalls that one.
# The cache ends with paths.json, which run.mjs reads. Cold: about 3 minutes and 1 GB. It prints
# each of its four steps, and a line every 15 s (KLING_PROGRESS_SECONDS) while a long one runs.
set -euo pipefail

NODE_VERSION=24.21.0          # code-server 4.139.1 requires node 24
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
APT_PACKAGES=(chromium libkrb5-dev)  # libkrb5-dev: code-server's kerberos module compiles from source

cache="${KLING_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kling-lsp/vscode-e2e}"

fail() {
  echo "vscode-e2e-setup: $*" >&2
  exit 2
}

say() {
  echo "vscode-e2e-setup: $*"
}

# Run a long command, with a line every KLING_PROGRESS_SECONDS (15) seconds, so that a cold set-up
# (minutes of downloads and compiling with the output in a log) never looks stuck.
every="${KLING_PROGRESS_SECONDS:-15}"
with_progress() {
  local label="$1" waited=0 pid
  shift
  "$@" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    waited=$((waited + 1))
    if [ $((waited % every)) -eq 0 ] && kill -0 "$pid" 2>/dev/null; then
      say "  ... still $label ($waited s)"
    fi
  done
  wait "$pid"
}

# 1. apt packages, only when missing
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "[1/4] installing ${missing[*]} with apt-get"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq >/dev/null || fail "apt-get update failed"
  apt_install() {
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  }
  with_progress "installing ${missing[*]}" apt_install || fail "apt-get install ${missing[*]} failed"
else
  say "[1/4] ${APT_PACKAGES[*]}: installed"
fi
chromium="$(command -v chromium || true)"
[ -n "$chromium" ] || fail "the chromium package is installed but no 'chromium' is on PATH"

mkdir -p "$cache" || fail "cannot create the cache folder $cache"
cd "$cache"
exec 9>"$cache/.lock"
flock 9 || fail "cannot lock $cache/.lock"  # two runs on one machine: the second waits

# npm with its own cache and temporary folder, so nothing lands in the user's ~/.npm or /tmp
mkdir -p npm-cache tmp
npm_quiet() {
  TMPDIR="$cache/tmp" npm --cache "$cache/npm-cache" --no-audit --no-fund --loglevel=error "$@"
}

npm_in() {  # npm_in DIR ARGS...: npm_quiet ARGS in DIR
  cd "$1" && shift && npm_quiet "$@"
}

installed() {  # installed DIR VERSION: the component in DIR is at VERSION
  [ -f "$1/.kling-installed" ] && [ "$(cat "$1/.kling-installed")" = "$2" ]
}

fresh_folder() {  # an empty folder with a stub package.json, for a local npm install
  rm -rf "$1"
  mkdir -p "$1"
  echo '{"name": "kling-e2e-tools", "private": true}' > "$1/package.json"
}

# 2. node 24 (the npm package "node" fetches the official binary for this platform)
if ! installed node "$NODE_VERSION"; then
  say "[2/4] installing node $NODE_VERSION"
  fresh_folder node
  with_progress "installing node" npm_in node install --no-save "node@$NODE_VERSION" \
    || fail "npm install node@$NODE_VERSION failed"
  echo "$NODE_VERSION" > node/.kling-installed
else
  say "[2/4] node $NODE_VERSION: cached"
fi
# The folder with both bin/node and include/node (headers for native modules) is the inner one.
node24=""
for folder in "$cache"/node/node_modules/node/node_modules/node-*; do
  [ -x "$folder/bin/node" ] && [ -d "$folder/include/node" ] && node24="$folder"
done
[ -n "$node24" ] \
  || { rm -f node/.kling-installed; fail "node $NODE_VERSION has no bin/node and include/node under $cache/node"; }

# 3. code-server, built with node 24 first on PATH and its headers (a user .npmrc may name others)
install_code_server() {
  cd code-server && PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
    npm_quiet install --foreground-scripts "code-server@$CODE_SERVER_VERSION" >"$cache/code-server-install.log" 2>&1
}
if ! installed code-server "$CODE_SERVER_VERSION"; then
  say "[3/4] installing code-server $CODE_SERVER_VERSION (about 2 minutes: native modules compile;" \
    "log in $cache/code-server-install.log)"
  fresh_folder code-server
  with_progress "installing code-server" install_code_server \
    || fail "npm install code-server@$CODE_SERVER_VERSION failed; see $cache/code-server-install.log"
  echo "$CODE_SERVER_VERSION" > code-server/.kling-installed
else
  say "[3/4] code-server $CODE_SERVER_VERSION: cached"
fi
entry="$cache/code-server/node_modules/code-server/out/node/entry.js"
[ -f "$entry" ] || { rm -f code-server/.kling-installed; fail "code-server has no $entry"; }

# 4. playwright-core (drives the system Chromium; downloads no browser)
if ! installed playwright "$PLAYWRIGHT_VERSION"; then
  say "[4/4] installing playwright-core $PLAYWRIGHT_VERSION"
  fresh_folder playwright
  with_progress "installing playwright-core" npm_in playwright install "playwright-core@$PLAYWRIGHT_VERSION" \
    || fail "npm install playwright-core@$PLAYWRIGHT_VERSION failed"
  echo "$PLAYWRIGHT_VERSION" > playwright/.kling-installed
else
  say "[4/4] playwright-core $PLAYWRIGHT_VERSION: cached"
fi
playwright="$cache/playwright/node_modules/playwright-core/index.mjs"
[ -f "$playwright" ] || { rm -f playwright/.kling-installed; fail "playwright-core has no $playwright"; }

rm -rf "$cache/tmp"/*
"$node24/bin/node" - "$cache/paths.json" "$node24/bin/node" "$entry" "$playwright" "$chromium" <<'JS'
// Where everything is, for tests/vscode_e2e/run.mjs.
const [file, node, codeServer, playwright, chromium] = process.argv.slice(2);
require("fs").writeFileSync(file, JSON.stringify({ node, codeServer, playwright, chromium }, null, 2) + "\n");
JS
say "ready in $cache ($SECONDS s)"
echo "  node $("$node24/bin/node" --version): $node24/bin/node"
echo "  code-server $CODE_SERVER_VERSION: $entry"
echo "  playwright-core $PLAYWRIGHT_VERSION: $playwright"
echo "  chromium: $chromium"
