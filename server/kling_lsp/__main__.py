"""`python -m kling_lsp` and `kling server`: start the language server.

    python -m kling_lsp [--stdio | --tcp HOST:PORT | --ws HOST:PORT [--allow-origin ORIGIN]...]
                     [--log-level LEVEL]

Logs go to stderr and to the client (window/logMessage), never to stdout, which carries the
protocol in stdio mode.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--stdio", action="store_true", help="talk over standard input/output (default)")
    mode.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP port, e.g. 127.0.0.1:2087")
    mode.add_argument("--ws", metavar="HOST:PORT", help="listen for a WebSocket client")
    parser.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                        help="with --ws: a web page origin (e.g. http://localhost:5173) allowed to connect; "
                             "repeat for more. Without it, browser pages are refused; programs connect")
    parser.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"))


def _address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise SystemExit(f"kling server: expected HOST:PORT, got {value!r}")
    return host, int(port)


def run_server(args: argparse.Namespace) -> int:
    logging.basicConfig(stream=sys.stderr, level=getattr(logging, args.log_level.upper(), logging.INFO),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("pygls").setLevel(max(logging.WARNING, logging.getLogger().level))
    from .lsp.server import ClientLogHandler, server

    handler = ClientLogHandler(level=logging.INFO)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("kling_lsp").addHandler(handler)
    if args.tcp:
        server.start_tcp(*_address(args.tcp))
    elif args.ws:
        from .lsp.websocket import Gate, serve_ws

        origins = frozenset(origin.rstrip("/") for origin in args.allow_origin)
        return serve_ws(server, *_address(args.ws), Gate(origins))
    else:
        from .lsp.transport import serve_stdio

        code = serve_stdio(server)
        logging.shutdown()
        sys.stdout.flush()
        os._exit(code)  # now: worker threads (an analysis, the stdin reader) must not hold the exit up
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kling_lsp", description="The kling language server.")
    add_server_arguments(parser)
    return run_server(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
