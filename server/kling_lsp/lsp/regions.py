"""A document as independent regions, each re-analysed only when its own text changes.

A region is the text from one clip heading to the next (the first region also holds the
front matter and any text before the first heading). Regions are parsed on their own, so
their nodes carry offsets relative to the region; a region's results are cached by its
text, the file's clip defaults and the configuration, and reused when an edit elsewhere
moves it. Positions are shifted to the document only when they are sent.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock

from ..core import language
from ..core.checker import check_clip, check_file_level
from ..core.config import Config
from ..core.findings import Finding
from ..core.model import Clip, Document, Suppression
from ..core.parser import parse
from ..core.settings import ClipSettings
from ..core.frontmatter import body_line
from ..core.headings import has_name, heading_starts
from ..core.gcpause import collector_paused
from ..core.spans import Span
from ..core.text import LineIndex, lsp_lines, newline_style

@dataclass
class RegionResult:
    """Everything known about one region's text, in offsets relative to the region."""

    document: Document
    findings: list[Finding]
    lines: list[str] = field(default_factory=list)  # LSP lines, for the position codec
    converted: dict = field(default_factory=dict)  # cache of LSP objects per encoding
    unjudged: bool = False  # a line's language waited for the model: check again once it is there

    @property
    def clip(self) -> Clip | None:
        return self.document.clips[0] if self.document.clips else None


@dataclass(slots=True)
class Region:
    start: int  # offset of the region in the document
    line: int  # line of the region's first character
    result: RegionResult
    clips_before: int = 0  # clips in the regions before this one


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

    def forget_unjudged(self) -> int:
        """Drop the results that a line's language was missing from; how many were dropped."""
        with self.lock:
            stale = [key for key, result in self.items.items() if result.unjudged]
            for key in stale:
                del self.items[key]
            return len(stale)


@dataclass
class Analysis:
    """One version of one document."""

    text: str
    regions: list[Region]
    file_suppressions: list[Suppression]
    defaults: ClipSettings
    lines: LineIndex
    config_key: tuple = ()
    last_unnamed: int = -1  # index of the last region whose clip has no name (its title counts clips)
    newline: str = "\n"  # the file's line break, which fixes insert

    def findings(self, first: int = 0, last: int | None = None) -> list[tuple[Region, Finding]]:
        """Findings of the regions first..last (all by default) that the file does not silence."""
        last = len(self.regions) - 1 if last is None else last
        silenced = self.file_suppressions
        found = []
        for n in range(max(0, first), min(last, len(self.regions) - 1) + 1):
            region = self.regions[n]
            for finding in region.result.findings:
                if n and silenced and any(s.silences(finding.rule) for s in silenced):
                    continue
                found.append((region, finding))
        return found

    def regions_between(self, start_line: int, end_line: int) -> tuple[int, int]:
        """Indices of the first and last regions that lines start_line..end_line touch."""
        def index_of(line: int) -> int:
            return max(0, bisect_right(self.regions, line, key=_region_line) - 1)
        return index_of(start_line), index_of(end_line)

    def region_at(self, offset: int) -> Region:
        return self.regions[self.region_index(offset)]

    def region_index(self, offset: int) -> int:
        """Index of the region that holds `offset` (binary search: regions are in order)."""
        return max(0, bisect_right(self.regions, offset, key=_region_start) - 1)

    def clips(self) -> list[tuple[Region, Clip]]:
        return [(r, r.result.clip) for r in self.regions if r.result.clip is not None]


def _body_start(text: str, lines: LineIndex | None = None) -> int:
    """Offset where the front matter (if any) ends, where the parser puts it: headings before
    it are YAML comments."""
    if not text.lstrip("\ufeff").startswith("---"):
        return 0
    lines = lines or LineIndex(text)
    spans = [Span(lines.starts[i], lines.line_end(i)) for i in range(lines.line_count)]
    if text.startswith("\ufeff"):
        spans[0] = Span(1, spans[0].end)
    next_line = body_line(text, spans, 0)
    return lines.starts[next_line] if next_line < lines.line_count else len(text)


