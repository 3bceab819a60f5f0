"""Shot markers at the start of a line: `Shot 2 (3s):`, `[0-3s]`, `0–4s —`, `(~2s, …)`, `カット1`."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LEAD = r"[ \t]*(?:[-*\u2022>]+[ \t]*|\d\ufe0f?\u20e3[ \t]*|[^\w\s\[(\x00-\x7f]{1,4}[ \t]*)?(?:\*\*)?"
_NUM = r"\d{1,3}(?:\.\d+)?"
_SEC = r"(?:s|secs?|seconds?)"
_DASH = r"[-\u2013\u2014~]"
_SEP = r"[ \t]*(?:\*\*)?[ \t]*(?:[:.,\-\u2013\u2014]|$)(?:[ \t]*\*\*)?[ \t]*"

SHOT = re.compile(
    _LEAD + r"shot[ \t]*(?P<n>\d{1,3})"
    r"(?:[ \t]*\([ \t]*~?[ \t]*(?P<d1>" + _NUM + r")[ \t]*" + _SEC + r"[ \t]*\)"
    r"|[ \t]*,[ \t]*~?(?P<d2>" + _NUM + r")[ \t]*" + _SEC + r"\b)?" + _SEP,
    re.IGNORECASE,
)
TIMECODE = re.compile(
    _LEAD + r"\[[ \t]*(?P<a>" + _NUM + r")[ \t]*s?[ \t]*" + _DASH + r"[ \t]*(?P<b>" + _NUM + r")[ \t]*"
    + _SEC + r"?[ \t]*\](?:[ \t]*shot[ \t]*(?P<n>\d{1,3}))?" + r"[ \t]*(?:[:.,\-\u2013\u2014][ \t]*)?",
    re.IGNORECASE,
)
BARE_TIMECODE = re.compile(
    _LEAD + r"(?P<a>" + _NUM + r")[ \t]*s?[ \t]*" + _DASH + r"[ \t]*(?P<b>" + _NUM + r")[ \t]*" + _SEC
    + r"[ \t]*(?:[:\-\u2013\u2014]|\u2014)[ \t]*",
    re.IGNORECASE,
)
BEAT = re.compile(_LEAD + r"\([ \t]*~?[ \t]*(?P<d>" + _NUM + r")[ \t]*" + _SEC + r"\b[^)\n]{0,200}\)[ \t]*")
CUT = re.compile(_LEAD + r"(?:\u30ab\u30c3\u30c8|\u955c\u5934|\u93e1\u982d)[ \t]*(?P<n>\d{1,3})[ \t]*[:\uff1a.\u3001]?[ \t]*")


@dataclass(slots=True)
class ShotMarker:
    start: int
    end: int  # where the shot's own text begins
    number: int | None
    duration: float | None
    kind: str


def _number(value: str | None) -> int | None:
    return int(value) if value else None


def match_shot(text: str, start: int, end: int) -> ShotMarker | None:
    """The shot marker that opens text[start:end], if any."""
    m = SHOT.match(text, start, end)
    if m:
        d = m.group("d1") or m.group("d2")
        return ShotMarker(start, m.end(), _number(m.group("n")), float(d) if d else None, "shot")
    for pattern in (TIMECODE, BARE_TIMECODE):
        m = pattern.match(text, start, end)
        if m:
            a, b = float(m.group("a")), float(m.group("b"))
            number = _number(m.groupdict().get("n"))
            return ShotMarker(start, m.end(), number, b - a, "timecode")
    m = BEAT.match(text, start, end)
    if m:
        return ShotMarker(start, m.end(), None, float(m.group("d")), "beat")
    m = CUT.match(text, start, end)
    if m:
        return ShotMarker(start, m.end(), _number(m.group("n")), None, "cut")
    return None
