"""Who speaks each line of dialogue, and in what style.

Prompts name speakers three ways: a label (`[Maria: mother, tense whisper]: "…"`), the
subject of a speech verb (`A man at the bar says calmly, "…"`), or a pronoun (`She
whispers, "…"`). This module keeps, per clip, the people mentioned so far (entities) and
picks, for each quote, the person who is the subject of its clause. Pronouns resolve to
the most recent person of matching gender, falling back to the last named speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .cjk_speakers import manner as cjk_manner, subject_before as cjk_subject_before
from .definitions import Definition
from .language import LANGUAGE_WORDS
from .matcher import PhraseMatcher
from .model import Speaker, Style
from .quotes import RawQuote
from .spans import Span
from .vocab import Vocabulary, load_raw

_WORD = re.compile(r"[\w@][\w@'\u2019.-]*")
_LABEL = re.compile(r"\[([^\[\]\n]{1,200})\]")
_PAREN = re.compile(r"\(([^()\n]{1,200})\)")
_BOUNDARY = re.compile(r"[.!?\u2026]+[\"\u201d\u2019')\]]*(?=\s|$)|[\u3002\uff01\uff1f\uff1b;]")
_CLAUSE = re.compile(
    r"[;:]\s*"
    r"|,?\s+(?:and|as|while|when|then|but|so|before|after|until)\s+"
    r"(?=(?:the|a|an|his|her|their|my|our|your|this|that|one|he|she|they|it)\b|(?-i:[\[@A-Z]))",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(r"[\s,.;:!?\u2026\u2014\u2013-]*(?:\([^()\n]*\))?[\s,.;:!?\u2026\u2014\u2013-]*")
_TIMECODE_LABEL = re.compile(r"\s*~?\d")
_STRIP = " \t,:;\u2014\u2013-"
_NOUN_WORDS = 8  # words of a definition read for the character's gender
# what may stand between a quote and its speech tag, and between the tag's subject and verb
_NAME_OPENING = re.compile(r"[ \t\"'\u201c(*-]*([A-Z][a-z\u00e0-\u00ff'\u2019-]+(?:[ \t]+[A-Z][a-z\u00e0-\u00ff'\u2019-]+)?)"
                           r"[ \t]+(?:\w+ly[ \t]+)?[a-z]+s\b")
_NEW_SENTENCE = re.compile(r"(?:The|A|An|He|She|They|It|We|I|His|Her|Their|This|That|Then)\b|(?=[A-Z])(?=.)(?!\w+[ \t]+\w+s\b)")
_CLOSERS = "\"'\u201d\u2019\u300d\u300f\u00bb"  # marks that end a quote, read backwards from its end
_TAG_LEAD = re.compile(r"[ \t]*[,;\u2014\u2013-]*[ \t]*")
_TAG_NAME = re.compile(r"([A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+)?)")
_TAG_GAP = re.compile(r"(?:[ \t]+\w+ly)?[ \t]*")


@dataclass(frozen=True)
class Grammar:
    determiners: frozenset[str]
    stop_words: frozenset[str]
    abbreviations: frozenset[str]
    voiceover: PhraseMatcher
    male: frozenset[str]
    female: frozenset[str]
    not_adverbs: frozenset[str]
    agent_endings: tuple[str, ...] = ()
    not_agents: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    words = load_raw("grammar")["words"]
    return Grammar(
        frozenset(words["determiners"]), frozenset(words["stop_words"]),
        frozenset(words["abbreviations"]), PhraseMatcher(words["voiceover"]),
        frozenset(words["male_markers"]), frozenset(words["female_markers"]),
        frozenset(words["not_adverbs"]),
        tuple(words.get("agent_endings", ())), frozenset(words.get("not_agents", ())),
    )


# "A grizzled prospector", "The old cartographer": an article and up to three lowercase words
_OPENING_PHRASE = re.compile(
    r"[ \t\"'\u201c(]*(?P<np>(?i:a|an|the)[ \t]+(?P<words>(?:[a-z][a-z'\u2019-]*[ \t]+){0,2}[a-z][a-z'\u2019-]*))")


def normalise(name: str) -> str:
    words = [w.strip("@'\u2019.,") for w in name.lower().replace("@", " ").split()]
    dets = grammar().determiners
    while words and words[0] in dets:
        words.pop(0)
    words = [w for w in words if w]
    if len(words) >= 3 and words[-1] in ("character", "person") and _DESIGNATION.fullmatch(words[-2]):
        words.pop()  # "the Figure 2 character" is "Figure 2"
    return " ".join(words)


_NOT_A_DIRECTION = re.compile(r"\s*(?:\d|~|v\.?\s?o\b|o\.?\s?s\b|o\.?\s?c\b|cont['\u2019]?d|off\b|off[- ]screen|"
                              r"on[- ]screen|continuing)", re.IGNORECASE)
# a possessive before a noun in the clause right after a person (verb and a few words between)
_OWN_POSSESSIVE = re.compile(r"[^.;:!?,\n\"\u201c]{0,30}?\b(his|her)[ \t]+([a-z][a-z'-]+)", re.IGNORECASE)
_CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MAIN_CHARACTER = frozenset({"protagonist", "main character", "lead character", "hero", "heroine"})
_TWO_WORDS = re.compile(r"[ \t]+([a-z][a-z'-]*)[ \t]+([a-z][a-z'-]*)")
_COMPARISON_BEFORE = re.compile(  # "like a judge", "than a child", "dressed as a pirate"; not "as a man enters"
    r"\b(?:like|than|unlike|(?:dressed|disguised|costumed|poses?|posing|acts?|acting|works?|working|serves?|serving)"
    r"[ \t]+as)[ \t]+$", re.IGNORECASE)
# `one says`, `One of them replies`: one person of a group, as the subject of a speech verb (after a
# clause's start: a line start, a mark, `and` or `then`)
_ONE_SPEAKS = re.compile(r"(?<![\w'\u2019-])(?P<one>[Oo]ne(?:[ \t]+of[ \t]+(?:them|the[ \t]+\w+))?)[ \t]+"
                         r"(?:\w+ly[ \t]+)?(?=\w)")
_CLAUSE_OPENS = re.compile(r"(?:[,;:.!?\u2014(]|\band|\bthen)[ \t]*$")
_THING_THAT_SAYS = re.compile(r"\b([a-z]+)[ \t]+(?:that|which)[ \t]+(?:\w+ly[ \t]+)?([a-z]+)\b[^.!?\n]{0,20}$",
                              re.IGNORECASE)
_AT_NAME = re.compile(r"(?<![\w.@])@([^\W\d_][\w'\u2019-]*)")
_SUBJECT_PRONOUN = re.compile(r"\b(he|she|they|it)\b", re.IGNORECASE)
# `opens her mouth and sings`: a possessive or article makes `mouth` a noun, which silences no line
_NOUN_BEFORE = re.compile(r"\b(?:his|her|their|its|my|your|our|a|an|the)[ \t]+$", re.IGNORECASE)
_ASIDE_AT_END = re.compile(r"[ \t]*\([^()\n]{0,60}\)[ \t]*$")
_RIGHT_BEFORE = re.compile(r"[ \t]+(?:\w+ly[ \t]+)?")
# `natural spoken Korean`, `spoken word`: a participle (never a verb on its own) that describes the
# speech noun after it, not a verb that hands over a line
_MODIFIES_SPEECH = re.compile(
    r"[ \t]+(?:" + "|".join(w for words in LANGUAGE_WORDS.values() for w in words if w.isascii()) +
    r"|words?|language|languages|lines?|dialogue|dialog|voice|voices|narration|audio|text|parts?)\b", re.IGNORECASE)
_DESIGNATION = re.compile(r"\d{1,3}|[a-z]")  # "Man 2", "Explorer B": a number or letter that names one of several
_AFTER_DESIGNATION = re.compile(r"[ \t]+(\d{1,3}|[A-HJ-Z])(?![\w'\u2019-]|[.,]\d)")  # not "the woman I love"


@dataclass(slots=True)
class Entity:
    key: str
    name: str
    head: str
    modifiers: frozenset[str]
    gender: str
    names: set[str] = field(default_factory=set)
    role: str | None = None
    voice: int | None = None
    described: list[Span] = field(default_factory=list)  # where a definition says who they are


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    kind: str  # label | np | name | pronoun | group | voiceover
    entity: Entity | None
    gender: str = "neutral"
    subject: bool = True  # first person named in its clause; later ones are objects (`to vanquish the enemy`)


@dataclass(slots=True)
class Label:
    span: Span  # brackets included
    entity: Entity
    style: Style | None
    voice_tag: str | None


@dataclass(slots=True)
class Attribution:
    speaker: Speaker | None
    style: Style | None
    verb: str | None
    delivery: str
    labelled: bool
    voice: int | None
    is_text: bool = False  # on-screen text or a title, not speech


# a pronoun points back this many mentions at most: further back, a prompt has moved on, and a
# clip of thousands of sentences stays linear
_PRONOUN_REACH = 64


class ClipSpeakers:
    """Speaker bookkeeping for one clip; feed it the clip's lines in order."""

    def __init__(self, text: str, vocab: Vocabulary) -> None:
        self.text = text
        self.vocab = vocab
        self.g = grammar()
        self.entities: list[Entity] = []
        self.mentions: list[Mention] = []
        self.last_speaker: Entity | None = None
        self.proper_names: dict[str, Entity] = {}
        self._names_re: re.Pattern[str] | None = None
        self.defined: dict[int, Entity] = {}  # a definition's person noun (its start) -> the named character

    # --- entities ---------------------------------------------------------------
    def _gender_of(self, words: list[str], fallback: str = "neutral") -> str:
        nouns = self.vocab.person_nouns
        for w in words:
            gender = nouns.get(w)
            if gender in ("male", "female"):
                return gender
        for w in words:
            if w in self.g.female:
                return "female"
            if w in self.g.male:
                return "male"
        return fallback

    def _head_of(self, words: list[str]) -> tuple[str, frozenset[str]]:
        """The person noun of a name and the other words ("explorer", {"b"})."""
        nouns = self.vocab.person_nouns
        for i in range(len(words) - 1, -1, -1):
            if i > 0 and " ".join(words[i - 1:i + 1]) in nouns:
                return " ".join(words[i - 1:i + 1]), frozenset(words[:i - 1] + words[i + 1:])
            if words[i] in nouns:
                return words[i], frozenset(words[:i] + words[i + 1:])
        return (words[-1] if words else ""), frozenset(words[:-1])

    def entity_for(self, name: str, gender_hint: str = "neutral", extra: str = "") -> Entity | None:
        key = normalise(name)
        if not key:
            return None
        for entity in reversed(self.entities):
            if key in entity.names:
                return entity
        words = key.split()
        head, mods = self._head_of(words)
        for entity in reversed(self.entities):
            if entity.head == head and (mods <= entity.modifiers or entity.modifiers <= mods):
                entity.names.add(key)
                return entity
        first = next((e for e in self.entities if e.key != "narrator"), None)
        if key in _MAIN_CHARACTER and first is not None and not name.lstrip().lower().startswith(("a ", "an ")):
            first.names.add(key)  # `the protagonist`: the person the prompt is about, introduced first
            return first
        if name.lstrip().lower().startswith(("the ", "this ", "that ")):
            kin = self._antecedent(words, head)
            if kin is not None:
                kin.names.add(key)
                return kin
        gender = self._gender_of(words, gender_hint)
        if gender == "neutral" and extra:
            gender = self._gender_of(extra.lower().replace(",", " ").split())
        entity = Entity(key, name.strip(), head, mods, gender, {key})
        self.entities.append(entity)
        if name.strip()[:1].isupper() and not any(w in self.vocab.person_nouns for w in words):
            self._add_proper(name.strip(), entity)
        return entity

    def _antecedent(self, words: list[str], head: str) -> Entity | None:
        """Who a definite phrase points back to: `the woman` after `a young woman`, `the old man` after
        `Joon: elderly man`. Its noun must be theirs. The one character of that kind the prompt defined
        wins (a definition describes, so `old` may answer `elderly`); otherwise its other words must be
        among theirs (`the old woman` is not `a young woman`), and only one person may fit: with two
        women, `the woman` could be either, and is not taken for one of them."""
        noun = head.split()[-1]  # `old man` and `man` are both men
        same_noun = [e for e in self.entities if e.head.split()[-1:] == [noun]]
        defined = [e for e in same_noun if e.described]
        if len(defined) == 1:
            return defined[0]
        rest = set(words) - {noun}
        kin = [e for e in same_noun if rest <= e.modifiers.union(e.head.split(), *(n.split() for n in e.names))]
        return kin[0] if len(kin) == 1 else None

    def _add_proper(self, name: str, entity: Entity) -> None:
        clean = name.lstrip("@").strip()
        if clean and clean not in self.proper_names and len(clean) > 1:
            self.proper_names[clean] = entity
            self._names_re = None

    def define(self, definition: Definition) -> Entity:
        """`Mina: adult Korean woman` / `Dr. Salma, an architect`: one character under a name
        and a description; `Salma` alone and `the woman` later are the same person."""
        text = self.text
        name = definition.name
        entity = self.proper_names.get(name)
        if entity is None:
            described = normalise(text[definition.description.start:definition.noun.end])
            head, mods = self._head_of(described.split())
            words = normalise(text[definition.description.start:definition.description.end]).split()
            entity = Entity(normalise(name), name, head, mods, self._gender_of(words[:_NOUN_WORDS]),
                            {normalise(name), described})
            self.entities.append(entity)
        self._add_proper(name, entity)
        words = name.split()
        if len(words) > 1 and all(w.endswith(".") or w.lower() in self.vocab.person_nouns for w in words[:-1]):
            self._add_proper(words[-1], entity)  # `Host Ava`, `Dr. Salma`, `Captain Reyes`: then `Ava`
        self.defined[definition.noun.start] = entity
        entity.described.append(definition.description)
        return entity

    # --- labels -----------------------------------------------------------------
    def read_label(self, start: int, end: int) -> Label | None:
        """A `[…]` at text[start:end] that names a character, else None."""
        content = self.text[start + 1:end - 1]
        if _TIMECODE_LABEL.match(content) or content.strip().lower() in self.vocab.section_kinds:
            return None
        voice_tag = None
        body_end = end - 1
        at = content.find("@")
        if at != -1:
            voice_tag = content[at + 1:].strip() or None
            body_end = start + 1 + at
        body_start = start + 1
        colon = self.text.find(":", body_start, body_end)
        if colon != -1:
            name_span = Span(body_start, colon)
            parts = _split_parts(self.text, colon + 1, body_end)
        else:
            comma = self.text.find(",", body_start, body_end)
            stop = comma if comma != -1 else body_end
            name_span = Span(body_start, stop)
            parts = _split_parts(self.text, stop + 1, body_end) if comma != -1 else []
        name = self.text[name_span.start:name_span.end].strip()
        words = normalise(name).split()
        if not name or not words:
            if voice_tag:
                name = voice_tag
                words = normalise(name).split()
            else:
                return None
        person = any(w in self.vocab.person_nouns for w in words) or " ".join(words[-2:]) in self.vocab.person_nouns
        if not person and any(w in _structure_words(self.vocab) for w in words):
            return None  # [ACTION AND DIALOGUE], [SCENE 2], [Audio cue]: a section header, not a person
        if not (person or name[:1].isupper() or voice_tag or self.g.voiceover.pattern.search(name)):
            return None  # [pause], [laughs]: stage directions, not people
        role_parts: list[tuple[int, int, str]] = []
        if colon != -1 and parts and not (parts[0][2].islower() and self._is_tone(parts[0][2])):
            role_parts = [parts[0]]  # [Name: Role, tone]: the first part names the role
            parts = parts[1:]
        style_parts = [p for p in parts if self._is_tone(p[2])]
        voiced = [p for p in style_parts if re.search(r"\b(?:voice|tone|accent|whisper\w*)\b", p[2], re.I)]
        if voiced:
            style_parts = voiced  # "[Woman, fingers tracing the table, cool female voice]"
        style = None
        if style_parts:
            span = Span(style_parts[0][0], style_parts[-1][1])
            style = Style(self.text[span.start:span.end], span, "label")
        entity = self.entity_for(name, extra=" ".join(p[2] for p in parts) + " " + (voice_tag or ""))
        if entity is None:
            return None
        if role_parts:
            role = role_parts[0][2]
            entity.role = entity.role or role
            role_key = normalise(role)
            if role_key and role_key not in entity.names:
                # a later label may use the role as the name: same speaker
                if not any(role_key in e.names for e in self.entities if e is not entity):
                    entity.names.add(role_key)
        return Label(Span(start, end), entity, style, voice_tag)

    def _is_tone(self, part: str) -> bool:
        for word in re.findall(r"[a-z-]+", part.lower()):
            if word in self.vocab.tone_words:
                return True
            if word.endswith("ly") and len(word) > 4 and word not in self.g.not_adverbs:
                return True
        return False

    # --- mentions ---------------------------------------------------------------
    def read_line(self, start: int, end: int, skip: list[Span], labels: list[Label]) -> list[Mention]:
        """Record the people mentioned on text[start:end] outside `skip` (quotes, labels)."""
        text = self.text
        found: list[Mention] = [Mention(l.span.start, l.span.end, "label", l.entity, l.entity.gender) for l in labels]
        asides = [Span(m.start(), m.end()) for m in _PAREN.finditer(text, start, end)]
        blocked = sorted(skip + [l.span for l in labels] + asides)

        def free(s: int, e: int) -> bool:
            return not any(b.start < e and s < b.end for b in blocked)

        nouns = list(self.vocab.person_matcher.finditer(text, start, end))
        for n, (s, e, noun) in enumerate(nouns):
            if not free(s, e):
                continue
            if n + 1 < len(nouns) and not text[e:nouns[n + 1][0]].strip():
                continue  # "adult woman", "robot butler": the last noun is the head
            if noun in ("other", "another") and self._plural_after(e, end):
                found.append(Mention(s, e, "group", None))  # "the other frogs resume": several of them
                continue
            np_start, words = self._walk_back(start, s)
            words.append(noun)
            tail = e
            designation = _AFTER_DESIGNATION.match(text, e, end)
            if designation is not None:  # "Figure 2", "Explorer B": the number or letter is the name
                words.append(designation.group(1).lower())
                tail = designation.end()
            for m in re.finditer(r"[ \t]+([A-Z][\w'\u2019-]+)", text[e:min(end, e + 40)]):
                if m.start() != tail - e:
                    break
                candidate = m.group(1)
                if candidate.lower() in self.vocab.speech_verbs or candidate.lower() in self.g.stop_words:
                    break
                words.append(candidate.lower())
                tail = e + m.end()
                if len(words) > 6:
                    break
            name = text[np_start:tail]
            if _COMPARISON_BEFORE.search(text, max(start, np_start - 20), np_start):
                continue  # "stands like a judge", "dressed as a pirate": a likeness or a role, not someone new
            owner = self._possessor_itself(np_start, words, noun)
            if owner is not None:  # "silhouetting his figure": the man himself, not a new person
                found.append(Mention(np_start, tail, "pronoun", None, owner))
                continue
            character = self.defined.get(s)
            if character is not None:  # "Mina: adult woman": "adult woman" is Mina
                character.names.add(normalise(name))
                found.append(Mention(np_start, tail, "np", character, character.gender))
                continue
            entity = self.entity_for(name)
            if entity is not None and self._is_plural(noun):
                found.append(Mention(np_start, tail, "group", None))
                continue
            if entity is not None:
                found.append(Mention(np_start, tail, "np", entity, entity.gender))
        for m in _ONE_SPEAKS.finditer(text, start, end):  # `two people in a cafe, one says`: one of them
            s, e = m.span("one")
            verb = text[m.end():m.end() + 20].split()[:1]
            if free(s, e) and verb and verb[0].lower().strip(",:") in self.vocab.speech_verbs and \
                    (s == start or _CLAUSE_OPENS.search(text, max(start, s - 8), s)):
                entity = next((x for x in self.entities if x.key == "one"), None)
                if entity is None:  # not entity_for: `one` is a determiner there (`one man`)
                    entity = Entity("one", "one of them", "one", frozenset(), "neutral", {"one"})
                    self.entities.append(entity)
                found.append(Mention(s, e, "np", entity, entity.gender))
        for s, e, _ in self.g.voiceover.finditer(text, start, end):
            if free(s, e):
                found.append(Mention(s, e, "voiceover", self.narrator(), "neutral"))
        for m in _AT_NAME.finditer(text, start, end):
            s, e = m.start(), m.end()
            if free(s, e) and not any(f.start <= s + 1 < f.end or f.start <= s < f.end for f in found):
                entity = self.entity_for(m.group(0))
                if entity is not None:
                    found.append(Mention(s, e, "name", entity, entity.gender))
        if self.proper_names:
            if self._names_re is None:
                alternatives = "|".join(re.escape(n) for n in sorted(self.proper_names, key=len, reverse=True))
                self._names_re = re.compile(r"(?<![\w@])(?:" + alternatives + r")(?![\w])")
            for m in self._names_re.finditer(text, start, end):
                s, e = m.span()
                if free(s, e) and not any(f.start <= s < f.end for f in found):
                    found.append(Mention(s, e, "name", self.proper_names[m.group()], self.proper_names[m.group()].gender))
        for m in _SUBJECT_PRONOUN.finditer(text, start, end):
            s, e = m.start(), m.end()
            if free(s, e):
                word = m.group(1).lower()
                if word == "they":
                    found.append(Mention(s, e, "group", None))
                else:
                    found.append(Mention(s, e, "pronoun", None, self.vocab.pronouns.get(word, "neutral")))
        for s, e, _ in self.vocab.group_subjects.finditer(text, start, end):
            if free(s, e):
                found.append(Mention(s, e, "group", None))
        found.sort(key=lambda m: (m.start, -m.end))
        # drop mentions nested in an earlier, longer one
        kept: list[Mention] = []
        for m in found:
            if kept and m.start < kept[-1].end:
                continue
            kept.append(m)
        self._mark_objects(kept, start, end)
        for m in kept:
            if m.kind == "pronoun":
                m.entity = self._resolve(m)
            elif m.entity is not None and m.entity.gender == "neutral":
                m.entity.gender = self._own_possessive(m.end, end) or "neutral"
            self.mentions.append(m)
        return kept

    def _mark_objects(self, kept: list[Mention], start: int, end: int) -> None:
        """A person named after another in the same clause is that clause's object, not its subject:
        `She is speaking to an unseen person`, `He fights to vanquish the enemy`. One sweep."""
        if len(kept) < 2:
            return
        text = self.text
        cuts = sorted([m.end() for m in _BOUNDARY.finditer(text, start, end)] +
                      [m.end() for m in _CLAUSE.finditer(text, start, end)])
        c, clause = 0, -1
        for m in kept:
            while c < len(cuts) and cuts[c] <= m.start:
                c += 1
            m.subject = clause != c
            clause = c

    def _own_possessive(self, after: int, end: int) -> str | None:
        """`Android 18 crosses her arms`: the possessive in a person's own clause gives their gender."""
        m = _OWN_POSSESSIVE.match(self.text, after, end)
        if m is None or m.group(2).lower() in self.g.stop_words or m.group(2).endswith("ly"):
            return None
        return "male" if m.group(1).lower() == "his" else "female"

    def _plural_after(self, at: int, end: int) -> bool:
        """`other frogs resume`: a plural noun after `other`, known by the verb after it, which has
        no -s (`the other smiles and says`, `the other nods slowly` are one person's verbs)."""
        m = _TWO_WORDS.match(self.text, at, end)
        if m is None:
            return False
        noun, verb = m.group(1).lower(), m.group(2).lower()
        if not noun.endswith("s") or noun.endswith("ss") or noun in self.vocab.speech_verbs:
            return False
        return not (verb.endswith(("s", "ly")) or verb in self.g.stop_words or verb in ("away", "around", "again"))

    def _cjk_attribution(self, floor: int, q: int) -> Attribution | None:
        """`男主嘶吼："…"`: the person who opens the Chinese or Japanese sentence before the line."""
        found = cjk_subject_before(self.text, floor, q, self.vocab)
        if found is None:
            return None
        if found.pronoun:
            mention = Mention(found.start, found.end, "pronoun", None, found.gender)
            entity = self._resolve(mention)
            if entity is None:
                return None
        elif found.narrator:
            entity = self.narrator()
        elif found.generic and (one := self._only_one(found.gender)) is not None:
            entity = one  # `女主 … 女人说`: the woman already there
        else:
            entity = self.entity_for(found.word, found.gender)
            if entity is None:
                return None
            if entity.gender == "neutral" and found.gender != "neutral":
                entity.gender = found.gender
        self.mentions.append(Mention(found.start, found.end, "name", entity, entity.gender))
        self.last_speaker = entity
        how = cjk_manner(self.text, found.end, q)
        style = Style(self.text[how[0]:how[1]], Span(*how), "verb") if how else None
        source = "pronoun" if found.pronoun else "subject"
        speaker = Speaker(entity.key, entity.name, Span(found.start, found.end), source, entity.gender, entity.role)
        return Attribution(speaker, style, None, "voiceover" if found.narrator else "speech", False, entity.voice)

    def _only_one(self, gender: str) -> Entity | None:
        """The one person of this gender the clip has named, if there is exactly one."""
        if gender not in ("male", "female"):
            return None
        found = [e for e in self.entities if e.gender == gender and e.key != "narrator"]
        return found[0] if len(found) == 1 else None

    def _possessor_itself(self, np_start: int, words: list[str], noun: str) -> str | None:
        """The gender of the possessive opening `his figure` / `her silhouette`, whose head noun
        names the possessor's own body or self; None for any other phrase (`his wife` is someone)."""
        if noun not in self.vocab.self_nouns or len(words) > 3:
            return None
        m = re.match(r"[A-Za-z]+", self.text[np_start:np_start + 6])
        return self.vocab.possessives.get(m.group().lower()) if m else None

    def _is_plural(self, noun: str) -> bool:
        """'the twins', 'two women': several people, who speak as a group."""
        nouns = self.vocab.person_nouns
        if noun in ("men", "women", "children", "people", "kids", "friends", "twins", "others"):
            return True
        return noun.endswith("s") and not noun.endswith("ss") and (noun[:-1] in nouns or noun[:-2] in nouns)

    def _walk_back(self, floor: int, at: int) -> tuple[int, list[str]]:
        """Start of the noun phrase ending in the noun at `at`, and its modifier words."""
        window = self.text[max(floor, at - 80):at]
        base = at - len(window)
        tokens = list(re.finditer(r"[\w@'\u2019-]+|[^\w\s]", window))
        start = at
        words: list[str] = []
        for tok in reversed(tokens):
            if self.text[base + tok.end():start].strip(" \t"):
                break  # something other than blanks between this token and the phrase
            low = tok.group().lower().lstrip("@")
            if not tok.group()[0].isalnum() and tok.group()[0] != "@":
                break
            if words and low not in self.g.determiners and tok.group()[0].islower() and \
                    self.text[start] in "@ABCDEFGHIJKLMNOPQRSTUVWXYZ":
                break  # "to reveal @Female lead": a lowercase word before a name is not part of it
            if low in self.g.determiners:
                start = base + tok.start()
                break
            if low in self.g.stop_words or low in self.vocab.speech_verbs or low in ("he", "she", "they", "it", "you", "i", "we"):
                break
            if len(words) >= 3:
                break
            words.insert(0, low)
            start = base + tok.start()
        return start, words

    def _resolve(self, pronoun: Mention) -> Entity | None:
        """Most recent person of the pronoun's gender; else of unknown gender; else the last speaker.
        A person named as an object (`vanquish the enemy`) neither answers a `he` nor hides the subject
        before it; an earlier `she` that named no one means this `she` is that same unknown person."""
        recent = [m for m in reversed(self.mentions[-_PRONOUN_REACH:]) if m.kind != "voiceover"]
        candidates = [m.entity for m in recent if m.entity is not None]
        if pronoun.gender != "neutral":
            gendered = any(e.gender == pronoun.gender for e in candidates)
            for m in recent:
                entity = m.entity
                if entity is None:
                    if m.kind == "pronoun" and m.gender == pronoun.gender:
                        return None  # the chain of an unnamed `she`: still no one to name
                    continue
                if entity.gender == pronoun.gender:
                    return entity
                if entity.gender == "neutral" and gendered and m.subject:
                    return None  # someone of unknown gender came since the last match: either may be meant
            neutral = [m for m in recent if m.entity is not None and m.entity.gender == "neutral"]
            for m in sorted(neutral, key=lambda m: not m.subject):
                return m.entity
            last = self.last_speaker
            return last if last is not None and last.gender in (pronoun.gender, "neutral") else None
        return candidates[0] if candidates else self.last_speaker

    def narrator(self) -> Entity:
        for entity in self.entities:
            if entity.key == "narrator":
                return entity
        entity = Entity("narrator", "narrator", "narrator", frozenset(), "neutral", {"narrator"})
        self.entities.append(entity)
        return entity

    # --- attribution --------------------------------------------------------------
    def attribute_named(self, name: Span, style: Span | None) -> Attribution:
        """`Anna: "…"` / `MARA (softly): "…"`: the line's key names its speaker."""
        text = self.text
        written = text[name.start:name.end].strip()
        entity = self.entity_for(written)
        if entity is None:
            return Attribution(None, None, None, "speech", False, None)
        if written[:1].isupper():
            self._add_proper(written, entity)
        self.mentions.append(Mention(name.start, name.end, "name", entity, entity.gender))
        self.last_speaker = entity
        delivery = "voiceover" if self.g.voiceover.pattern.search(written) else "speech"
        found = None
        if style is not None:
            direction = text[style.start:style.end].strip()
            # as in a screenplay, a parenthesis between the name and the line says how it is delivered,
            # whatever its words (`Coworker (mouth full):`); an age or an extension (V.O., CONT'D) does not
            found = Style(direction, style, "parenthesis" if _NOT_A_DIRECTION.match(direction) else "label")
        speaker = Speaker(entity.key, entity.name, name, "name", entity.gender, entity.role)
        return Attribution(speaker, found, None, delivery, False, entity.voice)

    def _mouthed(self, form: str) -> bool:
        entry = self.vocab.speech_verbs.get(form)
        return entry is not None and entry.data.get("delivery") == "mouthed"

    def _tag_after(self, quote_end: int, stop: int, mentions: list[Mention]):
        """`"Hi," she says softly.` / `"Go," barks the captain.`: a speech tag right after the
        quote, in the same sentence. Returns (verb, subject mention or None, name span or None)."""
        text = self.text
        boundary = _BOUNDARY.search(text, quote_end, stop)
        end = boundary.start() if boundary else stop
        lead = _TAG_LEAD.match(text, quote_end, end)
        if lead is None:
            return None
        at = lead.end()
        inner = quote_end
        while inner > 0 and text[inner - 1] in _CLOSERS:
            inner -= 1
        if inner > 0 and text[inner - 1] in ".!?\u2026" and lead.group().strip() == "" and \
                _NEW_SENTENCE.match(text, at, end):
            return None  # `"We sail at dawn." She turns away.`: a new sentence, not a tag
        verbs = [v for v in self.vocab.speech_verb_matcher.finditer(text, at, min(end, at + 80))]
        if not verbs:
            return None
        verb = verbs[0]
        if verb[0] == at:  # inverted: `says the captain`
            after = next((m for m in mentions if verb[1] <= m.start <= verb[1] + 2 and m.start < end), None)
            if after is not None and (after.entity is not None or after.kind == "group"):
                return verb, after, None
            return None
        subject = next((m for m in mentions if m.start == at), None)
        gap_from = subject.end if subject is not None else None
        name = None
        if subject is None:
            cap = _TAG_NAME.match(text, at, verb[0])
            if cap is None:
                return None
            name = Span(cap.start(1), cap.end(1))
            gap_from = cap.end(1)
        if not _TAG_GAP.fullmatch(text, gap_from, verb[0]):
            return None
        if subject is not None and subject.entity is None and subject.kind not in ("group", "pronoun"):
            return None
        return verb, subject, name  # an unnamed `she` still gives the verb and its manner

    def attribute(
        self, line_start: int, quote: RawQuote, previous_end: int | None,
        previous: Attribution | None, mentions: list[Mention], labels: list[Label],
        after_end: int | None = None,
    ) -> Attribution:
        text = self.text
        q = quote.start
        floor = previous_end if previous_end is not None else line_start
        if previous is not None and previous_end is not None and previous.speaker is not None:
            if _CONTINUATION.fullmatch(text, previous_end, q):
                paren = _PAREN.search(text, previous_end, q)
                style = Style(paren.group(1), Span(paren.start(1), paren.end(1)), "parenthesis") if paren else None
                speaker = previous.speaker
                source = speaker.source if speaker.source in ("group", "unnamed") else "continuation"
                cont = Speaker(speaker.key, speaker.name, speaker.span, source, speaker.gender, speaker.role)
                return Attribution(cont, style, None, previous.delivery, previous.labelled, previous.voice)

        sentence = self._sentence_start(floor, q)
        context_words = text[sentence:q]
        lead = _ASIDE_AT_END.sub("", context_words)  # `画外音： sings (calmly) "…"`: the aside leads in nothing
        if _CJK_CHAR.search(lead[-12:]) and not any(l.span.start >= sentence for l in labels):
            cjk = self._cjk_attribution(floor, q)
            if cjk is not None:
                return cjk
        if self._is_on_screen_text(sentence, q, mentions):
            return Attribution(None, None, None, "speech", False, None, is_text=True)

        asides = [m.span() for m in _PAREN.finditer(text, sentence, q)]
        verbs = [(s, e, form) for s, e, form in self.vocab.speech_verb_matcher.finditer(text, sentence, q)
                 if not any(l.span.start <= s < l.span.end for l in labels)
                 and not any(a <= s < b for a, b in asides)
                 and not (form.endswith("en") and _MODIFIES_SPEECH.match(text, e))
                 and not (self._mouthed(form) and _NOUN_BEFORE.search(text, max(sentence, s - 8), s))]
        verb_match = None
        if verbs:
            clause = max([sentence] + [m.end() for m in _CLAUSE.finditer(text, sentence, verbs[-1][0])])
            verb_match = next(v for v in verbs if v[0] >= clause)
        verb_entry = self.vocab.speech_verbs.get(verb_match[2]) if verb_match else None
        delivery = str(verb_entry.data.get("delivery", "speech")) if verb_entry else "speech"
        if delivery == "mouthed" and verb_match and verb_match[2].startswith("lip"):
            delivery = "speech"

        label = next((l for l in reversed(labels) if sentence <= l.span.start and l.span.end <= q), None)
        before = text[floor:q].rstrip(" \t")
        if verb_match is None and label is None and before and before[-1].isalnum() and \
                not ("\u3040" <= before[-1] <= "\u9fff"):
            # 'a "C" pendant', 'warm "golden hour" light': quoted words inside a phrase
            return Attribution(None, None, None, "speech", False, None, is_text=True)
        tag = None
        if verb_match is None and label is None and after_end is not None and \
                not any(sentence <= m.start < q and m.kind != "voiceover" for m in mentions):
            tag = self._tag_after(quote.end, after_end, mentions)
        if tag is not None:
            return self._tagged(tag, quote.end, after_end, context_words)
        subject_limit = verb_match[0] if verb_match else q
        subject = self._subject(sentence, subject_limit, mentions)
        if subject is None and label is None and verb_match is not None:
            subject = self._noun_before_verb(sentence, verb_match[0])
        unnamed = next((m for m in mentions if m.kind == "pronoun" and m.entity is None
                        and sentence <= m.start < subject_limit), None)  # "He looks around and says": someone unknown
        if subject is None and label is None and verb_match is not None and not unnamed:
            subject = self._subject_before(line_start, sentence, mentions)
        if subject is None and label is None and not verb_match:
            stripped = context_words.strip(_STRIP + "()")
            if not stripped or _PAREN.fullmatch(context_words.strip(_STRIP)):
                subject = self._subject_before(line_start, sentence, mentions)

        voice = None
        for m in re.finditer(r"<<<\s*voice_(\d+)\s*>>>", context_words):
            voice = int(m.group(1))

        style = self._style(sentence, q, verb_match, label)
        labelled = False
        speaker: Speaker | None = None
        if label is not None and (subject is None or subject.start >= label.span.start):
            labelled = True
            entity = label.entity
            speaker = Speaker(entity.key, entity.name, Span(label.span.start + 1, label.span.end - 1), "label",
                              entity.gender, entity.role)
            if label.style is not None:
                style = label.style
            if self.g.voiceover.pattern.search(entity.name):
                delivery = "voiceover"
        elif subject is not None:
            entity = subject.entity
            if subject.kind == "group":
                speaker = Speaker("group", text[subject.start:subject.end], Span(subject.start, subject.end), "group")
            elif subject.kind == "voiceover" and entity is not None:
                speaker = Speaker(entity.key, entity.name, Span(subject.start, subject.end), "voiceover")
                delivery = "voiceover"
            elif entity is not None:
                source = "pronoun" if subject.kind == "pronoun" else "subject"
                speaker = Speaker(entity.key, entity.name, Span(subject.start, subject.end), source,
                                  entity.gender, entity.role)
                if self.g.voiceover.pattern.search(entity.name):
                    delivery = "voiceover"  # "Narrator: ..." / "the narrator says"
        elif verb_match is not None and not unnamed:
            name = self._name_before_verb(sentence, verb_match[0]) or self._agent_opening(sentence, verb_match[0]) \
                or self._name_opening(sentence, verb_match[0])
            if name is not None:
                entity = self.entity_for(text[name.start:name.end])
                if entity is not None:
                    speaker = Speaker(entity.key, entity.name, name, "name", entity.gender)
        if speaker is None and unnamed is not None and subject is None and label is None:
            # someone speaks whom no one named: their lines hang together, but they are counted as no one
            speaker = Speaker(f"unnamed:{unnamed.start}", text[unnamed.start:unnamed.end],
                              Span(unnamed.start, unnamed.end), "unnamed", unnamed.gender)
        if speaker is None and not unnamed and (verb_match is not None or previous is None) and self.last_speaker is not None \
                and self._voiceover_in(sentence, q) is None:
            entity = self.last_speaker
            speaker = Speaker(entity.key, entity.name, None, "continuation", entity.gender, entity.role)
        if speaker is None:
            vo = self._voiceover_in(sentence, q)
            if vo is not None:
                entity = self.narrator()
                speaker = Speaker(entity.key, entity.name, vo, "voiceover")
                delivery = "voiceover"
        if speaker is not None and speaker.source != "group":
            entity = next((e for e in self.entities if e.key == speaker.key), None)
            if entity is not None:
                if voice is not None:
                    entity.voice = voice
                self.last_speaker = entity
        return Attribution(speaker, style, verb_match[2] if verb_match else None, delivery, labelled, voice)

    def _tagged(self, tag, quote_end: int, stop: int, context_words: str) -> Attribution:
        """The attribution a speech tag after the quote gives."""
        text = self.text
        verb, subject, name = tag
        entry = self.vocab.speech_verbs.get(verb[2])
        delivery = str(entry.data.get("delivery", "speech")) if entry else "speech"
        if delivery == "mouthed" and verb[2].startswith("lip"):
            delivery = "speech"
        boundary = _BOUNDARY.search(text, quote_end, stop)
        end = boundary.start() if boundary else stop
        clause = _CLAUSE.search(text, verb[1], end)
        style_end = clause.start() if clause else end
        while style_end > verb[0] and text[style_end - 1] in _STRIP + " \t\r\n":
            style_end -= 1
        style = Style(text[verb[0]:style_end], Span(verb[0], style_end), "verb")
        speaker: Speaker | None = None
        if subject is not None and subject.kind == "group":
            speaker = Speaker("group", text[subject.start:subject.end], Span(subject.start, subject.end), "group")
        elif subject is not None and subject.entity is not None:
            entity = subject.entity
            source = "pronoun" if subject.kind == "pronoun" else "subject"
            speaker = Speaker(entity.key, entity.name, Span(subject.start, subject.end), source, entity.gender, entity.role)
        elif name is not None:
            entity = self.entity_for(text[name.start:name.end])
            if entity is not None:
                speaker = Speaker(entity.key, entity.name, name, "name", entity.gender)
        elif subject is not None and subject.kind == "pronoun":  # someone no one named: counted as no one
            speaker = Speaker(f"unnamed:{subject.start}", text[subject.start:subject.end],
                              Span(subject.start, subject.end), "unnamed", subject.gender)
        if speaker is not None and speaker.source not in ("group", "unnamed"):
            entity = next((e for e in self.entities if e.key == speaker.key), None)
            if entity is not None:
                self.last_speaker = entity
                if self.g.voiceover.pattern.search(entity.name):
                    delivery = "voiceover"
        return Attribution(speaker, style, verb[2], delivery, False, None)

    def _voiceover_in(self, start: int, end: int) -> Span | None:
        for s, e, _ in self.g.voiceover.finditer(self.text, start, end):
            return Span(s, e)
        return None

    def _is_on_screen_text(self, start: int, q: int, mentions: list[Mention]) -> bool:
        before = self.text[start:q].rstrip(" \t:,")
        last_word = re.search(r"([\w-]+)\W*$", before)
        words = self.vocab.on_screen_text_words
        if last_word and (last_word.group(1).lower() in words or
                          (before.endswith(last_word.group(1)) and last_word.group(1).lower() in self.vocab.text_after_words)):
            return True  # `text reading "…"`, `the app notification: "…"`
        lead = self.text[max(start, q - 80):q]
        thing = _THING_THAT_SAYS.search(self.text, max(start, q - 80), q) if "that" in lead or "which" in lead \
            or "That" in lead or "Which" in lead else None
        if thing is not None and thing.group(2).lower() in self.vocab.speech_verbs and \
                thing.group(1).lower() not in self.vocab.person_nouns:
            return True  # `a header that says "…"`: people say things `who` says
        for s, e, _ in self.vocab.on_screen_text_matcher.finditer(self.text, start, q):
            if not any(m.start < q and m.start >= start and m.kind != "group" for m in mentions if m.start < s):
                # "a neon sign that says": the thing that "speaks" is text
                if self.vocab.speech_verb_matcher.pattern.search(self.text, e, q):
                    return True
        return False

    def _sentence_start(self, floor: int, q: int) -> int:
        start = floor
        for m in _BOUNDARY.finditer(self.text, floor, q):
            word = re.search(r"(\w+)$", self.text[max(floor, m.start() - 12):m.start()])
            if m.group().startswith(".") and word and word.group(1).lower() in self.g.abbreviations:
                continue
            if m.end() < q:
                start = m.end()
        return start

    def _subject(self, start: int, limit: int, mentions: list[Mention]) -> Mention | None:
        """The first person mentioned in the last clause (before `limit`) that names one. A clause
        whose first person is a pronoun no one answers (`he waves at the courier`) has an unknown
        subject: the courier after it is the object, not the speaker."""
        cuts = [start] + [m.end() for m in _CLAUSE.finditer(self.text, start, limit)]
        beside = next((m for m in reversed(mentions) if start <= m.start and m.end <= limit), None)
        if beside is not None and beside.kind == "np" and beside.entity is not None and beside.entity.key == "one" \
                and _RIGHT_BEFORE.fullmatch(self.text, beside.end, limit):
            return beside  # `two people in a cafe, one says`: the one right before the verb speaks
        for clause_start in reversed(cuts):
            for m in mentions:
                if not clause_start <= m.start < limit:
                    continue
                if m.kind == "pronoun" and m.entity is None and \
                        self.last_speaker is not None and self.last_speaker.gender in (m.gender, "neutral"):
                    m.entity = self.last_speaker  # "Marie says … She switches to French:": named since
                if m.entity is not None or m.kind == "group":
                    return m
                if m.kind == "pronoun":
                    return None
        return None

    def _subject_before(self, line_start: int, sentence: int, mentions: list[Mention]) -> Mention | None:
        """Subject of the nearest earlier sentence on the same line that names someone."""
        end = sentence
        while end > line_start:
            begin = self._sentence_start(line_start, max(line_start, end - 1))
            found = self._subject(begin, end, mentions)
            if found is not None:
                return found
            if any(m.kind == "pronoun" and m.entity is None and begin <= m.start < end for m in mentions):
                return None  # "He looks around.": someone we cannot name acts last; reading further back guesses
            if begin == line_start:
                break
            end = begin
        return None

    def _noun_before_verb(self, start: int, verb: int) -> Mention | None:
        """`The apprentice replies`: a noun phrase right before the verb names the speaker even
        when the noun is not in the people vocabulary."""
        before = self.text[start:verb]
        m = re.search(r"\b(?:the|a|an|his|her|their|my|our|your)[ \t]+((?:[\w'\u2019-]+[ \t]+){0,2}[\w'\u2019-]+)"
                      r"(?:[ \t]*<<<[^<>\n]{0,20}>>>)?(?:[ \t]+\w+ly)?[ \t]*$", before, re.IGNORECASE)
        if m is None or m.group(1).lower().split()[-1] in self.g.stop_words:
            return None
        s, e = start + m.start(), start + m.end(1)
        if self._is_plural(m.group(1).lower().split()[-1]):
            return Mention(s, e, "group", None)  # "All the frogs answer": several voices, no one speaker
        entity = self.entity_for(self.text[s:e])
        return Mention(s, e, "np", entity, entity.gender) if entity is not None else None

    def _agent_opening(self, start: int, verb: int) -> Span | None:
        """`A grizzled prospector leans on his mule and says`: a sentence that opens with an
        article and a noun for someone who does something (-er, -or, -ist...), which no
        vocabulary lists; the longest such phrase of up to three words."""
        m = _OPENING_PHRASE.match(self.text, start, verb)
        if m is None:
            return None
        words = list(re.finditer(r"[^ \t]+", m.group("words")))
        g = self.g
        for n in range(len(words), 0, -1):
            head = words[n - 1].group().lower()
            if head.endswith(g.agent_endings) and head not in g.not_agents and head not in g.stop_words \
                    and head not in self.vocab.speech_verbs and len(head) > 3:
                return Span(m.start("np"), m.start("words") + words[n - 1].end())
        return None

    def _name_opening(self, start: int, verb: int) -> Span | None:
        """`Marie smiles warmly and says`: a sentence that opens with a capitalised name and a
        verb of its own (a lowercase word in -s) before the speech verb."""
        m = _NAME_OPENING.match(self.text, start, verb)
        if m is None or m.group(1).lower() in self.g.stop_words or m.group(1).lower() in self.g.determiners:
            return None
        return Span(m.start(1), m.end(1))

    def _name_before_verb(self, start: int, verb: int) -> Span | None:
        """`Sarah whispers`: a capitalised name right before the verb (adverbs allowed)."""
        before = self.text[start:verb]
        m = re.search(r"([A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+)?)(?:[ \t]+\w+ly)?[ \t]*$", before)
        if not m:
            return None
        return Span(start + m.start(1), start + m.end(1))

    def _style(self, start: int, q: int, verb: tuple[int, int, str] | None, label: Label | None) -> Style | None:
        text = self.text
        region_start = verb[0] if verb else (label.span.end if label else start)
        paren = None
        for m in _PAREN.finditer(text, region_start, q):
            paren = m
        if paren is not None and text[paren.end():q].strip(_STRIP) == "":
            return Style(paren.group(1).strip(), Span(paren.start(1), paren.end(1)), "parenthesis")
        if verb is None:
            if label is not None:
                return None
            # "The girl nods excitedly, "…"": a manner adverb right before the line
            m = re.search(r"\b(\w+ly)\W*$", text[start:q])
            if m and m.group(1).lower() not in self.g.not_adverbs and len(m.group(1)) > 4:
                return Style(m.group(1), Span(start + m.start(1), start + m.end(1)), "manner")
            return None
        s = verb[0]
        adverbs = re.search(r"((?:\b\w+ly[ \t]+){1,2})$", text[max(start, s - 40):s])
        if adverbs and all(w not in self.g.not_adverbs for w in adverbs.group(1).lower().split()):
            s -= len(adverbs.group(1))
        e = q
        while e > s and text[e - 1] in _STRIP + " \t\r\n":
            e -= 1
        return Style(text[s:e], Span(s, e), "verb")


@lru_cache(maxsize=1)
def _structure_words(vocab: Vocabulary) -> frozenset[str]:
    """Single words that name a part of a prompt (sections, shots, transitions)."""
    words = {w for w, kind in vocab.section_kinds.items() if " " not in w and kind not in ("character", "subject")}
    return frozenset(words | {"action", "actions", "intro", "outro", "transition", "cut", "fade", "title", "shot",
                              "part", "hook", "cta", "opening", "closing", "ending", "end", "cue", "sfx", "bgm"})


def _split_parts(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Comma-separated parts of text[start:end] as (start, end, text), blanks trimmed."""
    parts = []
    pos = start
    while pos <= end:
        comma = text.find(",", pos, end)
        stop = comma if comma != -1 else end
        s, e = pos, stop
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            parts.append((s, e, text[s:e]))
        if comma == -1:
            break
        pos = comma + 1
    return parts
