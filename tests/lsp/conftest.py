"""pytest-lsp fixtures: the real server over stdio, driven by clients of several editors."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER = [sys.executable, "-m", "kling_lsp", "--stdio"]

# name -> capabilities; push/pull and position encodings differ between them
PROFILES = {
    "neovim-0.7 (push, utf-16)": lambda: client_capabilities("neovim@v0.7.0"),
    "vscode (pull + refresh, utf-16)": lambda: pulls_with_refresh(client_capabilities("visual-studio-code")),
    "neovim (pull, utf-8)": lambda: client_capabilities("neovim"),
    "emacs (push, utf-32)": lambda: client_capabilities("emacs"),
}


def pulls_with_refresh(caps: types.ClientCapabilities) -> types.ClientCapabilities:
    """What vscode-languageclient 9 declares on top of the recorded VS Code capabilities:
    diagnostics by pull, and workspace/diagnostic/refresh."""
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(dynamic_registration=True)
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return caps


def utf8_only(caps: types.ClientCapabilities) -> types.ClientCapabilities:
    caps.general = types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf8])
    return caps


class Session:
    """A client plus what the tests need to know about it."""

    def __init__(self, client: LanguageClient, result: types.InitializeResult, root: Path) -> None:
        self.client = client
        self.encoding = result.capabilities.position_encoding or types.PositionEncodingKind.Utf16
        self.pull = bool(client.capabilities.text_document and client.capabilities.text_document.diagnostic)
        self.root = root
        self.versions: dict[str, int] = {}

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    def open(self, name: str, text: str) -> str:
        uri = self.uri(name)
        (self.root / name).write_text(text, encoding="utf-8")
        self.versions[uri] = 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="kling", version=1, text=text)))
        return uri

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    def units(self, text: str) -> int:
        """Length of `text` in the negotiated position encoding."""
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(text.encode("utf-8"))
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(text)
        return len(text.encode("utf-16-le")) // 2

    def edit(self, uri: str, start: tuple[int, str], end: tuple[int, str], text: str) -> None:
        """An incremental change: replace from (line, text before the place on that line) to
        (line, text before the end) with `text`; the columns are counted in the session's units."""
        self.versions[uri] += 1
        span = types.Range(types.Position(start[0], self.units(start[1])), types.Position(end[0], self.units(end[1])))
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangePartial(range=span, text=text)]))

    async def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        """The diagnostics of the document's latest version, by pull or push."""
        if self.pull:
            report = await self.client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri)))
            return list(report.items)
        version = self.versions[uri]
        for _ in range(200):
            published = self.client.diagnostics.get(uri)
            if published is not None and self.client.diagnostics_version(uri) == version:
                return list(published)
            await asyncio.sleep(0.05)
        raise AssertionError(f"no diagnostics for version {version} of {uri}")


def _diagnostics_version(self: LanguageClient, uri: str):
    return getattr(self, "_kling_versions", {}).get(uri)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=list(PROFILES))
async def client(lsp_client: LanguageClient, request, workspace: Path):
    caps = PROFILES[request.param]()
    versions: dict[str, int | None] = {}

    def record(params: types.PublishDiagnosticsParams) -> None:
        versions[params.uri] = params.version
        lsp_client.diagnostics[params.uri] = params.diagnostics
        published.append(params)

    published: list[types.PublishDiagnosticsParams] = []
    lsp_client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record  # keep versions too
    registrations: list = []
    lsp_client.protocol.fm.features[types.CLIENT_REGISTER_CAPABILITY] = lambda params: registrations.append(params)
    refreshes: list = []
    lsp_client.protocol.fm.features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = lambda params: refreshes.append(params)
    lsp_client.refreshes = refreshes
    lsp_client.registrations = registrations
    lsp_client._kling_versions = versions
    lsp_client.published = published
    LanguageClient.diagnostics_version = _diagnostics_version
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=caps, root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="project")]))
    lsp_client.kling_session = Session(lsp_client, result, workspace)
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def session(client: LanguageClient) -> Session:
    """pytest-lsp hands the client to tests; our session rides on it."""
    return client.kling_session
