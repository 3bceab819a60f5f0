"""Finding quoted text on a line, telling quotes from apostrophes.

Quotes never span lines: a quote still open at the end of its line ends there, so one
missing mark cannot swallow the rest of a file. Only quote characters are visited (one
regex scan per line), never every character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTE_CHARS = re.compile("[\"'\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f\u00ab\u00bb]")

# family -> (openers, closers); straight marks are both
FAMILY = {
    '"': "double", "\u201c": "double", "\u201d": "double",
    "'": "single", "\u2018": "single", "\u2019": "single",
    "\u300c": "corner", "\u300d": "corner",
    "\u300e": "white-corner", "\u300f": "white-corner",
    "\u00ab": "guillemet", "\u00bb": "guillemet",
}
OPENERS = {'"', "\u201c", "'", "\u2018", "\u300c", "\u300e", "\u00ab"}
CLOSERS = {
    "double": {'"', "\u201d"},
    "single": {"'", "\u2019"},
    "corner": {"\u300d"},
    "white-corner": {"\u300f"},
    "guillemet": {"\u00bb"},
}
CLOSER_FOR = {'"': '"', "\u201c": "\u201d", "\u201d": "\u201d", "'": "'", "\u2018": "\u2019",
              "\u300c": "\u300d", "\u300e": "\u300f", "\u00ab": "\u00bb"}
_OPEN_CONTEXT = set(" \t([{\u2014\u2013-/:;,\u3000\uff08\uff1a") | set("\u201c\"")
TERMINATORS = ".!?\u2026\u3002\uff01\uff1f"
_ELISION = re.compile(r"(?:\d0s|\d\d\b|em\b|cause\b|til\b|tis\b|twas\b|round\b|bout\b|n\b|s\b)", re.IGNORECASE)


@dataclass(slots=True)
class RawQuote:
    start: int  # the opening mark
    end: int  # after the closing mark, or where the unclosed quote was cut
    inner_start: int
    inner_end: int
    open_mark: str
    close_mark: str  # "" when unclosed
    closed: bool
    reopened: bool = False  # unclosed because another quote of its kind opened

    @property
    def expected_close(self) -> str:
        return CLOSER_FOR[self.open_mark]


_CJK_CHARS = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _alnum(ch: str) -> bool:
    """A letter or digit that a quote mark can stick to, as in English words. Chinese and
    Japanese are written without blanks, so their characters never make a mark an apostrophe
    or keep it from opening: `大油泡"啪啪"炸开` holds one quote."""
    return ch.isalnum() and not _CJK_CHARS.match(ch)


# a line of JSON holding one string, as a field or a list item: `"key": "…",` / `"…",`; only its
# straight marks delimit, so curly marks inside the string are characters of its words
_JSON_STRING_LINE = re.compile(
    r'[ \t]*(?:(?P<key>"(?:[^"\\\n]|\\.)*")[ \t]*:[ \t]*)?(?P<value>"(?:[^"\\\n]|\\.)*")[ \t]*,?[ \t]*')


def scan_line(text: str, start: int, end: int) -> list[RawQuote]:
    """All quotes on text[start:end], closed or not, in order."""
    json_line = _JSON_STRING_LINE.fullmatch(text, start, end)
    if json_line is not None and (json_line["key"] or text[start:end].rstrip().endswith(",")):
        return [RawQuote(a, b, a + 1, b - 1, '"', '"', True)
                for a, b in (json_line.span("key"), json_line.span("value")) if a >= 0]
    marks = [(m.start(), m.group()) for m in QUOTE_CHARS.finditer(text, start, end)
             if not _escaped(text, m.start(), start)]
    if not marks:
        return []
    quotes: list[RawQuote] = []
    open_at = -1
    open_mark = ""
    count = len(marks)

    def prev_char(i: int) -> str:
        return text[i - 1] if i > start else ""

    def next_char(i: int) -> str:
        return text[i + 1] if i + 1 < end else ""

    def is_apostrophe(i: int) -> bool:
        p, n = prev_char(i), next_char(i)
        if p and n and _alnum(p) and _alnum(n):
            return True  # don't, I’m, What'll
        if (not p or p in _OPEN_CONTEXT or not _alnum(p) and p not in "'\u2019") and _ELISION.match(text, i + 1, end):
            return True  # 'em, 'cause, '90s, also after other marks: ‹'90s›
        if p and not p.isspace() and n and n in "sS" and (i + 2 >= end or not _alnum(text[i + 2])):
            return True  # [Cellist]'s, the 1990's
        if i - 2 >= start and text[i - 1] in "nN" and text[i - 2] in "'\u2019":
            return True  # rock 'n' roll
        return False

    def opens(i: int) -> bool:
        p, n = prev_char(i), next_char(i)
        return (not p or p in _OPEN_CONTEXT or not _alnum(p) and p not in TERMINATORS) and bool(n) and not n.isspace()

    def closes(i: int) -> bool:
        p, n = prev_char(i), next_char(i)
        return bool(p) and not p.isspace() and (not n or not _alnum(n))

    def later_closer(k: int, family: str) -> bool:
        for j in range(k + 1, count):
            pos, ch = marks[j]
            if ch in CLOSERS[family] and closes(pos) and not is_apostrophe(pos):
                return True
        return False

    k = 0
    while k < count:
        i, ch = marks[k]
        family = FAMILY[ch]
        if open_at < 0:
            if family == "single" and is_apostrophe(i):
                pass
            elif ch in OPENERS and (family != "single" or opens(i)):
                if family == "double" and ch == '"' and not opens(i) and not later_closer(k, family):
                    pass  # a lone straight mark after a word: inches, a stray
                else:
                    open_at, open_mark = i, ch
            elif ch == "\u201d" and opens(i) and later_closer(k, family):
                open_at, open_mark = i, ch  # ”sloppy” pairs written with closers only
            k += 1
            continue
        open_family = FAMILY[open_mark]
        if family != open_family:
            k += 1
            continue  # a quote of another kind nested inside: part of the words
        if open_family == "single":
            if is_apostrophe(i):
                k += 1
                continue
            if ch in CLOSERS["single"] and closes(i):
                p = prev_char(i)
                before = text[max(start, i - 2):i].lower()
                if (p in "sS" or before == "in") and later_closer(k, family):
                    k += 1
                    continue  # the dogs' bowls, swingin’ — a later mark closes
                quotes.append(RawQuote(open_at, i + 1, open_at + 1, i, open_mark, ch, True))
                open_at = -1
            elif ch in OPENERS and opens(i):
                quotes.append(_cut(text, open_at, open_mark, i, start))
                open_at, open_mark = i, ch
            k += 1
            continue
        # double, corner, guillemet
        if ch in CLOSERS[open_family]:
            if ch == '"' and not closes(i) and opens(i):
                quotes.append(_cut(text, open_at, open_mark, i, start))
                open_at, open_mark = i, ch
            else:
                quotes.append(RawQuote(open_at, i + 1, open_at + 1, i, open_mark, ch, True))
                open_at = -1
        elif ch in OPENERS:
            quotes.append(_cut(text, open_at, open_mark, i, start))
            open_at, open_mark = i, ch
        k += 1

    if open_at >= 0:
        stop = end
        while stop > open_at + 1 and text[stop - 1] in " \t":
            stop -= 1
        quotes.append(RawQuote(open_at, stop, open_at + 1, stop, open_mark, "", False))
    return quotes


def _escaped(text: str, at: int, line_start: int) -> bool:
    """`\\"` in JSON or code: a mark escaped by an odd run of backslashes is a character of the
    words, not a quote mark."""
    run = 0
    while at - run - 1 >= line_start and text[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _cut(text: str, open_at: int, open_mark: str, next_open: int, line_start: int) -> RawQuote:
    """An unclosed quote interrupted by a new opener: it most likely ended at the last
    sentence end before that opener."""
    stop = next_open
    for j in range(next_open - 1, open_at, -1):
        if text[j] in TERMINATORS:
            stop = j + 1
            break
    while stop > open_at + 1 and text[stop - 1] in " \t":
        stop -= 1
    return RawQuote(open_at, stop, open_at + 1, stop, open_mark, "", False, reopened=True)
