#!/usr/bin/env bash
# Install the TextMate grammar's test tools (grammar/node_modules) from grammar/package-lock.json,
# once per change of the lock file. Safe to run again: it does nothing when node_modules is
# already up to date with the lock file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/grammar"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "The grammar tests need Node.js 18 or newer and npm on PATH ('$tool' is missing)." >&2
    exit 2
  fi
done

stamp=node_modules/.kling-grammar-installed
want="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
npm ci --no-audit --no-fund
echo "$want" > "$stamp"
