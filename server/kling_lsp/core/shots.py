"""Shot markers: `Shot 2 (3s):`, `[0-3s]`, `0–4s —`, `(~2s, …)`, `カット1` at the start of a line, and
`Shot N` or a time code after a sentence's end in running text (`… the street. Shot 2 (4-8s): …`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LEAD = (r"[ \t]*(?:[-*\u2022>]+[ \t]*|\d\ufe0f?\u20e3[ \t]*|[^\w\s\[(\x00-\x7f]{1,4}[ \t]*)?(?:\*\*)?"
         # a discourse connector may open the line: `Suddenly 4-5 seconds:`, `Then [6-8s]`
         r"(?:(?:then|suddenly|finally|meanwhile|next|later|now|and)[ \t]*,?[ \t]+(?=[\d\[(]|shot))?")
_NUM = r"\d{1,3}(?:\.\d+)?"
_SEC = r"(?:s|secs?|seconds?|\u79d2|\ucd08)"  # 秒 (Chinese, Japanese), 초 (Korean)
_DASH = r"[-\u2013\u2014~]"
_SEP = r"[ \t]*(?:\*\*)?[ \t]*(?:[:.,\-\u2013\u2014]|$)(?:[ \t]*\*\*)?[ \t]*"

SHOT = re.compile(
    _LEAD + r"(?:shot|\uc0f7)[ \t]*(?P<n>\d{1,3})"  # 샷: Korean
    r"(?:[ \t]*[(\[][ \t]*~?[ \t]*(?:(?P<a>" + _NUM + r")[ \t]*s?[ \t]*" + _DASH + r"[ \t]*)?(?P<d1>" + _NUM
    + r")[ \t]*" + _SEC + r"[ \t]*[)\]]"
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
    + r"[ \t]*(?:[:\-\u2013\u2014\uff1a]|(?<=[\u79d2\ucd08])[ \t]*[\uff0c,\u3001])[ \t]*",  # `0-3秒，` too
    re.IGNORECASE,
)
_CLOCK_TIME = r"\d{1,2}:\d{2}(?:\.\d+)?"
CLOCK = re.compile(  # `[00:05-00:10]`, `0:02 – 0:04:`: minutes and seconds
    _LEAD + r"(?P<open>\[)?[ \t]*(?P<a>" + _CLOCK_TIME + r")[ \t]*" + _DASH + r"[ \t]*(?P<b>" + _CLOCK_TIME
    + r")[ \t]*(?(open)\])(?:[ \t]*shot[ \t]*(?P<n>\d{1,3}))?"
    r"(?(open)[ \t]*(?:[:.,\-\u2013\u2014][ \t]*)?|[ \t]*(?:[:.,\-\u2013\u2014][ \t]*|$))",
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
    prior_end: int | None = None  # inside running text: where the shot before it ends
    begins: float | None = None  # a time code's start, in seconds


def _number(value: str | None) -> int | None:
    return int(value) if value else None


def _seconds(clock: str) -> float:
    minutes, seconds = clock.split(":")
    return int(minutes) * 60 + float(seconds)


def match_shot(text: str, start: int, end: int) -> ShotMarker | None:
    """The shot marker that opens text[start:end], if any."""
    m = SHOT.match(text, start, end)
    if m:
        d = m.group("d1") or m.group("d2")
        duration = float(d) - float(m.group("a") or 0) if d else None
        return ShotMarker(start, m.end(), _number(m.group("n")), duration, "shot")
    for pattern in (TIMECODE, BARE_TIMECODE):
        m = pattern.match(text, start, end)
        if m:
            a, b = float(m.group("a")), float(m.group("b"))
            number = _number(m.groupdict().get("n"))
            return ShotMarker(start, m.end(), number, b - a, "timecode", begins=a)
    m = CLOCK.match(text, start, end)
    if m:
        a = _seconds(m.group("a"))
        return ShotMarker(start, m.end(), _number(m.group("n")), _seconds(m.group("b")) - a, "timecode", begins=a)
    m = BEAT.match(text, start, end)
    if m:
        return ShotMarker(start, m.end(), None, float(m.group("d")), "beat")
    m = CUT.match(text, start, end)
    if m:
        return ShotMarker(start, m.end(), _number(m.group("n")), None, "cut")
    return None


# where a marker may start inside running text: "Shot 3", "[4-8s", "4-8s" (confirmed by match_shot)
_INLINE_START = re.compile(r"(?<![\w\[(.])(?:(?:shot|\uc0f7)[ \t]*\d|\[[ \t]*\d|\d{1,3}(?:\.\d+)?[ \t]*s?[ \t]*" + _DASH + r")",
                           re.IGNORECASE)
_THEN = re.compile(r"(?:^|[ \t])(?:and[ \t]+)?then,?[ \t]*$", re.IGNORECASE)
_SENTENCE_END = ".!?;\u2026)]\"\u201d\u3002\uff01\uff1f\uff1b"
_CJK_SENTENCE_END = "\u3002\uff01\uff1f\uff1b"  # no space follows them


def inline_shots(text: str, start: int, end: int, quotes) -> list[ShotMarker]:
    """Markers after the start of text[start:end] that open a shot in running text: each follows a
    sentence's end (or `then` after one), is no part of a quote, and is unmistakable on its own: a
    bracketed time code, a bare one ending in a colon or dash, or `Shot N` with a length, colon or dash."""
    found = []
    taken = start
    for m in _INLINE_START.finditer(text, start, end):
        at = m.start()
        if text.startswith("**", at - 2):  # bold markup opens the marker
            at -= 2
        if at < taken or any(q.start <= at < q.end for q in quotes):
            continue
        prior_end = _sentence_end_before(text, start, at)
        marker = match_shot(text, at, end) if prior_end is not None else None
        if marker is not None and _unmistakable(text, marker):
            marker.prior_end = prior_end
            found.append(marker)
            taken = marker.end
    return found


def _sentence_end_before(text: str, line_start: int, at: int) -> int | None:
    """Where the sentence before a marker at `at` ends (past `then`), or None if it does not end there."""
    origin = max(line_start, at - 40)
    window = text[origin:at]
    before = window.rstrip(" \t*")
    if not before or (len(before) == len(window) and before[-1] not in _CJK_SENTENCE_END):
        return None  # at the line's start (match_shot's case) or glued to the word before it
    then = _THEN.search(before)
    if then is not None:
        before = before[:then.start()].rstrip(" \t*,")
    if not before or before[-1] not in _SENTENCE_END:
        return None
    return origin + len(before)


def _unmistakable(text: str, marker: ShotMarker) -> bool:
    own = text[marker.start:marker.end].rstrip()
    if marker.kind == "timecode":
        return own.startswith("[") or own[-1:] in ":\u2013\u2014-\uff1a" or "\u79d2" in own or "\ucd08" in own
    if marker.kind == "shot":
        return marker.duration is not None or own[-1:] in ":\u2013\u2014-"
    return False
