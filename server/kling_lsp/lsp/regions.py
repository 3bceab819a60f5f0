"""A document as independent regions, each re-analysed only when its own text changes.

A region is the text from one clip heading to the next (the first region also holds the
front matter and any text before the first heading). Regions are parsed on their own, so
their nodes carry offsets relative to the region; a region's results are cached by its
text, the file's clip defaults and the configuration, and reused when an edit elsewhere
moves it. Positions are shifted to the document only when they are sent.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock

from ..core.checker import check_clip, check_file_level
from ..core.config import Config
from ..core.findings import Finding
from ..core.model import Clip, Document, Suppression
from ..core.parser import parse
from ..core.settings import ClipSettings
from ..core.text import LineIndex

# a heading starts a line: '#'s then a blank (after \n, after a lone \r, or at the start)
HEADING_START = re.compile(r"(?:^|(?<=\r))[ \t]*#+[ \t]", re.MULTILINE)
_LINE_SPLIT = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def lsp_lines(text: str) -> list[str]:
    """Lines as LSP counts them (\\n, \\r\\n, \\r only), each with its line break."""
    lines = [m.group() for m in _LINE_SPLIT.finditer(text)]
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    return lines or [""]


@dataclass
class RegionResult:
    """Everything known about one region's text, in offsets relative to the region."""

    document: Document
    findings: list[Finding]
    lines: list[str] = field(default_factory=list)  # LSP lines, for the position codec
    converted: dict = field(default_factory=dict)  # cache of LSP objects per encoding

    @property
    def clip(self) -> Clip | None:
        return self.document.clips[0] if self.document.clips else None


@dataclass
class Region:
    start: int  # offset of the region in the document
    line: int  # line of the region's first character
    result: RegionResult


class RegionCache:
    """Results by (region text, defaults, config); bounded, shared by all open documents."""

    def __init__(self, size: int = 50_000) -> None:
        self.items: OrderedDict = OrderedDict()
        self.size = size
        self.lock = Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            if len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


@dataclass
class Analysis:
    """One version of one document."""

    text: str
    regions: list[Region]
    file_suppressions: list[Suppression]
    defaults: ClipSettings
    lines: LineIndex

    def findings(self) -> list[tuple[Region, Finding]]:
        found = []
        for region in self.regions:
            for finding in region.result.findings:
                if any(s.silences(finding.rule) for s in self.file_suppressions) and region is not self.regions[0]:
                    continue
                found.append((region, finding))
        return found

    def region_at(self, offset: int) -> Region:
        lo, hi = 0, len(self.regions) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.regions[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.regions[lo]

    def clips(self) -> list[tuple[Region, Clip]]:
        return [(r, r.result.clip) for r in self.regions if r.result.clip is not None]


def analyse(text: str, config: Config, cache: RegionCache) -> Analysis:
    lines = LineIndex(text)
    starts = [m.start() for m in HEADING_START.finditer(text)]
    # headings inside the front matter are YAML comments: the first region owns them
    first_region_end = len(text)
    preamble_doc = None
    candidates = [s for s in starts if s > 0] if starts and starts[0] == 0 else starts
    for cut in [s for s in candidates] + [len(text)]:
        preamble_doc = parse(text[:cut])
        front = preamble_doc.front_matter
        if front is None or front.span.end <= cut:
            first_region_end = cut
            break
    starts = [s for s in starts if s >= first_region_end]
    if not starts or starts[0] != first_region_end:
        starts = [first_region_end] + starts if first_region_end < len(text) else starts
    bounds = [0] + [s for s in starts if s > 0] + [len(text)]
    defaults = preamble_doc.defaults if preamble_doc is not None else ClipSettings()
    config_key = _config_key(config)

    regions: list[Region] = []
    for n in range(len(bounds) - 1):
        start, end = bounds[n], bounds[n + 1]
        if start == end and n > 0:
            continue
        source = text[start:end]
        key = (n == 0, source, defaults, config_key)
        result = cache.get(key)
        if result is None:
            if n == 0:
                document = preamble_doc if preamble_doc is not None and len(preamble_doc.text) == len(source) \
                    else parse(source)
                findings = check_file_level(document, config)
            else:
                document = parse(source, defaults)
                findings = []
            for clip in document.clips:
                findings.extend(check_clip(document, clip, config))
            findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
            result = RegionResult(document, findings, lsp_lines(source))
            cache.put(key, result)
        regions.append(Region(start, lines.line_of(start), result))
    if not regions:
        document = parse("")
        regions.append(Region(0, 0, RegionResult(document, [], [""])))
    file_suppressions = regions[0].result.document.suppressions
    return Analysis(text, regions, file_suppressions, defaults, lines)


def _config_key(config: Config):
    return (tuple(sorted((k, tuple(v) if isinstance(v, (list, tuple)) else v) for k, v in config.options.items())),
            tuple(sorted(config.rules.items())))