def _unnamed(source: str) -> bool:
    """A heading with no name: its clip is called by its position ("Clip 3")."""
    end = next((i for i, c in enumerate(source) if c in "\r\n"), len(source))
    return not has_name(source, 0, end)


def analyse(text: str, config: Config, cache: RegionCache, previous: Analysis | None = None,
            lines: LineIndex | None = None, change: tuple[int, int, int] | None = None) -> Analysis:
    """Analyse `text`; with the analysis of the text before an edit, only the regions the edit
    touched are split and looked up again, the others are reused where they moved to.
    `lines`, when given, is the line index of `text`, and `change` what changed since
    `previous` as (start, end before, end now); the open document keeps both, which spares
    comparing the two texts."""
    if lines is not None and lines.text is not text:
        lines = None
    if previous is not None:
        result = _reanalyse(text, config, cache, previous, lines, change)
        if result is not None:
            return result
    return _analyse(text, config, cache, lines)


_CHUNK = 4096


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i:i + _CHUNK] == b[i:i + _CHUNK]:
        i += _CHUNK
    i = min(i, n)
    while i > 0 and a[:i] != b[:i]:  # the first chunk that differs: find the exact place
        i -= 1
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix(a: str, b: str, limit: int) -> int:
    n = min(len(a), len(b), limit)
    i = 0
    while i < n and a[len(a) - i - _CHUNK:len(a) - i] == b[len(b) - i - _CHUNK:len(b) - i] and i + _CHUNK <= n:
        i += _CHUNK
    while i < n and a[len(a) - i - 1] == b[len(b) - i - 1]:
        i += 1
    return i


def _reanalyse(text: str, config: Config, cache: RegionCache, previous: Analysis,
               lines: LineIndex | None, change: tuple[int, int, int] | None = None) -> Analysis | None:
    old = previous.text
    regions = previous.regions
    config_key = _config_key(config)
    if config_key != previous.config_key or len(regions) < 3:
        return None
    if change is not None and len(text) - change[2] == len(old) - change[1]:
        prefix, old_end, new_end = change
    else:
        prefix = _common_prefix(old, text)
        suffix = _common_suffix(old, text, min(len(old), len(text)) - prefix)
        old_end = len(old) - suffix  # the changed part is old[prefix:old_end], text[prefix:new_end]
        new_end = len(text) - suffix
    delta = len(text) - len(old)
    if text.lstrip("\ufeff").startswith("---") and any(
            fence in part for fence in ("---", "...")
            for part in (text[max(0, prefix - 3):new_end + 3], old[max(0, prefix - 3):old_end + 3])):
        return None  # a fence typed or removed may close the front matter lower down: start over
    # the first region the edit touches, and one before it (its heading may have gone)
    first = previous.region_index(prefix)
    if first - 1 <= 0:
        return None  # the front matter or the text before the first heading: start over
    keep = first - 1
    after = bisect_right(regions, old_end, key=_region_start)  # the first region wholly after the edit
    start = regions[keep].start
    stop_new = regions[after].start + delta if after < len(regions) else len(text)
    if stop_new < start:
        return None
    if previous.last_unnamed >= after:
        return None  # an unnamed clip's title counts clips: recount from scratch
    newline = newline_style(text)
    if newline != previous.newline:
        return None  # fixes in every clip insert the file's line break
    if lines is None:
        lines = previous.lines.edited(text, prefix, old_end, new_end)
    defaults = previous.defaults
    starts = heading_starts(text, start, stop_new)
    if not starts or starts[0] != start:
        return None  # the region before the edit lost its heading: start over
    bounds = starts + [stop_new]
    clip_index = regions[keep].clips_before
    last_unnamed = previous.last_unnamed if previous.last_unnamed < keep else -1
    middle: list[Region] = []
    for n in range(len(bounds) - 1):
        source = text[bounds[n]:bounds[n + 1]]
        result = _clip_region(source, defaults, config, config_key, clip_index, cache, newline)
        region = Region(bounds[n], lines.line_of(bounds[n]), result, clip_index)
        if _unnamed_region(region):
            last_unnamed = keep + n
        clip_index += len(result.document.clips)
        middle.append(region)
    moved: list[Region] = regions[after:]
    if moved:
        line_shift = lines.line_of(stop_new) - moved[0].line
        clip_shift = clip_index - moved[0].clips_before
        if delta or line_shift or clip_shift:
            moved = [Region(r.start + delta, r.line + line_shift, r.result, r.clips_before + clip_shift)
                     for r in moved]
    return Analysis(text, regions[:keep] + middle + moved, previous.file_suppressions, defaults, lines,
                    config_key, last_unnamed, newline)


