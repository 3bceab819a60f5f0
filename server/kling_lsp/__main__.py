"""`python -m kling_lsp`: the language server entry point.

The server itself arrives with the language-server issue; until then this prints how to
use the command line and exits 2, rather than pretending to serve.
"""

from __future__ import annotations

import argparse
import sys

USAGE = (
    "kling-lsp: the language server is not part of this release yet.\n"
    "Use the command line meanwhile: kling check PATH, kling fix PATH, kling export PATH.\n"
)


def run_server(args: argparse.Namespace | None = None) -> int:
    sys.stderr.write(USAGE)
    return 2


def main() -> int:
    return run_server()


if __name__ == "__main__":
    sys.exit(main())
