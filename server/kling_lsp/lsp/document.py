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

from ..core.text import LineIndex, covering_change, lsp_lines


class KlingDocument(TextDocument):
    _index: LineIndex | None = None
    generation = 0  # counts the edits applied; an analysis notes the generation of its text
    _edits: list[tuple[int, int, int, int]] | None = None  # (generation before, start, old end, new end)
    MAX_EDITS = 256  # an analysis further behind than this compares the texts instead

    def change_since(self, generation: int) -> tuple[int, int, int] | None:
        """The change from the text of `generation` to now, as (start, end then, end now); None
        when the edits since are not all known (a whole-text change, or too many)."""
        edits = self._edits or []
        for n, (before, *_) in enumerate(edits):
            if before == generation:
                return covering_change([edit[1:] for edit in edits[n:]])
        return None

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
        edits = self._edits if self._edits is not None else []
        edits.append((self.generation, start, end, start + len(change.text)))
        self._edits = edits[-self.MAX_EDITS:]
        self.generation += 1

    def _apply_full_change(self, change: types.TextDocumentContentChangeEvent) -> None:
        self._edits = None  # the whole text replaced: what changed is not known by offsets
        self.generation += 1
        super()._apply_full_change(change)


def use_kling_documents(workspace: Workspace) -> None:
    """Make `workspace` open KlingDocuments (pygls has no public hook for the document class)."""
    def create(self: Workspace, doc_uri: str, source: str | None = None, version: int | None = None,
               language_id: str | None = None) -> TextDocument:
        return KlingDocument(doc_uri, source=source, version=version, language_id=language_id,
                             sync_kind=self._sync_kind, position_codec=self._position_codec)

    workspace._create_text_document = MethodType(create, workspace)
