#!/usr/bin/env bash
# Create .venv (Python 3.11+) and install kling-lsp with its test extras, once per change
# of pyproject.toml. Sourced by the other scripts; safe to run again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      python="$candidate"; break
    fi
  done
fi
if [ -z "$python" ]; then
  echo "kling-lsp needs Python 3.11 or newer on PATH (or PYTHON=/path/to/python)." >&2
  exit 2
fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.kling-installed
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  quiet_pip() {  # hide the "index location is ignored" notes of this machine's pip config
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither" >&2)
  }
  quiet_pip --upgrade pip
  quiet_pip -e ".[test]"
  echo "$want" > "$stamp"
fi