def analyse_head(text: str, config: Config, cache: RegionCache, characters: int) -> Analysis:
    """The analysis of the clips in about the first `characters` of `text`, the same as the
    whole analysis gives them (and cached for it): a long file's first findings arrive in
    milliseconds, not after every clip has been checked."""
    start = max(min(characters, len(text)), _body_start(text))
    cut = next(iter(heading_starts(text, start)), len(text))
    return _analyse(text[:cut], config, cache)


def _region_start(region: Region) -> int:
    return region.start


def _region_line(region: Region) -> int:
    return region.line


def _unnamed_region(region: Region) -> bool:
    clip = region.result.clip
    return clip is not None and clip.heading is not None and not clip.heading.name


def _analyse(text: str, config: Config, cache: RegionCache, lines: LineIndex | None = None) -> Analysis:
    with collector_paused(len(text)):
        return _analyse_all(text, config, cache, lines)


def _analyse_all(text: str, config: Config, cache: RegionCache, lines: LineIndex | None) -> Analysis:
    lines = lines or LineIndex(text)
    body = _body_start(text, lines)
    starts = heading_starts(text, body)
    bounds = [0] + [s for s in starts if s > 0] + [len(text)]
    config_key = _config_key(config)
    more = len(bounds) > 2  # a headingless first clip is not the file's only one
    newline = newline_style(text)
    first_key = (True, text[:bounds[1]], more, newline, config_key)
    first_result = cache.get(first_key)  # the front matter's defaults come with it
    defaults = first_result.document.defaults if first_result is not None else parse(text[:bounds[1]]).defaults

    regions: list[Region] = []
    clip_index = 0
    last_unnamed = -1
    for n in range(len(bounds) - 1):
        start, end = bounds[n], bounds[n + 1]
        if start == end and n > 0:
            continue
        source = text[start:end]
        if n == 0:
            result = first_result
            if result is None:
                document = parse(source, more_clips_follow=more, newline=newline)
                result = _checked(document, source, check_file_level(document, config), config)
                cache.put(first_key, result)
        else:
            result = _clip_region(source, defaults, config, config_key, clip_index, cache, newline)
        region = Region(start, lines.line_of(start), result, clip_index)
        if _unnamed_region(region):
            last_unnamed = len(regions)
        clip_index += len(result.document.clips)
        regions.append(region)
    file_suppressions = regions[0].result.document.suppressions
    return Analysis(text, regions, file_suppressions, defaults, lines, config_key, last_unnamed, newline)


def _checked(document: Document, source: str, findings: list[Finding], config: Config) -> RegionResult:
    language.reset_unjudged()
    for clip in document.clips:
        findings.extend(check_clip(document, clip, config))
    findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
    return RegionResult(document, findings, lsp_lines(source), unjudged=language.unjudged_since_reset())


def _clip_region(source: str, defaults: ClipSettings, config: Config, config_key: tuple, clip_index: int,
                 cache: RegionCache, newline: str) -> RegionResult:
    """The analysis of a region that starts at a heading, from the cache when its text, the file's
    defaults and the configuration are the same (and, for an unnamed clip, its position)."""
    key = (False, source, defaults, config_key, clip_index if _unnamed(source) else None, newline)
    result = cache.get(key)
    if result is None:
        result = _checked(parse(source, defaults, clip_index, newline=newline), source, [], config)
        cache.put(key, result)
    return result


def _config_key(config: Config):
    return (tuple(sorted((k, tuple(v) if isinstance(v, (list, tuple)) else v) for k, v in config.options.items())),
            tuple(sorted(config.rules.items())))
