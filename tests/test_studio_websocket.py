"""The language server over WebSocket, as a browser page meets it: text frames, diagnostics for a
client that declares pull but never pulls, and the Origin / token gate."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from kling_lsp.lsp.websocket import Gate

LONG_LINE = ('# Pier {duration=5}\nA fisherman says calmly, "We sail at dawn when the tide turns and the gulls '
             'go quiet over the grey harbour water, and nobody on this pier will stop us."\n')

# what @codemirror/lsp-client sends: `diagnostic: {}` (pull) although it handles only pushed ones
LSP_CLIENT_CAPABILITIES = {"textDocument": {"diagnostic": {}, "publishDiagnostics": {"versionSupport": True},
                                            "hover": {"contentFormat": ["markdown", "plaintext"]}}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def ws_server(tmp_path):
    """`kling server --ws` on a free loopback port, allowing one page origin; yields (url, log path)."""
    port = _free_port()
    log = tmp_path / "server.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "kling_lsp", "--ws", f"127.0.0.1:{port}", "--allow-origin", "http://localhost:5173"],
            stdout=subprocess.DEVNULL, stderr=sink, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                time.sleep(0.05)
        yield f"ws://127.0.0.1:{port}/", log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _send(ws, message: dict) -> None:
    ws.send(json.dumps({"jsonrpc": "2.0", **message}))


def _receive_until(ws, wanted, seconds: float = 15.0) -> list:
    """Frames until one satisfies `wanted(message)`; every frame is returned as received."""
    frames = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            frame = ws.recv(timeout=max(0.05, deadline - time.monotonic()))
        except TimeoutError:
            break
        frames.append(frame)
        if wanted(json.loads(frame)):
            return frames
    raise AssertionError(f"not received in {seconds} s; got {frames!r}")


def _initialize(ws, capabilities: dict) -> list:
    _send(ws, {"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None,
                                                            "capabilities": capabilities}})
    frames = _receive_until(ws, lambda m: m.get("id") == 1)
    _send(ws, {"method": "initialized", "params": {}})
    return frames


def test_messages_are_text_frames(ws_server):
    url, _ = ws_server
    with connect(url) as ws:  # a program: no Origin header
        frames = _initialize(ws, {})
    assert frames and all(isinstance(frame, str) for frame in frames)
    assert "capabilities" in json.loads(frames[-1])["result"]


def test_a_client_that_declares_pull_but_never_pulls_gets_pushed_diagnostics(ws_server):
    url, log = ws_server
    with connect(url, origin="http://localhost:5173") as ws:
        _initialize(ws, LSP_CLIENT_CAPABILITIES)
        _send(ws, {"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "file:///tmp/pier.kling", "languageId": "kling", "version": 0, "text": LONG_LINE}}})
        frames = _receive_until(ws, lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                and m["params"]["diagnostics"])
    pushed = json.loads(frames[-1])["params"]
    assert pushed["uri"] == "file:///tmp/pier.kling"
    assert "dialogue-too-long" in {d["code"] for d in pushed["diagnostics"]}
    assert "has not pulled" in log.read_text()


def test_a_client_that_pulls_is_not_pushed_to(ws_server):
    url, _ = ws_server
    with connect(url) as ws:
        _initialize(ws, LSP_CLIENT_CAPABILITIES)
        _send(ws, {"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "file:///tmp/pier.kling", "languageId": "kling", "version": 0, "text": LONG_LINE}}})
        _send(ws, {"id": 2, "method": "textDocument/diagnostic",
                   "params": {"textDocument": {"uri": "file:///tmp/pier.kling"}}})
        frames = _receive_until(ws, lambda m: m.get("id") == 2)
        assert "dialogue-too-long" in {d["code"] for d in json.loads(frames[-1])["result"]["items"]}
        time.sleep(2.5)  # past the grace a non-pulling client gets
        _send(ws, {"id": 3, "method": "shutdown"})
        frames += _receive_until(ws, lambda m: m.get("id") == 3)
    assert not [f for f in frames if json.loads(f).get("method") == "textDocument/publishDiagnostics"]


def test_a_page_from_another_origin_is_refused_with_a_log_line(ws_server):
    url, log = ws_server
    with pytest.raises(InvalidStatus) as refused:
        connect(url, origin="https://evil.example")
    assert refused.value.response.status_code == 403
    time.sleep(0.2)
    assert "refused a WebSocket connection: Origin https://evil.example is not allowed" in log.read_text()
    with connect(url, origin="http://localhost:5173") as ws:  # the allowed page still gets in
        assert "result" in json.loads(_initialize(ws, {})[-1])


def test_a_reloaded_page_gets_a_fresh_session(ws_server):
    url, _ = ws_server
    for _ in range(2):  # pygls's own loop shut the server down when the first client left
        with connect(url) as ws:
            assert "result" in json.loads(_initialize(ws, {})[-1])
            _send(ws, {"id": 2, "method": "shutdown"})
            _receive_until(ws, lambda m: m.get("id") == 2)


@pytest.mark.parametrize(("origin", "path", "let_in"), [
    ("http://127.0.0.1:8000", "/lsp?token=s3cret", True),
    ("http://127.0.0.1:8000/", "/lsp?token=s3cret", True),
    ("http://127.0.0.1:8000", "/lsp?token=wrong", False),
    ("http://127.0.0.1:8000", "/lsp", False),
    ("http://127.0.0.1:8001", "/lsp?token=s3cret", False),
    ("http://localhost:8000", "/lsp?token=s3cret", False),
    ("null", "/lsp?token=s3cret", False),
    (None, "/lsp?token=s3cret", False),
])
def test_the_studio_gate_takes_its_own_origin_with_the_token_only(origin, path, let_in):
    gate = Gate(frozenset({"http://127.0.0.1:8000"}), token="s3cret", browsers_only=True)
    assert (gate.refusal(origin, path) is None) is let_in


def test_the_plain_server_refuses_every_page_unless_allowed():
    assert Gate().refusal(None, "/") is None  # a program
    assert "--allow-origin" in Gate().refusal("https://example.com", "/")
    assert Gate(frozenset({"https://example.com"})).refusal("https://example.com", "/") is None
