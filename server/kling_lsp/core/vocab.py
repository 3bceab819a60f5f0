"""The vocabularies (TOML files in kling_lsp/data) and the matchers built from them.

Words live in data so writers and contributors can extend them without touching code.
Loaded once per process; every entry keeps its one-line description for completion and
hover.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from .inflect import phrase_forms
from .matcher import PhraseMatcher

DATA_PACKAGE = "kling_lsp.data"
# file stem -> the arrays of tables in it that hold entries
ENTRY_TABLES = {
    "speech_verbs": ("verb",),
    "speaking_styles": ("style",),
    "sound_effects": ("sound",),
    "sound_actions": ("action",),
    "music": ("cue", "style", "low", "implied"),
    "ambience": ("environment",),
    "atmosphere": ("silence", "loud", "mood"),
    "people": ("person",),
    "sections": ("section",),
    "text_markers": (),
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One vocabulary entry: its words, description and the file's extra fields."""

    kind: str  # "<file>.<table>", e.g. "music.style"
    phrases: tuple[str, ...]
    description: str
    data: dict = field(hash=False, compare=False)
    forms: tuple[str, ...] = ()  # inflected forms of the phrases, for tables the file marks `inflect`

    @property
    def phrase(self) -> str:
        return self.phrases[0]


def _phrases(table: dict) -> tuple[str, ...]:
    found: list[str] = []
    for key in ("phrase", "name", "forms", "words", "nouns", "triggers", "aliases"):
        value = table.get(key)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found.extend(v for v in value if isinstance(v, str))
    seen: dict[str, None] = {}
    for p in found:
        seen.setdefault(p.lower().strip(), None)
    return tuple(p for p in seen if p)


def load_raw(stem: str) -> dict:
    with resources.files(DATA_PACKAGE).joinpath(f"{stem}.toml").open("rb") as handle:
        return tomllib.load(handle)


