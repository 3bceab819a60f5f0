#!/usr/bin/env bash
# Every test: set everything up on a fresh machine, then run the whole suite.
# The editor tests drive real Neovim and Emacs (eglot); they are installed here when missing.
# The VS Code end-to-end test needs code-server, node 24, playwright-core and Chromium
# (scripts/vscode-e2e-setup.sh: about 3 minutes the first time, cached outside the repository); the
# studio's browser test needs Chromium and playwright-core only (scripts/browser-setup.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/scripts/vscode-e2e-setup.sh"
bash "$root/scripts/browser-setup.sh"  # the studio's browser test: reuses the Chromium and playwright-core above

missing=()
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v emacs >/dev/null 2>&1 || missing+=(emacs-nox)
[ -d /usr/share/emacs/site-lisp/elpa/eglot-1.9 ] || ls -d /usr/share/emacs/site-lisp/elpa/eglot* >/dev/null 2>&1 \
  || missing+=(elpa-eglot)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing editors for the end-to-end tests: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cd "$root"
exec .venv/bin/python -m pytest "$@"
