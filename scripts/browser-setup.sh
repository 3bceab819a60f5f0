#!/usr/bin/env bash
# Install what the studio's browser tests (tests/studio_e2e/run.mjs) need: Debian's Chromium and
# playwright-core, in the same cache and with the same version stamp as scripts/vscode-e2e-setup.sh
# (which also installs code-server and node 24), so either script reuses what the other installed.
# Idempotent; a few seconds when everything is present, about a minute cold.
#
#   bash scripts/browser-setup.sh
#
# Ends with browser-paths.json in the cache: {"node", "playwright", "chromium"}.
set -euo pipefail

PLAYWRIGHT_VERSION=1.65.1   # keep equal to scripts/vscode-e2e-setup.sh
cache="${KLING_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kling-lsp/vscode-e2e}"

fail() { echo "browser-setup: $*" >&2; exit 2; }
say() { echo "browser-setup: $*"; }

command -v node >/dev/null 2>&1 || fail "node is needed on PATH to drive the browser (the tests only; kling studio itself needs none)"
command -v npm >/dev/null 2>&1 || fail "npm is needed on PATH to install playwright-core"

if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
  say "[1/2] installing chromium with apt-get"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq >/dev/null || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null || fail "apt-get install chromium failed"
else
  say "[1/2] chromium: installed"
fi
chromium="$(command -v chromium || true)"
[ -n "$chromium" ] || fail "the chromium package is installed but no 'chromium' is on PATH"

mkdir -p "$cache/npm-cache" "$cache/tmp" || fail "cannot create the cache folder $cache"
exec 9>"$cache/.lock"
flock 9 || fail "cannot lock $cache/.lock"
if [ ! -f "$cache/playwright/.kling-installed" ] || [ "$(cat "$cache/playwright/.kling-installed")" != "$PLAYWRIGHT_VERSION" ]; then
  say "[2/2] installing playwright-core $PLAYWRIGHT_VERSION"
  rm -rf "$cache/playwright"
  mkdir -p "$cache/playwright"
  echo '{"name": "kling-e2e-tools", "private": true}' > "$cache/playwright/package.json"
  (cd "$cache/playwright" && TMPDIR="$cache/tmp" npm --cache "$cache/npm-cache" --no-audit --no-fund --loglevel=error \
    install "playwright-core@$PLAYWRIGHT_VERSION") || fail "npm install playwright-core@$PLAYWRIGHT_VERSION failed"
  echo "$PLAYWRIGHT_VERSION" > "$cache/playwright/.kling-installed"
else
  say "[2/2] playwright-core $PLAYWRIGHT_VERSION: cached"
fi
playwright="$cache/playwright/node_modules/playwright-core/index.mjs"
[ -f "$playwright" ] || { rm -f "$cache/playwright/.kling-installed"; fail "playwright-core has no $playwright"; }

node - "$cache/browser-paths.json" "$(command -v node)" "$playwright" "$chromium" <<'JS'
const [file, node, playwright, chromium] = process.argv.slice(2);
require("fs").writeFileSync(file, JSON.stringify({ node, playwright, chromium }, null, 2) + "\n");
JS
say "ready: $cache/browser-paths.json"
