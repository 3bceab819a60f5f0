"""Dialogue written as a screenplay: a speaker's name in capitals on a line of its own, the words
on the lines under it, no quote marks.

    WOMAN (CONT'D)
    (quietly)
    Our appointment was at three o'clock.

A cue is one to three words in capitals, perhaps with an extension in brackets (V.O., CONT'D, or a
direction), that names a person: a word the people vocabulary knows, or a name the clip uses
elsewhere. Its block runs to the next blank line, cue, shot marker or line in capitals. Prefer
silence: a line in capitals that names no one (`TECHNICAL`, `HOLD ON THE DOOR`) is no cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .spans import Span
from .vocab import Vocabulary

_CUE = re.compile(
    r"[ \t]*(?P<name>[A-Z][A-Z0-9.'\u2019-]*(?:[ \t]+[A-Z0-9][A-Z0-9.'\u2019-]*){0,2})"
    r"(?:[ \t]*\((?P<ext>[^()\n]{1,40})\))?[ \t]*$"
)
_DIRECTION = re.compile(r"[ \t]*\((?P<text>[^()\n]{1,80})\)[ \t]*$")
# capitals that open a screenplay's own furniture rather than name a speaker
_NOT_NAMES = frozenset({"INT", "EXT", "INT.", "EXT.", "CUT", "FADE", "DISSOLVE", "SMASH", "MATCH", "TITLE",
                        "SUPER", "CLOSE", "WIDE", "ANGLE", "POV", "INSERT", "BACK", "END", "THE", "A", "AN",
                        "HOLD", "BEAT", "PAUSE", "SILENCE", "MONTAGE", "LATER", "CONTINUOUS", "OVER", "ON"})


@dataclass(slots=True)
class Block:
    name: Span  # the speaker's name on the cue line
    direction: Span | None  # an extension or a parenthetical line: how the words are delivered
    words: Span  # the spoken lines, first character to last
    cue: Span  # the cue's line


def find_blocks(text: str, lines: list[Span], vocab: Vocabulary, kinds: dict[str, str]) -> list[Block]:
    """Screenplay dialogue among a clip's prompt lines (in order; `lines` skips blank lines, so a gap
    between two of them is a blank line)."""
    blocks: list[Block] = []
    n = 0
    while n < len(lines):
        cue = _cue(text, lines[n], vocab, kinds)
        if cue is None:
            n += 1
            continue
        name, direction = cue
        k = n + 1
        if k < len(lines) and _adjacent(text, lines[k - 1], lines[k]):
            parenthetical = _DIRECTION.match(text, lines[k].start, lines[k].end)
            if parenthetical is not None:
                direction = Span(parenthetical.start("text"), parenthetical.end("text"))
                k += 1
        first = k
        while k < len(lines) and _adjacent(text, lines[k - 1], lines[k]) and _spoken(text, lines[k], vocab, kinds):
            k += 1
        if k > first and (first == n + 1 or first == n + 2):
            words = Span(_lstrip(text, lines[first]), _rstrip(text, lines[k - 1]))
            blocks.append(Block(name, direction, words, lines[n]))
            n = k
        else:
            n += 1
    return _named_people(text, blocks, vocab)


def _cue(text: str, line: Span, vocab: Vocabulary, kinds: dict[str, str]) -> tuple[Span, Span | None] | None:
    segment = text[line.start:line.end]
    if len(segment) > 60 or not segment.strip() or segment.strip()[-1] in ":.!?,;":
        return None
    m = _CUE.match(text, line.start, line.end)
    if m is None:
        return None
    name = m.group("name")
    words = name.replace(".", " ").split()
    if not any(ch.isalpha() for ch in name) or sum(ch.isalpha() for ch in name) < 2:
        return None
    if words[0] in _NOT_NAMES or name.lower() in kinds or words[-1].lower() in kinds:
        return None
    direction = Span(m.start("ext"), m.end("ext")) if m.group("ext") else None
    return Span(m.start("name"), m.end("name")), direction


def _spoken(text: str, line: Span, vocab: Vocabulary, kinds: dict[str, str]) -> bool:
    """A line of the block's words: not another cue, not capitals, not a shot's time code."""
    segment = text[line.start:line.end].strip()
    if not segment or _cue(text, line, vocab, kinds) is not None:
        return False
    letters = [ch for ch in segment if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return False
    return not re.match(r"\[?\d{1,2}:\d{2}|\[?\d{1,3}(?:\.\d+)?\s*s?\s*[-\u2013]\s*\d", segment)


def _named_people(text: str, blocks: list[Block], vocab: Vocabulary) -> list[Block]:
    """Keep the cues that name a person: a people word (WOMAN, OLD MAN), or a name the clip uses more
    than as this one cue (another cue, or the prose: `WOMAN (30s) and MAN (32) argue`)."""
    counts: dict[str, int] = {}
    for block in blocks:
        key = text[block.name.start:block.name.end].lower()
        counts[key] = counts.get(key, 0) + 1
    kept = []
    for block in blocks:
        name = text[block.name.start:block.name.end]
        words = [w.strip(".'\u2019") for w in name.lower().split()]
        if any(w in vocab.person_nouns for w in words) or counts[name.lower()] > 1:
            kept.append(block)
    return kept


def _adjacent(text: str, above: Span, below: Span) -> bool:
    return "\n" not in text[above.end + 1:below.start] if above.end < below.start else True


def _lstrip(text: str, line: Span) -> int:
    at = line.start
    while at < line.end and text[at] in " \t":
        at += 1
    return at


def _rstrip(text: str, line: Span) -> int:
    at = line.end
    while at > line.start and text[at - 1] in " \t\r":
        at -= 1
    return at
