"""Character definitions: where a prompt says who a name is.

`Mina: adult Korean woman, red raincoat` in a cast list, several on one line
(`Mina: adult woman. Joon: elderly man with a cane.`), or an apposition in running text
(`Dr. Salma, an adult architect with a calm voice, studies the model`). Each definition ties a
proper name to the person noun that describes it, so that `the woman` later is Mina, and its
description is that speaker's scope for a speaking style, not the clip's.

Read only where a clause starts (a line, a bullet, after `;`, `|` or a sentence's end), and
only when a person noun comes within the first words of the description: `Audio: rain` and
`Tokyo, a woman walks` define nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .spans import Span
from .vocab import Vocabulary

_TITLE = r"(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof|St|Sgt|Capt|Lt)\.[ \t]+)?"
_NAME = re.compile(
    r"[ \t]*(?:[-*\u2022][ \t]*)?(?P<name>" + _TITLE +
    r"[A-Z\u00c0-\u00de][\w'\u2019-]*(?:[ \t]+[A-Z\u00c0-\u00de][\w'\u2019.-]*){0,2})[ \t]*(?P<sep>:|,)[ \t]*"
)
# where a new clause may start on a line: its beginning, or after ; | or a sentence's end
_CLAUSE_START = re.compile(r"(?:[;|]|(?<![A-Z][a-z])(?<![A-Z])[.!?])[ \t]+(?=\S)")
_DESCRIPTION_END = re.compile(r"[;|]|(?<![A-Z][a-z])(?<![A-Z])[.!?](?=\s|$)|[\"\u201c\u201d\u300c\u300e\u00ab]")
_PHRASE_BREAK = re.compile(r"[^\w\s'\u2019-]|\b(?:with|in|of|and|or|and|who|from|for|to|at|on|by)\b", re.IGNORECASE)
_NOUN_REACH = 8  # words of a `Name:` description before its person noun (`30s, tall Korean woman`)
_APPOSITION_REACH = 4  # words of a `Name, ...` apposition before its noun (`an adult architect`)
# after a definition's noun: what continues a description, not a verb of the sentence
_GOES_ON = re.compile(
    r"[ \t]*(?:,|$|\(|(?:with|in|of|wearing|who|from|dressed|holding|carrying|aged|around|about|whose)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Definition:
    name: str  # as written: "Dr. Salma"
    name_span: Span
    description: Span  # what is said of them, up to the clause's end
    noun: Span  # the description's person noun (its last word when nouns stand together)


def find_definitions(text: str, start: int, end: int, vocab: Vocabulary) -> list[Definition]:
    """The definitions on the line text[start:end]."""
    found: list[Definition] = []
    starts = [start] + [m.end() for m in _CLAUSE_START.finditer(text, start, end)]
    prefix = _NAME.match(text, start, end)
    if prefix and prefix.group("sep") == ":" and vocab.section_kinds.get(prefix.group("name").lower()) == "character":
        starts.append(prefix.end())  # `Characters: Mina, adult woman; Joon, ...`
        starts.sort()
    for at in starts:
        definition = _definition_at(text, at, end, vocab)
        if definition is not None and not (found and definition.name_span.start < found[-1].description.end):
            found.append(definition)
    return found


def _definition_at(text: str, at: int, end: int, vocab: Vocabulary) -> Definition | None:
    m = _NAME.match(text, at, end)
    if m is None:
        return None
    name = m.group("name").rstrip(".")
    if _not_a_name(name, vocab):
        return None
    apposition = m.group("sep") == ","
    stop = _DESCRIPTION_END.search(text, m.end(), end)
    stop_at = stop.start() if stop else end
    verb = next(iter(vocab.speech_verb_matcher.finditer(text, m.end(), stop_at)), None)
    if verb is not None:
        if apposition:
            return None  # `Close-up, the girl says:`: a speech tag's subject, not who `Close-up` is
        stop_at = verb[0]
    description = Span(m.end(), stop_at)
    noun = _first_person_noun(text, description, vocab, _APPOSITION_REACH if apposition else _NOUN_REACH)
    if noun is not None and _GOES_ON.match(text, noun.end, description.end) is None:
        noun = _agent_head(text, noun, description)  # `adult station attendant`: the phrase goes on to its head
    if noun is None or _GOES_ON.match(text, noun.end, description.end) is None:
        return None  # `Wide: a man sits at the bar`: the noun's own verb follows, a scene
    s, _ = m.span("name")
    return Definition(name, Span(s, s + len(name)), description, noun)


_NEXT_WORDS = re.compile(r"[ \t]+(?:[a-z][a-z-]*[ \t]+)?([a-z][a-z-]*)(?=[ \t]*(?:,|$|\())")


def _agent_head(text: str, noun: Span, description: Span) -> Span | None:
    """A person noun that one or two more words carry on to a noun for someone who does a job
    (`adult station attendant`, `young sushi chef`): the phrase's head is that last word."""
    from .speakers import grammar  # speakers reads definitions: imported late

    m = _NEXT_WORDS.match(text, noun.end, description.end)
    if m is None:
        return None
    head, g = m.group(1), grammar()
    if head.endswith(g.agent_endings) and head not in g.not_agents and head not in g.stop_words and len(head) > 3:
        return Span(noun.start, m.end(1))
    return None


def _not_a_name(name: str, vocab: Vocabulary) -> bool:
    low = name.lower()
    first = low.split()[0]
    if low in vocab.section_kinds or first in vocab.section_kinds:
        return True  # `Audio:`, `Scene 2:`, `Characters:`
    return first in _NOT_NAMES or any(w in vocab.person_nouns for w in low.split()[-1:])


# capitalised words that open a clause without naming anyone
_NOT_NAMES = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "then", "now", "here", "there", "when", "while", "as",
    "in", "on", "at", "with", "without", "after", "before", "later", "meanwhile", "suddenly", "finally", "he",
    "she", "they", "it", "we", "i", "you", "his", "her", "their", "its", "our", "my", "your", "one", "two",
    "three", "first", "second", "next", "last", "no", "not", "but", "and", "or", "so", "if", "yes", "okay", "ok",
    "note", "notes", "style", "format", "negative", "positive", "shot", "cut", "camera", "lighting", "mood",
})


def _first_person_noun(text: str, description: Span, vocab: Vocabulary, reach: int) -> Span | None:
    """The head noun of the description's first noun phrase, when that phrase names a person:
    `adult Korean woman`, `an architect`; not the `boy` of `half-body shot of the boy`."""
    nouns = list(vocab.person_matcher.finditer(text, description.start, description.end))
    if not nouns:
        return None
    s, e, _ = nouns[0]
    before = text[description.start:s]
    if len(before.split()) >= reach or _PHRASE_BREAK.search(before.replace(",", " ") if reach > _APPOSITION_REACH
                                                            else before):
        return None
    for s2, e2, _ in nouns[1:]:  # `adult Korean woman`, `robot butler`: the noun phrase's last noun
        between = text[e:s2]
        if _PHRASE_BREAK.search(between) or len(between.split()) > 2:
            break
        s, e = s2, e2
    return Span(s, e)
