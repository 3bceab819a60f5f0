"""`kling/storyboard`: the storyboard of an open document's latest text, for an editor's view.

Request params: `{"uri": ...}`. Result: `{"uri", "version", "html", "css", "clips"}`, where `html`
is the fragment `kling export --format html` puts in its page (the same renderer), with
`data-line` / `data-character` on what can be clicked, in the client's position encoding, and
`css` styles it in the editor's theme. The version is the document version it shows, so the
client can drop answers older than its text. Each region's part is kept until the region's
result, position or the file's suppressions change: a keystroke re-renders one clip.
"""

from __future__ import annotations

import asyncio
import posixpath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse
from weakref import ref

from pygls.exceptions import JsonRpcInvalidParams
from pygls.workspace.position_codec import PositionCodec

from ..core.config import Config
from ..core.spans import Span
from ..core.storyboard import EDITOR_CSS, Piece, clips_html, file_html, loose_findings_html
from .convert import region_range
from .regions import Analysis, Region

if TYPE_CHECKING:
    from .server import KlingServer

METHOD = "kling/storyboard"

# id(region result) -> (the result, weakly; what else the part depends on; the part). Results
# compare by value, so they cannot be dictionary keys themselves; an entry goes with its result.
_parts: dict[int, tuple[ref, tuple, str]] = {}


def _uri_of(params) -> str:
    uri = params.get("uri") if isinstance(params, dict) else getattr(params, "uri", None)
    if not isinstance(uri, str) or not uri:
        raise JsonRpcInvalidParams(f'{METHOD} takes {{"uri": <document uri>}}')
    return uri


def display_name(uri: str) -> str:
    """The file's name, as the view's heading shows it."""
    path = unquote(urlparse(uri).path)
    return posixpath.basename(path.rstrip("/")) or uri


def _piece(region: Region, analysis: Analysis, codec: PositionCodec) -> Piece:
    first = region is analysis.regions[0]
    silenced = analysis.file_suppressions
    findings = [f for f in region.result.findings if first or not any(s.silences(f.rule) for s in silenced)]

    def locate(offset: int) -> tuple[int, int]:
        start = region_range(region, Span(offset, offset), codec).start
        return start.line, start.character

    return Piece(region.result.document, findings, locate)


def _clips_part(region: Region, analysis: Analysis, codec: PositionCodec, config: Config) -> str:
    first = region is analysis.regions[0]
    key = (region.line, codec.encoding, first, tuple(s.names for s in analysis.file_suppressions))
    result = region.result
    known = _parts.get(id(result))
    if known is not None and known[0]() is result and known[1] == key:
        return known[2]
    part = clips_html(_piece(region, analysis, codec), config)
    number = id(result)
    _parts[number] = (ref(result, lambda _, number=number: _parts.pop(number, None)), key, part)
    return part


def render(uri: str, analysis: Analysis, config: Config, codec: PositionCodec) -> str:
    """The storyboard fragment of one analysed document."""
    head = analysis.regions[0].result.document
    parts = [loose_findings_html(_piece(analysis.regions[0], analysis, codec))]
    parts += [_clips_part(region, analysis, codec, config) for region in analysis.regions]
    return file_html(display_name(uri), head.title, parts, bool(analysis.clips()))


async def storyboard(ls: KlingServer, params) -> dict:
    """Answer a `kling/storyboard` request from the document's latest analysis."""
    uri = _uri_of(params)
    if uri not in ls.workspace.text_documents:
        raise JsonRpcInvalidParams(f"{METHOD}: {uri} is not open; open it in the editor first")
    task = ls.pending.get(uri)
    if task is not None:  # an analysis of a newer version is under way: use it rather than redo it
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            pass
    if uri not in ls.workspace.text_documents:  # closed meanwhile
        raise JsonRpcInvalidParams(f"{METHOD}: {uri} was closed")
    analysis, config = await ls.current(uri)
    version = ls.workspace.get_text_document(uri).version or 0
    html = render(uri, analysis, config, ls.codec())
    return {"uri": uri, "version": version, "html": html, "css": EDITOR_CSS, "clips": len(analysis.clips())}
