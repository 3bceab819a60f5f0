"""A bare LSP client over the server's stdin/stdout, for sending what no real client would.

The server runs in its own process group and is killed by that group when the test ends.
Waits are deadlines against hanging, not speed measurements.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading

SERVER = [sys.executable, "-m", "kling_lsp", "--stdio"]
TEXT = '# Harbour\nA fisherman looks up and says, "We sail at dawn.\n'


def frame(message: dict | bytes, length: int | None = None) -> bytes:
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % (len(body) if length is None else length) + body


class RawClient:
    def __init__(self) -> None:
        self.process = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        self.messages: queue.Queue[dict] = queue.Queue()
        self.seen: list[dict] = []
        self.next_id = 100
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                header += byte
            length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
            self.messages.put(json.loads(stream.read(length)))

    def send(self, data: bytes) -> None:
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def notify(self, method: str, params) -> None:
        self.send(frame({"jsonrpc": "2.0", "method": method, "params": params}))

    def request(self, method: str, params, timeout: float = 2.0) -> dict:
        self.next_id += 1
        self.send(frame({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}))
        return self.answer(self.next_id, timeout)

    def answer(self, msg_id, timeout: float = 2.0) -> dict:
        while True:
            message = self.wait(lambda m: m.get("id") == msg_id and "method" not in m, timeout)
            return message

    def wait(self, match, timeout: float = 2.0) -> dict:
        for message in self.seen:
            if match(message):
                self.seen.remove(message)
                return message
        while True:
            message = self.messages.get(timeout=timeout)  # queue.Empty: the server did not answer in time
            if match(message):
                return message
            self.seen.append(message)

    def start(self) -> None:
        reply = self.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}}, timeout=30)
        assert "result" in reply
        self.notify("initialized", {})

    def open(self, uri: str, text: str = TEXT) -> None:
        self.notify("textDocument/didOpen",
                    {"textDocument": {"uri": uri, "languageId": "kling", "version": 1, "text": text}})

    def hover(self, uri: str, timeout: float = 2.0) -> dict:
        return self.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                   "position": {"line": 1, "character": 3}}, timeout)

    def diagnostics(self, uri: str, timeout: float = 10.0) -> list:
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"]["uri"] == uri and m["params"]["diagnostics"], timeout)["params"]["diagnostics"]

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
