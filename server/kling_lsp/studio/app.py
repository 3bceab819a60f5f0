"""`kling studio [FOLDER]`: one process on 127.0.0.1 that serves the studio's page and, on the
same port, the language server over WebSocket (`/lsp`).

The address printed and opened carries a fresh random token; the WebSocket takes a connection
only from the studio's own origin with that token, and the HTTP side answers only its own Host
names, so neither another site nor a DNS-rebinding page can drive the server. The page's
files ship inside the package (static/); nothing is fetched at run time.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys
import webbrowser
from http import HTTPStatus
from importlib.resources import files
from pathlib import Path

from ..lsp.websocket import Gate, WebSocketService

log = logging.getLogger("kling_lsp")
STATIC = {"/": ("index.html", "text/html; charset=utf-8"),
          "/studio.js": ("studio.js", "text/javascript; charset=utf-8"),
          "/studio.css": ("studio.css", "text/css; charset=utf-8")}


def static_files() -> dict[str, tuple[str, bytes]]:
    """Every file the page needs, read once: path -> (content type, bytes)."""
    folder = files("kling_lsp.studio") / "static"
    return {path: (kind, (folder / name).read_bytes()) for path, (name, kind) in STATIC.items()}


def http_handler(pages: dict[str, tuple[str, bytes]]):
    def answer(path: str):
        found = pages.get(path.split("?", 1)[0])
        if found is None:
            return None
        return HTTPStatus.OK, found[0], found[1]
    return answer


def addresses(host: str, port: int) -> tuple[frozenset[str], frozenset[str]]:
    """The Host headers and the origins of the studio's own page."""
    names = {host, "localhost"} if host in ("127.0.0.1", "localhost") else {host}
    if host == "localhost":
        names.add("127.0.0.1")
    hosts = frozenset(f"{name}:{port}" for name in names)
    return hosts, frozenset(f"http://{h}" for h in hosts)


def run_studio(folder: Path | None, host: str = "127.0.0.1", port: int = 0, open_browser: bool = True) -> int:
    from ..lsp.server import ClientLogHandler, server
    from ..lsp.studio_requests import answered_errors_untraced, register
    from .folder import Folder

    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("pygls").setLevel(logging.WARNING)
    for stderr in logging.getLogger().handlers:  # a logger's own filter would miss pygls's child loggers
        stderr.addFilter(answered_errors_untraced)
    logging.getLogger("websockets").setLevel(logging.WARNING)
    handler = ClientLogHandler(level=logging.WARNING)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("kling_lsp").addHandler(handler)

    register(server, Folder(folder) if folder is not None else None)
    token = secrets.token_urlsafe(24)
    service = WebSocketService(server, Gate(token=token, browsers_only=True), http_handler(static_files()))

    def ready(bound: int) -> None:
        service.hosts, origins = addresses(host, bound)
        service.gate = Gate(origins, token, browsers_only=True)
        url = f"http://{host}:{bound}/?token={token}"
        where = f" on {folder}" if folder is not None else " (no folder: the text is kept in the browser)"
        print(f"kling studio{where}: {url}", flush=True)
        print("Press Ctrl+C to stop.", flush=True)
        if open_browser:
            webbrowser.open(url)

    try:
        asyncio.run(service.run(host, port, ready))
    except KeyboardInterrupt:
        pass
    return 0
