"""Diagnostics as plain JSON-ready data, cached per region.

A 1 MB storyboard has thousands of findings; turning them into lsprotocol objects and back
into JSON on every keystroke would cost more than the analysis. Each region converts its
findings once, with lines relative to the region, and keeps the absolute copy (and its JSON
text) for the line the region sits on; an edit above a region only shifts line numbers.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterator

from pygls.workspace.position_codec import PositionCodec

from .convert import diagnostic
from .regions import Analysis, Region

Plain = dict[str, Any]


class _Converted:
    """One region's diagnostics for one (encoding, uri, file suppressions)."""

    __slots__ = ("relative", "line", "absolute", "json")

    def __init__(self, relative: list[Plain]) -> None:
        self.relative = relative
        self.line = -1
        self.absolute: list[Plain] = []
        self.json = ""

    def at(self, line: int) -> _Converted:
        if line != self.line:
            self.line = line
            self.absolute = _shifted(self.relative, line) if line else self.relative
            self.json = json.dumps(self.absolute, separators=(",", ":"))[1:-1] if self.absolute else ""
        return self


def _shifted_range(span: Plain, by: int) -> Plain:
    start, end = span["start"], span["end"]
    return {"start": {"line": start["line"] + by, "character": start["character"]},
            "end": {"line": end["line"] + by, "character": end["character"]}}


def _shifted(diagnostics: list[Plain], by: int) -> list[Plain]:
    out = []
    for item in diagnostics:
        item = dict(item)
        item["range"] = _shifted_range(item["range"], by)
        related = item.get("relatedInformation")
        if related:
            item["relatedInformation"] = [
                {**r, "location": {**r["location"], "range": _shifted_range(r["location"]["range"], by)}}
                for r in related]
        out.append(item)
    return out


def _converted_all(analysis: Analysis, uri: str, codec: PositionCodec,
                   unstructure: Callable[[Any], Any]) -> Iterator[_Converted]:
    """Each region's converted diagnostics, placed at the region's line (regions with none skipped)."""
    silenced = analysis.file_suppressions
    keys = ((codec.encoding, uri, ()), (codec.encoding, uri, tuple(s.names for s in silenced)))
    for n, region in enumerate(analysis.regions):
        result = region.result
        if not result.findings:
            continue
        key = keys[1 if n else 0]
        found = result.converted.get(key)
        if found is None:
            at_top = Region(region.start, 0, result, region.clips_before)
            relative = [unstructure(diagnostic(at_top, f, codec, uri)) for f in result.findings
                        if not (n and any(s.silences(f.rule) for s in silenced))]
            found = _Converted(relative)
            result.converted.clear()  # one document, one encoding at a time: keep memory flat
            result.converted[key] = found
        yield found.at(region.line)


def diagnostics(analysis: Analysis, uri: str, codec: PositionCodec,
                unstructure: Callable[[Any], Any]) -> list[Plain]:
    """Every diagnostic of the document, as plain data."""
    found: list[Plain] = []
    for converted in _converted_all(analysis, uri, codec, unstructure):
        found.extend(converted.absolute)
    return found


def diagnostics_json(analysis: Analysis, uri: str, codec: PositionCodec,
                     unstructure: Callable[[Any], Any]) -> str:
    """The same diagnostics as a JSON array, joined from each region's cached text."""
    return "[" + ",".join([c.json for c in _converted_all(analysis, uri, codec, unstructure) if c.json]) + "]"
