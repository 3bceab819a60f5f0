"""Front matter: optional YAML between `---` lines at the very top of a file.

YAML is composed, not loaded: every key keeps its exact place, and values are read as the
text the writer typed. That sidesteps YAML 1.1 surprises (`aspect: 16:9` is the integer 969,
`sound: off` is False, `language: no` is False) and lets one table validate both front
matter and heading attributes.
"""

from __future__ import annotations

import re

import yaml

from .findings import Finding, Severity
from .model import FrontMatter, FrontMatterEntry
from .settings import PARSERS, SettingError, parse_setting, suggest
from .spans import Span

RULE = "invalid-front-matter"  # the block cannot be read
SETTING_RULE = "invalid-setting"  # a key or value in it is not one Kling takes
_FENCE = re.compile(r"---[ \t]*")
_END_FENCE = re.compile(r"(?:---|\.\.\.)[ \t]*")
_KEY_LINE = re.compile(r"[ \t]*(?:[\w-]+[ \t]*:.*|)")  # a "# ..." line may be a clip heading


def _error(span: Span, message: str, rule: str = RULE) -> Finding:
    return Finding(rule, Severity.ERROR, span, message)


def parse_front_matter(
    text: str, lines: list[Span], first: int
) -> tuple[FrontMatter | None, list[Finding], int]:
    """Read front matter starting at line `first` (0, or after a BOM on line 0).

    Returns the front matter (None when the file has none), its findings, and the index of
    the first line after it.
    """
    start = _opening(text, lines, first)
    if start is None:
        return None, [], first

    findings: list[Finding] = []
    opening = lines[first]
    closing = _closing(text, lines, first)
    if closing is None:
        closing = _end_of_unclosed(text, lines, first)
        findings.append(_error(Span(start, opening.end), "front matter opened here is never closed with a '---' line"))
        body_end = lines[closing - 1].end if closing - 1 > first else opening.end
        content_start = lines[first + 1].start if first + 1 < len(lines) else opening.end
        span = Span(start, body_end)
        next_line = closing
        closed = False
    else:
        content_start = lines[first + 1].start
        body_end = lines[closing].start
        span = Span(start, lines[closing].end)
        next_line = closing + 1
        closed = True

    source = text[content_start:max(content_start, body_end)]
    entries, values = _read_yaml(source, content_start, span, findings)
    return FrontMatter(span, entries, values, closed), findings, next_line


def body_line(text: str, lines: list[Span], first: int) -> int:
    """Index of the first line after the front matter that opens at line `first` (`first`
    itself when there is none): the same place `parse_front_matter` gives, without reading
    the YAML, so the editor can split a file into clips where the parser does."""
    if _opening(text, lines, first) is None:
        return first
    closing = _closing(text, lines, first)
    return closing + 1 if closing is not None else _end_of_unclosed(text, lines, first)


def _opening(text: str, lines: list[Span], first: int) -> int | None:
    """Offset of the opening fence on line `first` (after a BOM), or None if there is none."""
    if first >= len(lines):
        return None
    opening = lines[first]
    start = opening.start + (1 if text.startswith("\ufeff", opening.start) else 0)
    return start if _FENCE.fullmatch(text, start, opening.end) else None


def _closing(text: str, lines: list[Span], first: int) -> int | None:
    for index in range(first + 1, len(lines)):
        line = lines[index]
        if _END_FENCE.fullmatch(text, line.start, line.end):
            return index
    return None


def _end_of_unclosed(text: str, lines: list[Span], first: int) -> int:
    """Never closed: the block is the lines that look like `key: value`, up to the first blank
    line, so a stray `---` cannot swallow the prompt below it."""
    closing = first + 1
    while closing < len(lines) and _KEY_LINE.fullmatch(text, lines[closing].start, lines[closing].end):
        if lines[closing].start == lines[closing].end and closing > first + 1:
            break
        closing += 1
    return closing


def _read_yaml(source: str, base: int, whole: Span, findings: list[Finding]):
    entries: list[FrontMatterEntry] = []
    values: dict[str, object] = {}
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = base + (mark.index if mark is not None else 0)
        at = min(at, whole.end)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        findings.append(_error(Span(at, min(at + 1, whole.end)), f"front matter is not valid YAML: {problem}"))
        return entries, values
    except Exception as exc:  # YAML reader errors, deep nesting: report, never raise
        findings.append(_error(whole, f"front matter cannot be read: {type(exc).__name__}"))
        return entries, values
    if root is None:
        return entries, values
    if not isinstance(root, yaml.MappingNode):
        findings.append(_error(_node_span(root, base), "front matter must be a list of 'key: value' lines"))
        return entries, values

    seen: set[str] = set()
    for key_node, value_node in root.value:
        key_span = _node_span(key_node, base)
        if not isinstance(key_node, yaml.ScalarNode):
            findings.append(_error(key_span, "front matter keys must be plain words", SETTING_RULE))
            continue
        key = str(key_node.value).strip().lower()
        value_span = _node_span(value_node, base)
        if key not in PARSERS:
            findings.append(_error(
                key_span,
                f"unknown front matter key {key!r}{suggest(key, tuple(PARSERS))}; "
                f"known keys: {', '.join(PARSERS)}",
                SETTING_RULE,
            ))
            continue
        if key in seen:
            findings.append(_error(key_span, f"{key!r} is set twice in the front matter; the last one wins", SETTING_RULE))
        seen.add(key)
        if not isinstance(value_node, yaml.ScalarNode):
            findings.append(_error(value_span, f"{key!r} takes a single value, not a list or table", SETTING_RULE))
            continue
        raw = str(value_node.value)
        entries.append(FrontMatterEntry(key, key_span, raw, value_span))
        try:
            values[key] = parse_setting(key, raw)
        except SettingError as exc:
            findings.append(_error(value_span if raw else key_span, f"{key}: {exc}", SETTING_RULE))
    return entries, values


def _node_span(node: yaml.Node, base: int) -> Span:
    start = base + node.start_mark.index
    end = base + node.end_mark.index
    return Span(start, max(start, end))
