"""Standard input/output for the server, in place of pygls's `start_io`.

pygls's stdio loop trusts every header (see framing.py), drops a message silently when its
bytes are not UTF-8, and never answers a request whose parameters fail to deserialise (the error
is raised inside `json.loads`, before the request id is known). Here a reader thread hands the
raw bytes to the event loop, the Framer cuts them into bodies, and each body is decoded and
deserialised with its failure reported to the log and the client, and answered when it has an id.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import threading
from typing import BinaryIO

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest, JsonRpcParseError
from pygls.io_ import StdoutWriter

from .framing import Framer

log = logging.getLogger("kling_lsp")
CHUNK = 1 << 20


def serve_stdio(server, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> int:
    """Serve until `exit` (its exit code: 0 after `shutdown`, else 1) or end of input (0)."""
    stdin = stdin or sys.stdin.buffer
    server.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    done: asyncio.Future[int] = loop.create_future()
    server.protocol.on_exit = lambda code: done.done() or done.set_result(code)
    framer = Framer()

    def received(data: bytes) -> None:
        if not data:
            done.done() or done.set_result(0)
            return
        bodies, problems = framer.feed(data)
        for problem in problems:
            tell(server, problem)
        for body in bodies:
            deliver(server, body)

    def read() -> None:
        fd = stdin.fileno()
        while True:
            try:
                data = os.read(fd, CHUNK)
            except OSError:
                data = b""
            loop.call_soon_threadsafe(received, data)
            if not data:
                return

    threading.Thread(target=read, name="kling-stdin", daemon=True).start()
    try:
        return loop.run_until_complete(done)
    finally:
        server.protocol.on_exit = None


def deliver(server, body: bytes) -> None:
    """Decode, deserialise and dispatch one message body; answer a request that cannot be read."""
    protocol = server.protocol
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        data = _loads(body.decode("utf-8", "replace"))
        what = data.get("method", "a message") if isinstance(data, dict) else "a message"
        tell(server, f"{what} from the editor is not valid UTF-8 (byte 0x{body[exc.start]:02x} at offset "
                     f"{exc.start}) and was dropped; the server's copy of the document may be out of date",
             show=True)
        _answer(protocol, data, JsonRpcParseError("the message is not valid UTF-8"))
        return
    data = _loads(text)
    if not isinstance(data, dict):
        tell(server, f"a message from the editor is not a JSON object ({len(body)} bytes); skipped")
        return
    try:
        message = protocol.structure_message(data)
    except JsonRpcException as exc:
        log.error("cannot read %s: %s", data.get("method", "a message"), exc.message)
        _answer(protocol, data, exc)
        return
    try:
        protocol.handle_message(message)
    except Exception:
        log.exception("handling %s failed", data.get("method", "a message"))
        _answer(protocol, data, JsonRpcInvalidRequest("the server could not handle this request"))


def _loads(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return None


def _answer(protocol, data, error: JsonRpcException) -> None:
    """Answer a request (it has an id and a method) with `error`; notifications get no answer."""
    if isinstance(data, dict) and "method" in data and isinstance(data.get("id"), (int, str)):
        protocol._send_response(data["id"], error=error.to_response_error())


def tell(server, message: str, show: bool = False) -> None:
    """Log a transport problem (the log reaches the client as window/logMessage) and, with
    `show`, also put it in front of the user."""
    log.error("%s", message)
    if show:
        try:
            server.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"kling: {message}"))
        except Exception:
            log.debug("could not tell the client", exc_info=True)
