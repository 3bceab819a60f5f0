"""The server under abuse, over raw stdio: after every probe a hover is answered (within 2 s,
a deadline against a wedged server) and a fresh document gets its diagnostics."""

from __future__ import annotations

import json
import os

import pytest
from rawclient import RawClient, frame

A = "file:///abuse/a.kling"
HOVER = {"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": A}, "position": {"line": 1, "character": 3}}}
BODY = json.dumps(HOVER).encode()


@pytest.fixture
def raw():
    client = RawClient()
    try:
        client.start()
        client.open(A)
        assert client.diagnostics(A)
        yield client
    finally:
        client.close()


def still_serving(client: RawClient, name: str) -> None:
    assert "error" not in client.hover(A)
    fresh = f"file:///abuse/{name}.kling"
    client.open(fresh)
    assert any(d.get("code") == "unclosed-quote" for d in client.diagnostics(fresh))


PROBES = {
    "too-short": frame(BODY, length=12),
    "too-long": frame(BODY, length=len(BODY) + 4000),
    "negative": b"Content-Length: -5\r\n\r\n" + BODY,
    "not-a-number": b"Content-Length: twelve\r\n\r\n" + BODY,
    "missing": b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + BODY,
    "huge": b"Content-Length: 100000000000\r\n\r\n" + BODY,
    "zero": frame(BODY, length=0),
    "not-json": frame(b"{this is not json"),
    "not-an-object": frame(b"[1, 2, 3]"),
    "garbage": b"\x00\xff garbage with no header at all \r\n\r\n",
}


@pytest.mark.parametrize("name", list(PROBES))
def test_a_lying_frame_never_wedges_or_kills_the_server(raw, name):
    raw.send(PROBES[name])
    still_serving(raw, name)
    assert raw.process.poll() is None


WRONG_TYPES = [
    ("textDocument/hover", {"textDocument": {"uri": A}, "position": "1:3"}),
    ("textDocument/hover", {"textDocument": 5, "position": {"line": 1, "character": 3}}),
    ("textDocument/hover", {"textDocument": {"uri": A}, "position": {"line": "one", "character": 3}}),
    ("textDocument/hover", None),
    ("textDocument/hover", [1, 2]),
    ("textDocument/completion", {"textDocument": {"uri": A}, "position": {"line": -1, "character": 0}}),
    ("textDocument/documentSymbol", {"textDocument": {"uri": 42}}),
    ("textDocument/foldingRange", {"textDocument": None}),
    ("textDocument/semanticTokens/full", {"textDocument": {"uri": [A]}}),
    ("textDocument/codeAction", {"textDocument": {"uri": A}, "range": "all", "context": {"diagnostics": []}}),
    ("textDocument/codeAction", {"textDocument": {"uri": A},
                                 "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                                 "context": {"diagnostics": "none"}}),
    ("codeAction/resolve", {"kind": "quickfix"}),
    ("textDocument/inlayHint", {"textDocument": {"uri": A}, "range": None}),
    ("textDocument/codeLens", {}),
    ("textDocument/diagnostic", {"textDocument": {"uri": A}, "previousResultId": {"id": 9}}),
    ("workspace/symbol", {"query": {"text": "x"}}),
    ("kling/storyboard", {"uri": 1}),
    ("textDocument/hover", {"textDocument": {"uri": "file:///abuse/never-opened.kling"},
                            "position": {"line": 0, "character": 0}}),
]


@pytest.mark.parametrize("method, params", WRONG_TYPES, ids=[f"{m}-{i}" for i, (m, _) in enumerate(WRONG_TYPES)])
def test_a_request_with_wrong_parameter_types_gets_an_error_answer(raw, method, params):
    reply = raw.request(method, params)
    assert "error" in reply, reply
    still_serving(raw, "after-wrong-types")


def test_invalid_utf8_is_logged_told_and_answered(raw):
    change = ('{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"%s","version":2},'
              '"contentChanges":[{"text":"caf\xe9"}]}}' % A).encode("latin-1")
    raw.send(frame(change))
    shown = raw.wait(lambda m: m.get("method") == "window/showMessage")
    assert "UTF-8" in shown["params"]["message"] and "textDocument/didChange" in shown["params"]["message"]
    logged = raw.wait(lambda m: m.get("method") == "window/logMessage" and "UTF-8" in m["params"]["message"])
    assert logged["params"]["type"] == 1
    request = b'{"jsonrpc":"2.0","id":55,"method":"textDocument/hover","params":{"x":"\xff"}}'
    raw.send(frame(request))
    assert raw.answer(55)["error"]["code"] == -32700
    still_serving(raw, "after-utf8")


def test_requests_after_shutdown_get_invalid_request_and_exit_is_0(raw):
    assert raw.request("shutdown", None)["result"] is None
    assert raw.hover(A)["error"]["code"] == -32600
    raw.notify("exit", None)
    assert raw.process.wait(timeout=10) == 0


def test_exit_without_shutdown_exits_1(raw):
    raw.notify("exit", None)
    assert raw.process.wait(timeout=10) == 1


def test_document_symbol_of_a_file_never_opened_does_not_read_it(raw, tmp_path):
    fifo = tmp_path / "never-opened.kling"
    os.mkfifo(fifo)  # reading it would block the server until someone writes
    reply = raw.request("textDocument/documentSymbol", {"textDocument": {"uri": fifo.as_uri()}})
    assert "not open" in reply["error"]["message"]
    still_serving(raw, "after-unopened")


def test_a_hover_is_answered_while_a_long_analysis_runs(raw):
    """No timing threshold (benchmarks/hover_during_analysis.py measures): the hover on one
    document is answered before the long one opened just before it has all its diagnostics."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from storyboard import storyboard

    long_uri = "file:///abuse/long.kling"
    raw.open(long_uri, storyboard(1_000_000))
    assert "error" not in raw.hover(A, timeout=30)
    published = [m for m in raw.seen if m.get("method") == "textDocument/publishDiagnostics"
                 and m["params"]["uri"] == long_uri]
    assert len(published) < 2, "the hover waited for the whole analysis"
    raw.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == long_uri,
             timeout=60)