class Vocabulary:
    """All vocabularies, with lookups the parser and the rules need."""

    def __init__(self) -> None:
        self.raw = {stem: load_raw(stem) for stem in ENTRY_TABLES}
        self._lookups: dict[tuple[str, ...], tuple[PhraseMatcher, dict[str, Entry]]] = {}
        self._field_forms: dict[tuple[Entry, str], frozenset[str]] = {}
        self.entries: dict[str, list[Entry]] = {}
        for stem, tables in ENTRY_TABLES.items():
            inflected = set(self.raw[stem].get("inflect", ()))
            for table in tables:
                kind = f"{stem}.{table}"
                self.entries[kind] = [
                    self._entry(kind, item, table in inflected) for item in self.raw[stem].get(table, [])
                ]

    def _entry(self, kind: str, item: dict, inflect: bool) -> Entry:
        phrases = _phrases(item)
        forms: tuple[str, ...] = ()
        if inflect:
            own = set(phrases)
            forms = tuple(dict.fromkeys(f for p in phrases for f in phrase_forms(p, self._fixed_words, self._irregular)
                                        if f not in own))
        return Entry(kind, phrases, str(item.get("description", "")), item, forms)

    @cached_property
    def _fixed_words(self) -> frozenset[str]:
        """Words a phrase's inflection leaves alone: articles, pronouns, prepositions and the like."""
        words = self.raw_grammar["words"]
        return frozenset(w.lower() for key in ("determiners", "stop_words", "object_pronouns") for w in words.get(key, ()))

    @cached_property
    def _irregular(self) -> dict[str, tuple[str, ...]]:
        """Each form of an irregular verb -> all its forms (throw, throws, threw, thrown, throwing)."""
        table: dict[str, tuple[str, ...]] = {}
        for group in self.raw_grammar.get("irregular", {}).get("verbs", []):
            base = group[0]
            forms = (base, base + "s" if not base.endswith(("s", "sh", "ch")) else base + "es",
                     base[:-1] + "ing" if base.endswith("e") and not base.endswith("ee") else base + "ing", *group[1:])
            for form in forms:
                table[form] = forms
        return table

    @cached_property
    def raw_grammar(self) -> dict:
        return load_raw("grammar")

    @staticmethod
    def _all_phrases(entries):
        """Each entry's own phrases first, then every entry's forms, so a form made for one entry
        never takes a phrase another entry lists itself."""
        for entry in entries:
            for phrase in entry.phrases:
                yield phrase, entry
        for entry in entries:
            for phrase in entry.forms:
                yield phrase, entry

    # --- generic lookups -----------------------------------------------------------
    def lookup(self, *kinds: str) -> tuple[PhraseMatcher, dict[str, Entry]]:
        """One matcher over the phrases of `kinds` ("music.cue", ...) and phrase -> entry."""
        key = kinds
        cached = self._lookups.get(key)
        if cached is None:
            table: dict[str, Entry] = {}
            for phrase, entry in self._all_phrases([e for kind in kinds for e in self.entries[kind]]):
                table.setdefault(" ".join(phrase.lower().split()), entry)
            cached = (PhraseMatcher(table), table)
            self._lookups[key] = cached
        return cached

    def lookup_all(self, *kinds: str) -> tuple[PhraseMatcher, dict[str, list[Entry]]]:
        """One matcher over several vocabularies: phrase -> every entry that lists it."""
        key = ("all",) + kinds
        cached = self._lookups.get(key)
        if cached is None:
            table: dict[str, list[Entry]] = {}
            for phrase, entry in self._all_phrases([e for kind in kinds for e in self.entries[kind]]):
                bucket = table.setdefault(" ".join(phrase.lower().split()), [])
                if entry not in bucket and all(e.kind != entry.kind for e in bucket):
                    bucket.append(entry)
            cached = (PhraseMatcher(table), table)
            self._lookups[key] = cached
        return cached

    def field_forms(self, entry: Entry, field_name: str) -> frozenset[str]:
        """The phrases an entry lists under `field_name` (e.g. described_by), inflected like its own."""
        key = (entry, field_name)
        cached = self._field_forms.get(key)
        if cached is None:
            phrases = (" ".join(str(w).lower().split()) for w in entry.data.get(field_name, []))
            cached = frozenset(f for p in phrases for f in
                               (phrase_forms(p, self._fixed_words, self._irregular) if entry.forms else (p,)))
            self._field_forms[key] = cached
        return cached

    def words_of(self, kind: str, field_name: str) -> frozenset[str]:
        """Every word listed under `field_name` in the entries of `kind` (e.g. described_by)."""
        words: set[str] = set()
        for entry in self.entries[kind]:
            words |= self.field_forms(entry, field_name)
        return frozenset(words)

    # --- speech -----------------------------------------------------------------
    @cached_property
    def speech_verbs(self) -> dict[str, Entry]:
        """Every inflected form -> its verb entry."""
        forms: dict[str, Entry] = {}
        for entry in self.entries["speech_verbs.verb"]:
            for form in entry.phrases:
                forms.setdefault(form, entry)
        return forms

    @cached_property
    def speech_verb_matcher(self) -> PhraseMatcher:
        return PhraseMatcher(self.speech_verbs)

    @cached_property
    def tone_words(self) -> frozenset[str]:
        markers = self.raw["speaking_styles"].get("markers", {})
        return frozenset(w.lower() for w in markers.get("tone_words", []))

    # --- people -----------------------------------------------------------------
    @cached_property
    def person_nouns(self) -> dict[str, str]:
        """noun -> gender (male, female, neutral)."""
        nouns: dict[str, str] = {}
        for entry in self.entries["people.person"]:
            gender = str(entry.data.get("gender", "neutral"))
            for noun in entry.phrases:
                nouns.setdefault(noun, gender)
        return nouns

    @cached_property
    def self_nouns(self) -> frozenset[str]:
        return frozenset(n.lower() for n in self.raw["people"].get("self_nouns", {}).get("nouns", []))

    @cached_property
    def possessives(self) -> dict[str, str]:
        """Possessive determiner -> gender (his -> male)."""
        table = self.raw["people"].get("pronouns", {})
        return {w: gender for gender, words in table.items() for w in words if w in ("his", "her", "their", "its")}

    @cached_property
    def person_matcher(self) -> PhraseMatcher:
        # "@Male lead": an element reference may name a person, so "@" may precede
        return PhraseMatcher(self.person_nouns, prefix=r"(?<![\w-])")

    @cached_property
    def pronouns(self) -> dict[str, str]:
        """Subject pronoun -> gender. Object and possessive forms are not subjects."""
        table = self.raw["people"].get("pronouns", {})
        subjects = {"he", "she", "they", "it"}
        result: dict[str, str] = {}
        for gender, words in table.items():
            for word in words:
                if word.lower() in subjects:
                    result[word.lower()] = gender
        return result or {"he": "male", "she": "female", "they": "neutral", "it": "neutral"}

    # --- structure --------------------------------------------------------------
    @cached_property
    def section_kinds(self) -> dict[str, str]:
        kinds: dict[str, str] = {}
        for entry in self.entries["sections.section"]:
            for word in entry.phrases:
                kinds.setdefault(word, str(entry.data.get("kind", "other")))
        return kinds

    @cached_property
    def _markers(self) -> dict:
        return self.raw["text_markers"].get("markers", {})

    @cached_property
    def text_after_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self._markers.get("text_after", []))

    @cached_property
    def on_screen_text_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self._markers.get("on_screen_text", []))

    @cached_property
    def on_screen_text_matcher(self) -> PhraseMatcher:
        return PhraseMatcher(self.on_screen_text_words)

    @cached_property
    def group_subjects(self) -> PhraseMatcher:
        return PhraseMatcher(self._markers.get("group_subjects", []))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary()
