"""Speakers named in Chinese and Japanese: `男主嘶吼："…"`, `女主推开他，哭着喊："…"`, `老人说：「…」`.

Chinese puts the speaker first in the sentence and runs the verb on without blanks, so there are
no word boundaries to read. The speaker is the first word for a person in the sentence before the
quote (people words from people.toml, longest first), a pronoun (他 / 她 / 彼 / 彼女) pointing back
like he and she. A sentence that names no one gives no speaker: a name we cannot read is not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .vocab import Vocabulary

_PRONOUNS = {"他": "male", "她": "female", "彼": "male", "彼女": "female"}
_SENTENCE_END = re.compile("[\u3002\uff01\uff1f\uff1b!?;\n\"\u201d\u300d\u300f]")
# words between the speaker and the line that say how it is spoken (低声, 笑着, 哭着, 冷冷地 ...)
_PLAIN_VERBS = re.compile(r"^[\uff0c,\s]*(?:说|說|道|讲|講|问|問|答|回答|言う|言った|話す)?[\uff1a:\uff0c,\s]*$")


_SOMEONE_NEW = ("一个", "一位", "一名", "另一", "另外", "別の", "ある")  # `一个女人`, `另一个男人`: not one seen before


@dataclass(frozen=True, slots=True)
class CjkSubject:
    word: str
    start: int
    end: int
    gender: str
    pronoun: bool
    narrator: bool
    generic: bool = False  # `女人`, `男子`: a man or a woman already there, if only one is


@lru_cache(maxsize=2)
def _body_parts(vocab: Vocabulary) -> tuple[str, ...]:
    return tuple(vocab.raw["people"].get("cjk", {}).get("body_parts", []))


def _possessor(text: str, after: int, parts: tuple[str, ...]) -> bool:
    """`女主耳道`, `他的手`: the person owns what follows; they are not the one speaking."""
    return text.startswith("的", after) or text.startswith(parts, after)


@lru_cache(maxsize=2)
def _generic(vocab: Vocabulary) -> frozenset[str]:
    return frozenset(vocab.raw["people"].get("cjk", {}).get("generic", []))


@lru_cache(maxsize=2)
def _people(vocab: Vocabulary) -> tuple[re.Pattern[str], dict[str, str], frozenset[str]]:
    table = vocab.raw["people"].get("cjk", {})
    genders: dict[str, str] = {}
    for gender in ("male", "female", "neutral", "narrator"):
        for word in table.get(gender, []):
            genders.setdefault(word, gender)
    for word, gender in _PRONOUNS.items():
        genders.setdefault(word, gender)
    words = sorted(genders, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in words)) if words else re.compile(r"(?!x)x")
    return pattern, genders, frozenset(table.get("narrator", []))


def subject_before(text: str, floor: int, quote: int, vocab: Vocabulary) -> CjkSubject | None:
    """The person who opens the sentence that leads into the quote at `quote`."""
    start = floor
    for m in _SENTENCE_END.finditer(text, floor, quote):
        if m.end() < quote:
            start = m.end()
    pattern, genders, narrators = _people(vocab)
    parts = _body_parts(vocab)
    m = next((m for m in pattern.finditer(text, start, quote) if not _possessor(text, m.end(), parts)), None)
    if m is None:
        return None
    word = m.group()
    gender = genders[word]
    generic = word in _generic(vocab) and not text[max(start, m.start() - 3):m.start()].endswith(_SOMEONE_NEW)
    return CjkSubject(word, m.start(), m.end(), "neutral" if gender == "narrator" else gender,
                      word in _PRONOUNS, word in narrators, generic)


def manner(text: str, subject_end: int, quote: int) -> tuple[int, int] | None:
    """The words between the speaker and the line when they say more than a plain `说：`."""
    between = text[subject_end:quote]
    if not between.strip() or _PLAIN_VERBS.match(between):
        return None
    stripped = between.rstrip("\uff1a:\uff0c, \t")
    return subject_end, subject_end + len(stripped)
