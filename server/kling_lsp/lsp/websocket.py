"""The server over WebSocket, in place of pygls's `start_ws`, for browser pages.

pygls's loop sends every message as a binary frame (a browser receives a Blob, not text), takes
a connection from any web page the user happens to visit (no Origin check), and shuts the whole
server down when its first client leaves, so a page reload ends the session. Here messages go
out as text frames; a connection is taken only from an allowed Origin with the right token (see
`Gate`); one page is served at a time, a newer one replacing the older; and an HTTP request that
is not a WebSocket upgrade can be answered by `http` (the studio's page and scripts).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Awaitable, Callable
from urllib.parse import parse_qs, urlsplit

from .transport import deliver

log = logging.getLogger("kling_lsp")
MAX_MESSAGE = 64 << 20  # a document of 16 MiB in UTF-16 JSON escapes stays below this


@dataclass(frozen=True)
class Gate:
    """Who may open the WebSocket. A browser always sends `Origin`; a page may connect only if
    its origin is in `origins`, so a site the user visits cannot drive the server. Programs
    (no Origin header) are let in unless `browsers_only`. With `token`, the request's query
    must also carry `token=<token>`: the studio puts a fresh random one in the URL it opens."""

    origins: frozenset[str] = field(default_factory=frozenset)
    token: str | None = None
    browsers_only: bool = False

    def refusal(self, origin: str | None, path: str) -> str | None:
        """Why a WebSocket request from `origin` for `path` is refused; None when it is let in."""
        if origin is None:
            if self.browsers_only:
                return "no Origin header (only the studio's own page may connect)"
        elif origin.rstrip("/") not in self.origins:
            allowed = ", ".join(sorted(self.origins)) or "none (pass --allow-origin ORIGIN to allow a page)"
            return f"Origin {origin} is not allowed; allowed origins: {allowed}"
        if self.token is not None:
            given = parse_qs(urlsplit(path).query).get("token", [""])[0]
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return "the token in the URL is missing or wrong"
        return None


class TextWriter:
    """pygls's writer interface over one connection, sending text frames."""

    def __init__(self, connection) -> None:
        self.connection = connection

    def close(self) -> Awaitable[None]:
        return self.connection.close()

    def write(self, data: bytes) -> Awaitable[None]:
        return self._send(data.decode("utf-8"))

    async def _send(self, text: str) -> None:
        try:
            await self.connection.send(text)
        except Exception:  # the page went away: its next connection gets what is current
            log.debug("could not send to a closed page", exc_info=True)


HttpHandler = Callable[[str], "tuple[HTTPStatus, str, bytes] | None"]  # path -> status, type, body


class WebSocketService:
    """Serves the language server to one page at a time."""

    def __init__(self, server, gate: Gate, http: HttpHandler | None = None, hosts: frozenset[str] = frozenset()):
        self.server = server
        self.gate = gate
        self.http = http
        self.hosts = hosts  # Host headers the HTTP side answers (DNS rebinding); empty: any
        self.current = None

    def process_request(self, connection, request):
        """Refuse an upgrade the gate does not let in; answer plain HTTP requests."""
        from websockets.datastructures import Headers
        from websockets.http11 import Response

        headers = request.headers
        upgrade = "websocket" in headers.get("Upgrade", "").lower()
        host = headers.get("Host")
        if self.hosts and host not in self.hosts:
            log.warning("refused a request for Host %s (not this studio's address)", host)
            return connection.respond(HTTPStatus.FORBIDDEN, "Forbidden: wrong Host\n")
        if upgrade:
            reason = self.gate.refusal(headers.get("Origin"), request.path)
            if reason is not None:
                log.warning("refused a WebSocket connection: %s", reason)
                return connection.respond(HTTPStatus.FORBIDDEN, f"Forbidden: {reason}\n")
            return None
        if self.http is None:
            return connection.respond(HTTPStatus.UPGRADE_REQUIRED, "This address takes WebSocket connections only.\n")
        answer = self.http(request.path)
        if answer is None:
            return connection.respond(HTTPStatus.NOT_FOUND, "Not found\n")
        status, content_type, body = answer
        return Response(status.value, status.phrase, Headers([
            ("Content-Type", content_type), ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"),
            ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                                        "style-src 'self' 'unsafe-inline'"),
        ]), body)

    async def connection(self, connection) -> None:
        """One page's session: initialize again, open its documents again, and so on."""
        previous, self.current = self.current, connection
        if previous is not None:
            log.info("a newer page connected; closing the older one")
            await previous.close()
        protocol = self.server.protocol
        protocol._shutdown = False  # a page that said shutdown before a reload starts afresh
        protocol.set_writer(TextWriter(connection), include_headers=False)
        protocol.on_exit = lambda code: asyncio.ensure_future(connection.close())
        self.server.forget_documents()
        try:
            async for message in connection:
                deliver(self.server, message.encode("utf-8") if isinstance(message, str) else message)
        except Exception:  # a dropped connection ends the session, never the server
            log.debug("the WebSocket connection ended", exc_info=True)
        finally:
            if self.current is connection:
                self.current = None

    async def run(self, host: str, port: int, ready: Callable[[int], None] | None = None) -> None:
        from websockets.asyncio.server import serve

        async with serve(self.connection, host, port, process_request=self.process_request,
                         max_size=MAX_MESSAGE, compression=None) as listening:
            bound = listening.sockets[0].getsockname()[1]
            log.info("listening on %s:%s", host, bound)
            if ready is not None:
                ready(bound)
            await listening.serve_forever()


def serve_ws(server, host: str, port: int, gate: Gate, http: HttpHandler | None = None,
             hosts: frozenset[str] = frozenset(), ready: Callable[[int], None] | None = None) -> int:
    service = WebSocketService(server, gate, http, hosts)
    try:
        asyncio.run(service.run(host, port, ready))
    except (KeyboardInterrupt, asyncio.CancelledError):
        pass
    return 0
