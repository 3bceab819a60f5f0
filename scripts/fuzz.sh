#!/usr/bin/env bash
# The long fuzz run: 10,000 generated documents by default (./scripts/fuzz.sh --documents 50000).
# Exit 1 when any document broke a property; the counts by kind are printed either way.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/setup.sh
exec .venv/bin/python scripts/fuzz.py "$@"
