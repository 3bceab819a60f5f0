"""Clip headings: `## Name {duration=5 aspect=9:16}`."""

from __future__ import annotations

import re

from .findings import Finding, Severity
from .model import Attribute, Heading
from .settings import CLIP_KEYS, SettingError, parse_setting, suggest
from .spans import Span

RULE = "invalid-setting"
HEADING = re.compile(r"[ \t]*(#+)[ \t]+(\S.*?)?[ \t]*")
_TOKEN = re.compile(
    r"""(?P<key>[^\s=,{}"']+)[ \t]*=(?:[ \t]*(?P<value>"[^"]*"|'[^']*'|[^\s,"'{}=]++)(?![ \t]*=))?"""
    r"""|(?P<junk>[^\s,]+)"""
)


def is_heading(text: str, start: int, end: int) -> bool:
    """Cheap test used while splitting a file into clips."""
    return HEADING.fullmatch(text, start, end) is not None


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
