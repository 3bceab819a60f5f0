"""The open document's text, kept in sync with the editor's incremental edits.

pygls's TextDocument splits the text with `str.splitlines`, which also breaks lines at form
feeds, U+2028 and other characters that LSP does not count as line breaks; an edit after
such a character lands on the wrong line and the server's copy drifts from the editor's.
It also rebuilds the whole text line by line for each keystroke. This document counts lines
as LSP does (\\n, \\r\\n, \\r) and applies an edit by offsets from a line index that is
updated, not rebuilt.
"""

from __future__ import annotations

from types import MethodType
from typing import Sequence

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

from ..core.text import LineIndex, lsp_lines


class KlingDocument(TextDocument):
    _index: LineIndex | None = None

    @property
    def lines(self) -> Sequence[str]:
        return tuple(lsp_lines(self.source))

    def line_index(self) -> LineIndex:
        """The line index of the current text (built once, then updated by each edit)."""
        text = self.source
        if self._index is None or self._index.text is not text:
            self._index = LineIndex(text)
        return self._index

    def current_line_index(self) -> LineIndex | None:
        """The line index if one is up to date, without building one (that is the worker's job)."""
        index = self._index
        return index if index is not None and index.text is self.source else None

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        index = self.line_index()
        encoding = self.position_codec.encoding
        encoding = getattr(encoding, "value", encoding)  # an lsprotocol enum or its string
        span = change.range
        start = index.offset(span.start.line, span.start.character, encoding)
        end = max(start, index.offset(span.end.line, span.end.character, encoding))
        text = index.text
        new = text[:start] + change.text + text[end:]
        self._index = index.edited(new, start, end, start + len(change.text))
        self._source = new


def use_kling_documents(workspace: Workspace) -> None:
    """Make `workspace` open KlingDocuments (pygls has no public hook for the document class)."""
    def create(self: Workspace, doc_uri: str, source: str | None = None, version: int | None = None,
               language_id: str | None = None) -> TextDocument:
        return KlingDocument(doc_uri, source=source, version=version, language_id=language_id,
                             sync_kind=self._sync_kind, position_codec=self._position_codec)

    workspace._create_text_document = MethodType(create, workspace)
