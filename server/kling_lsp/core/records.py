"""The fields beside a line in a JSON- or YAML-shaped prompt.

Prompts pasted from tools are records: `{"speaker": "Mara", "line": "…", "delivery": "low, even"}`
or a YAML list item `- speaker: Mara` / `  line: "…"` / `  tone: weary`. The fields of one record
share the column where their keys start; a line at a smaller column, a blank line or a new list
item ends the record. A line's speaker and style are then the values of its sibling fields.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .spans import Span

# `"key": "value"`, `key: value`, `- key: value`; the value's quotes are optional
_FIELD = re.compile(
    r"(?P<indent>[ \t]*)(?P<item>-[ \t]+)?(?:\"(?P<qkey>[^\"\n]{1,40})\"|(?P<key>[A-Za-z_][\w \t-]{0,38}?))[ \t]*:[ \t]*"
    r"(?:\"(?P<qvalue>(?:[^\"\\\n]|\\.)*)\"|(?P<value>[^\s\"{\[][^\n]*?))?[ \t]*,?[ \t]*$")
_PAIR = re.compile(r"\"(?P<key>[^\"\n]{1,40})\"[ \t]*:[ \t]*\"(?P<value>(?:[^\"\\\n]|\\.)*)\"")
_REACH = 12
_OBJECT_CHARS = 2000  # a one-line object is short: a bounded look keeps a long line linear  # lines looked at each way: records are short, and the walk stays linear
_STYLE_WORDS = frozenset({"delivery", "tone", "voice", "vocal", "emotion", "manner", "intonation", "inflection",
                          "performance", "cadence", "accent", "mood", "attitude"})
_SPEAKER_WORDS = frozenset({"speaker", "character", "who", "actor", "talent", "person", "role", "by"})
_CJK_STYLE_KEYS = ("\u8bed\u6c14", "\u8bed\u8c03", "\u60c5\u7eea", "\u53e3\u543b", "\u8a9e\u6c17", "\u53e3\u8abf")


@dataclass(frozen=True, slots=True)
class Field:
    column: int  # where the key starts on its line
    item: bool  # the line opens a list item (`- key: value`)
    key: str
    value: Span | None  # the value's words, without its quotes
    line: Span  # the line it stands on


def read_field(text: str, line: Span) -> Field | None:
    m = _FIELD.match(text, line.start, line.end)
    if m is None or m.end() != line.end:
        return None
    key = m.group("qkey") if m.group("qkey") is not None else m.group("key")
    group = "qvalue" if m.group("qvalue") is not None else "value" if m.group("value") is not None else None
    value = Span(m.start(group), m.end(group)) if group else None
    column = m.start("qkey") - 1 if m.group("qkey") is not None else m.start("key")
    return Field(column - line.start, m.group("item") is not None, key.strip(), value, line)


class Records:
    """Sibling fields of a clip's lines (`lines`: the clip's lines in order)."""

    def __init__(self, text: str, lines: list[Span]) -> None:
        self.text = text
        self.lines = lines
        self.starts = [line.start for line in lines]
        self.claimed: set[int] = set()  # starts of lines that are fields of a line's record

    def claim(self, at: int) -> None:
        """The record of the line at `at` is that line's: its fields say nothing about the clip."""
        for field in self.siblings(at):
            self.claimed.add(field.line.start)

    def siblings(self, at: int) -> list[Field]:
        """The other fields of the record holding the value at offset `at`: on the same line inside
        the same braces (`{"speaker": "Mara", "line": "…"}`), or on the lines around it."""
        n = bisect_right(self.starts, at) - 1
        if n < 0 or at > self.lines[n].end:
            return []
        inline = self._inline(self.lines[n], at)
        if inline is not None:
            return inline
        own = read_field(self.text, self.lines[n])
        if own is None:
            return []
        found: list[Field] = []
        if not own.item:
            for k in range(n - 1, max(-1, n - 1 - _REACH), -1):
                field = self._sibling(k, own.column)
                if field is None:
                    break
                found.append(field)
                if field.item:
                    break  # the first field of this list item
        for k in range(n + 1, min(len(self.lines), n + 1 + _REACH)):
            field = self._sibling(k, own.column)
            if field is None or field.item:
                break
            found.append(field)
        return found

    def _inline(self, line: Span, at: int) -> list[Field] | None:
        """The other pairs of a one-line object around `at`, or None when `at` is in no such object."""
        text = self.text
        opening = text.rfind("{", max(line.start, at - _OBJECT_CHARS), at)
        closing = text.find("}", at, min(line.end, at + _OBJECT_CHARS))
        if opening < 0 or closing < 0 or "{" in text[opening + 1:at] or "}" in text[at:closing]:
            return None
        pairs = []
        for m in _PAIR.finditer(text, opening + 1, closing):
            if m.start("value") - 1 <= at < m.end("value") + 1:
                continue  # the line's own field
            pairs.append(Field(m.start() - line.start, False, m.group("key"), Span(m.start("value"), m.end("value")),
                               line))
        return pairs

    def _sibling(self, k: int, column: int) -> Field | None:
        line = self.lines[k]
        if not self.text[line.start:line.end].strip():
            return None
        field = read_field(self.text, line)
        return field if field is not None and field.column == column else None

    def style_of(self, at: int) -> Span | None:
        """A sibling field that says how the line is spoken (`"delivery": "…"`, `tone: weary`)."""
        return self._value(at, _STYLE_WORDS, _CJK_STYLE_KEYS)

    def speaker_of(self, at: int) -> Span | None:
        """A sibling field that names who speaks (`"speaker": "Mara"`, `character: the host`)."""
        return self._value(at, _SPEAKER_WORDS, ())

    def _value(self, at: int, words: frozenset[str], cjk: tuple[str, ...]) -> Span | None:
        for field in self.siblings(at):
            if field.value is None or not self.text[field.value.start:field.value.end].strip():
                continue
            parts = re.split(r"[\s_-]+", field.key.lower())
            if any(p in words for p in parts) or any(c in field.key for c in cjk):
                return field.value
        return None
