"""A request on a document not yet analysed waits for an analysis made in a worker thread:
the event loop, which answers every other request, never runs one."""

from __future__ import annotations

import asyncio
import inspect
import threading

from lsprotocol import types
from pygls.workspace import Workspace

from kling_lsp.lsp import regions
from kling_lsp.lsp import server as server_module

URI = "file:///off-loop/a.kling"
TEXT = '# Harbour\nA fisherman looks up and says, "We sail at dawn.\n'


def a_server() -> server_module.KlingServer:
    ls = server_module.KlingServer()
    ls.protocol._workspace = Workspace(None)
    ls.workspace.put_text_document(types.TextDocumentItem(uri=URI, language_id="kling", version=1, text=TEXT))
    return ls


async def call(handler, ls, params):
    result = handler(ls, params)
    return await result if inspect.isawaitable(result) else result


def test_hover_on_a_document_never_analysed_runs_the_analysis_off_the_event_loop(monkeypatch):
    threads: list[int] = []
    real = regions.analyse

    def recording(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(regions, "analyse", recording)
    ls = a_server()
    params = types.HoverParams(text_document=types.TextDocumentIdentifier(uri=URI),
                               position=types.Position(line=1, character=3))

    async def run():
        await call(server_module.on_hover, ls, params)
        return threading.get_ident()

    loop_thread = asyncio.run(run())
    assert threads and loop_thread not in threads


def test_symbols_of_a_document_never_opened_are_refused_without_reading(tmp_path):
    ls = a_server()
    path = tmp_path / "on-disk.kling"
    path.write_text(TEXT, encoding="utf-8")
    params = types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()))
    try:
        asyncio.run(call(server_module.on_symbols, ls, params))
    except Exception as exc:
        assert "not open" in str(exc)
    else:
        raise AssertionError("symbols of a file the editor never sent were computed from disk")
    assert path.as_uri() not in ls.workspace.text_documents
