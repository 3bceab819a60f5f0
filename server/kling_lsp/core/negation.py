"""Whether a cue is denied: `no music`, and every item of a denied list (`No laugh track,
music or subtitles`).

A negator covers the words after it up to the end of its clause only while they read as a
list of short noun phrases; a cue in that list is denied when it closes its item (the next
thing is a separator or the clause's end). `No one speaks, music swells` denies nothing: the
cue is followed by its own verb, so it starts a new clause rather than naming an item.
"""

from __future__ import annotations

import re

_NEGATOR = re.compile(r"\b(?:no|not|without|never|zero|none|nor)\b", re.IGNORECASE)
_SAME_ITEM = re.compile(r"[\w\s'-]{0,30}", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*(?:,|/|\bor\b|\band\b|\bnor\b)\s*", re.IGNORECASE)
_ITEM = re.compile(r"\s*(?:[\w'-]+\s*){1,4}")
_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]\u2014\u2013\n]")
_CONTRAST = re.compile(r"\b(?:but|except|only|just|instead|apart|save|until|then|while|as)\b", re.IGNORECASE)
_ITEM_END = re.compile(r"\s*(?:,|/|\bor\b|\band\b|\bnor\b|[.;:!?)\]\u2014\u2013\u2026]|$)", re.IGNORECASE)
_REACH = 120  # a denied list is short; further back, a negator speaks of something else


def is_negated(text: str, floor: int, start: int, end: int) -> bool:
    """True when the cue at text[start:end] is denied by a negator after `floor` (its sentence)."""
    window_start = max(floor, start - _REACH)
    negators = list(_NEGATOR.finditer(text, window_start, start))
    if not negators:
        return False
    between_start = negators[-1].end()
    between = text[between_start:start]
    if _CONTRAST.search(between):
        return False  # `no dialogue but thunder rolls`: the contrast starts what is there
    if _SAME_ITEM.fullmatch(between) and not _SEPARATOR.search(between):
        return True  # `no background music`, `without any music`
    return _is_list_before(between) and _closes_item(text, start, end, len(_SEPARATOR.findall(between)))


_MODIFIED = re.compile(r"(?:[ \t]+[\w'-]+){1,2}?(?=" + _ITEM_END.pattern + ")", re.IGNORECASE)


_ONE_WORD_ITEM = re.compile(r"[ \t]+([a-z]+)(?=" + _ITEM_END.pattern + ")", re.IGNORECASE)


def _reads_as_a_verb(word: str) -> bool:
    """`swells`, `playing`, `faded`: a form a verb takes; `swell`, `bed` are nouns of a compound."""
    low = word.lower()
    return low.endswith(("s", "ing")) or (low.endswith("ed") and len(low) > 4)


def _closes_item(text: str, start: int, end: int, items_before: int) -> bool:
    """The cue ends its item, or, deep in a long denied list, modifies the item's noun as a
    participle does (`No smoke, sparks, exploding glass, …`). A noun cue followed by more words
    has its own verb (`music swells`), and `No dialogue, crashing waves` may well name what is there."""
    if _ITEM_END.match(text, end) is not None:
        return True
    compound = _ONE_WORD_ITEM.match(text, end)
    if items_before >= 1 and compound is not None and not _reads_as_a_verb(compound.group(1)) \
            and not _CONTRAST.fullmatch(compound.group(1)):
        return True  # `No second speaker, music swell, added sentences`: a noun, not `music swells`
    if items_before < 2 or not text[start:end].lower().endswith(("ing", "ed")):
        return False
    noun = _MODIFIED.match(text, end)
    return noun is not None and not _CONTRAST.search(noun.group())


def _is_list_before(between: str) -> bool:
    """`laugh track, ` / `voices or ` / `dialogue, sound effects and `: short items, each
    closed by a separator, with nothing that turns the clause."""
    if _CLAUSE_BREAK.search(between):
        return False
    pieces = _SEPARATOR.split(between)
    if len(pieces) < 2 or pieces[-1].strip():
        return False
    return all(_ITEM.fullmatch(piece) for piece in pieces[:-1] if piece.strip())
