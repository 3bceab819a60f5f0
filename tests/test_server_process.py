"""The server as a process: it exits when its editor dies, and serves over TCP on loopback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_frame(stream) -> dict:
    header = b""
    while not header.endswith(b"\r\n\r\n"):
        chunk = stream.read(1)
        assert chunk, "the server closed the stream"
        header += chunk
    length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
    return json.loads(stream.read(length))


def initialize(pid: int | None) -> bytes:
    return frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                  "params": {"processId": pid, "rootUri": None, "capabilities": {}}})


def test_server_exits_when_the_client_process_dies():
    editor = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
    server = subprocess.Popen([sys.executable, "-m", "kling_lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        server.stdin.write(initialize(editor.pid))
        server.stdin.flush()
        assert read_frame(server.stdout)["id"] == 1
        os.killpg(editor.pid, signal.SIGKILL)
        editor.wait(timeout=10)
        assert server.wait(timeout=15) == 0
    finally:
        for process in (server, editor):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_tcp_transport_on_loopback():
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "kling_lsp", "--tcp", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.time() + 20
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                assert time.time() < deadline, "the server never listened"
                time.sleep(0.1)
        with connection:
            connection.sendall(initialize(None))
            reply = read_frame(connection.makefile("rb"))
            assert reply["result"]["serverInfo"]["name"] == "kling-lsp"
            assert "diagnosticProvider" in reply["result"]["capabilities"]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
