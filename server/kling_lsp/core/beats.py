"""Beats: the stretches of a clip that happen at different times.

A shot is one beat. So is a paragraph, or the part of it, that a time phrase opens: `At 7 seconds,
the spices burst`, `From 11 to 14 seconds, …`, `In the final 3 seconds …`, `第7秒，…`. A quiet
opening and a loud beat later are a progression, not a clash: the rules that compare moods or
silence with loud cues compare them within one beat. Text in no beat (a preamble, a sound-design
paragraph after the beats) is about the whole clip.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .model import Clip
from .spans import Span

_N = r"\d{1,3}(?:\.\d+)?"
_S = r"[ \t]*(?:s|secs?|seconds?)\b"
_CLOCK = r"\d{1,2}:\d{2}"
_AT = r"(?:" + _N + _S + r"|" + _CLOCK + r"|(?:the[ \t]+)?" + _N + r"[- ]second[ \t]+mark)"
TIME_PHRASE = re.compile(
    r"(?:(?:at|after|by|around|until|from)[ \t]+(?:about[ \t]+|around[ \t]+|roughly[ \t]+)?" + _AT
    + r"|(?:from|between)[ \t]+(?:" + _N + r"|" + _CLOCK + r")(?:" + _S + r")?[ \t]*(?:to|and|until|-|\u2013)[ \t]*"
    + r"(?:" + _N + _S + r"|" + _CLOCK + r")"
    + r"|(?:in|for|during|over)[ \t]+the[ \t]+(?:first|last|final|opening|closing|next)[ \t]+" + _N + _S
    + r")(?=[ \t]*[,:\u2014\u2013-]|[ \t]+(?:the|a|an|we|he|she|they|it|everything|\w+s)\b)"
    + r"|\u7b2c[ \t]*\d{1,3}[ \t]*\u79d2|\d{1,3}[ \t]*\u79d2(?:\u65f6|\u540e|\u5904|\u8d77|\u949f\u540e)",
    re.IGNORECASE,
)
_OPENS = re.compile(r"[ \t]*(?:[-*\u2022>]+[ \t]*|\*\*)?")
_SENTENCE_END = re.compile(r"(?:[.!?;\u2026][\"'\u201d\u2019)\]]*[ \t]+|[\u3002\uff01\uff1f\uff1b])")


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


class Beats:
    """The clip's beats in text order, found once: its shots, then the paragraphs (or parts of them)
    a time phrase opens outside any shot."""

    def __init__(self, clip: Clip) -> None:
        shots = [s.span for s in clip.shots]
        timed = [b for b in _timed(clip) if not _inside(b.start, shots)]
        self.spans = sorted(shots + timed, key=lambda b: b.start)
        self._starts = [b.start for b in self.spans]

    def at(self, offset: int) -> int | None:
        """The index of the beat holding `offset`, or None where the text is about the whole clip."""
        n = bisect_right(self._starts, offset) - 1
        return n if n >= 0 and offset <= self.spans[n].end else None


def beats(clip: Clip) -> Beats:
    cached = getattr(clip, "_beats", None)
    if cached is None:
        cached = clip._beats = Beats(clip)
    return cached


def beat_at(clip: Clip, offset: int) -> int | None:
    return beats(clip).at(offset)


def _timed(clip: Clip) -> list[Span]:
    """Each time phrase's beat, to the next one or its paragraph's end (a blank line, a section or
    a shot starts the next paragraph). When the first phrase is later than the start (`At 3 seconds`),
    the paragraph before it is the opening beat (`Scene opens on a quiet table.`)."""
    text = clip.text
    found: list[Span] = []
    paragraphs = _paragraphs(clip)
    for n, para in enumerate(paragraphs):
        starts = [at for line in para for at in _starts(text, line)]
        if starts and not found and n > 0 and starts[0] == _OPENS.match(text, para[0].start).end() and \
                _later_than_zero(text, starts[0]):
            found.append(Span(paragraphs[n - 1][0].start, paragraphs[n - 1][-1].end))
        for k, at in enumerate(starts):
            found.append(Span(at, starts[k + 1] if k + 1 < len(starts) else para[-1].end))
    return found


def _paragraphs(clip: Clip) -> list[list[Span]]:
    """The clip's prompt lines grouped in paragraphs: a blank line, a section or a shot starts one."""
    text, lines = clip.text, clip.prompt_lines
    breaks = {s.span.start for s in clip.sections} | {s.span.start for s in clip.shots}
    paragraphs: list[list[Span]] = []
    for n, line in enumerate(lines):
        if n == 0 or line.start in breaks or _BLANK_LINE.search(text, lines[n - 1].end, line.start + 1):
            paragraphs.append([])
        paragraphs[-1].append(line)
    return paragraphs


_FIRST_NUMBER = re.compile(r"\d{1,2}:\d{2}|\d+(?:\.\d+)?")


def _later_than_zero(text: str, at: int) -> bool:
    m = _FIRST_NUMBER.search(text, at, at + 40)
    if m is None:
        return False
    value = m.group()
    return any(c not in "0:." for c in value)


def _starts(text: str, line: Span):
    """Where time phrases open `line` or a sentence on it."""
    lead = _OPENS.match(text, line.start, line.end)
    if TIME_PHRASE.match(text, lead.end(), line.end):
        yield lead.end()
    for end in _SENTENCE_END.finditer(text, line.start, line.end):
        if TIME_PHRASE.match(text, end.end(), line.end):
            yield end.end()


def _inside(offset: int, spans: list[Span]) -> bool:
    """Whether `offset` falls in one of `spans` (few: a clip's shots)."""
    return any(s.start <= offset < s.end for s in spans)
