"""Clip headings: `## Name {duration=5 aspect=9:16}`."""

from __future__ import annotations

import re

from .findings import Finding, Severity
from .model import Attribute, Heading
from .settings import CLIP_KEYS, SettingError, parse_setting, suggest
from .spans import Span

RULE = "invalid-setting"
# The one definition of a heading, shared by the parser and the editor's region splitter: a
# line that starts with any number of blanks, one or more '#', then a space or a tab. What
# follows is the heading's text; any kind of space around the name (U+3000, U+00A0, a form
# feed...) is trimmed, never a reason to read the line as prompt text.
START = re.compile(r"[ \t]*#+[ \t]")
HEADING = re.compile(r"[ \t]*(#+)[ \t]\s*(\S.*?)?\s*")
# Searching from the line break lets the regex engine skip ahead to each "\n" at C speed.
_AFTER_NEWLINE = re.compile(r"\n[ \t]*#+[ \t]")
_AFTER_ANY_BREAK = re.compile(r"(?:^|(?<=\r))[ \t]*#+[ \t]", re.MULTILINE)
_TOKEN = re.compile(
    r"""(?P<key>[^\s=,{}"']+)[ \t]*=(?:[ \t]*(?P<value>"[^"]*"|'[^']*'|[^\s,"'{}=]++)(?![ \t]*=))?"""
    r"""|(?P<junk>[^\s,]+)"""
)


def is_heading(text: str, start: int, end: int) -> bool:
    """Whether the line text[start:end] is a heading."""
    return START.match(text, start, end) is not None


def heading_starts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets of the heading lines that start in text[start:end] (lines break at \\n, \\r\\n or
    a lone \\r, as in LSP); the slower pattern only for files that break lines with a lone CR."""
    end = len(text) if end is None else end
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return [m.start() for m in _AFTER_ANY_BREAK.finditer(text, start, end)]
    found = [m.start() + 1 for m in _AFTER_NEWLINE.finditer(text, max(0, start - 1), end)]
    at_line_start = start == 0 or text[start - 1] == "\n"
    if at_line_start and START.match(text, start, end) and (not found or found[0] != start):
        found.insert(0, start)
    return [f for f in found if f >= start]


def has_name(text: str, start: int, end: int) -> bool:
    """Whether the heading line text[start:end] names its clip (an unnamed clip is called by
    its position, "Clip 3"); a heading of only attributes names nothing."""
    match = HEADING.fullmatch(text, start, end)
    return match is not None and match.group(2) is not None and not match.group(2).startswith("{")


def parse_heading(text: str, line: Span) -> tuple[Heading, list[Finding]]:
    match = HEADING.fullmatch(text, line.start, line.end)
    assert match is not None
    level = len(match.group(1))
    findings: list[Finding] = []
    if match.group(2) is None:
        at = match.end(1)
        return Heading(line, level, "", Span(at, at), [], None), findings
    name_start, name_end = match.span(2)
    attributes: list[Attribute] = []
    block: Span | None = None
    if text[name_end - 1] == "}":
        open_at = text.rfind("{", name_start, name_end)
        if open_at != -1 and "}" not in text[open_at:name_end - 1]:
            block = Span(open_at, name_end)
            attributes = _parse_attributes(text, open_at + 1, name_end - 1, findings)
            name_end = open_at
            while name_end > name_start and text[name_end - 1] in " \t":
                name_end -= 1
    name = text[name_start:name_end]
    return Heading(line, level, name, Span(name_start, name_end), attributes, block), findings


def _parse_attributes(text: str, start: int, end: int, findings: list[Finding]) -> list[Attribute]:
    attributes: list[Attribute] = []
    seen: set[str] = set()
    for match in _TOKEN.finditer(text, start, end):
        if match.group("junk") is not None:
            span = Span(*match.span("junk"))
            findings.append(Finding(
                RULE, Severity.ERROR, span,
                f"cannot read {match.group('junk')!r} as an attribute; write key=value, "
                f"e.g. {{duration=5 aspect=9:16}}",
            ))
            continue
        key = match.group("key")
        key_span = Span(*match.span("key"))
        raw_value = match.group("value") or ""
        value_span = Span(*match.span("value")) if raw_value else Span(match.end(), match.end())
        if raw_value[:1] in "\"'" and len(raw_value) >= 2:
            raw_value = raw_value[1:-1]
        lowered = key.lower()
        if lowered not in CLIP_KEYS:
            findings.append(Finding(
                RULE, Severity.ERROR, key_span,
                f"unknown attribute {key!r}{suggest(lowered, CLIP_KEYS)}; "
                f"a heading takes {', '.join(CLIP_KEYS)}",
            ))
            continue
        if lowered in seen:
            findings.append(Finding(RULE, Severity.ERROR, key_span, f"{lowered!r} is given twice; the last one wins"))
        seen.add(lowered)
        value: object | None
        try:
            if not raw_value:
                raise SettingError("needs a value after '='")
            value = parse_setting(lowered, raw_value)
        except SettingError as exc:
            value = None
            findings.append(Finding(RULE, Severity.ERROR, value_span if raw_value else key_span, f"{lowered}: {exc}"))
        attributes.append(Attribute(lowered, key_span, raw_value, value_span, value))
    return attributes
