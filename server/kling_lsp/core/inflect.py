"""Word forms of a vocabulary phrase, so an entry written once matches as the writer inflects it.

A trigger written `punches him` should also find `punched him` and `punching him`; `explodes`
should find `exploded` and `exploding`. English regular endings are undone and redone by rule;
irregular verbs come from a small table (grammar.toml). Forms are generated generously: a form
that is no English word never occurs in a prompt, so it costs a little trie and no false match.
"""

from __future__ import annotations

_VOWELS = frozenset("aeiou")


def _stems(word: str) -> set[str]:
    """Bases the word may have been made from (punches -> punch, fires -> fire, slammed -> slam)."""
    if word.endswith("ies") and len(word) > 4:
        return {word[:-3] + "y"}
    if word.endswith("es") and word[:-2].endswith(("s", "sh", "ch", "x", "z", "o")) and len(word) > 4:
        return {word[:-2]}
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return {word[:-1]}
    for ending in ("ed", "ing"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[:-len(ending)]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS and stem[-1] not in "lsz":
                return {stem[:-1]}  # slammed -> slam
            if ending == "ed" and stem.endswith("i"):
                return {stem[:-1] + "y"}
            return {stem, stem + "e"}
    return {word}


def _regular(stem: str) -> set[str]:
    forms = {stem}
    if stem.endswith("y") and len(stem) > 2 and stem[-2] not in _VOWELS:
        forms.update({stem[:-1] + "ies", stem[:-1] + "ied", stem + "ing"})
        return forms
    if stem.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(stem + "es")
    else:
        forms.add(stem + "s")
    if stem.endswith("e"):
        forms.update({stem + "d", stem[:-1] + "ing"})
    elif _one_short_syllable(stem):
        forms.update({stem + stem[-1] + "ed", stem + stem[-1] + "ing"})  # slam -> slammed
    else:
        forms.update({stem + "ed", stem + "ing"})
    return forms


def _one_short_syllable(stem: str) -> bool:
    """`slam`, `drip`, `stop`: one vowel before a final consonant, which doubles before -ed and -ing."""
    vowels = [i for i, ch in enumerate(stem) if ch in _VOWELS]
    return len(stem) >= 3 and len(vowels) == 1 and vowels[0] == len(stem) - 2 \
        and stem[-1] not in _VOWELS | {"w", "x", "y"}


def _inflected(word: str, irregular: dict[str, tuple[str, ...]]) -> bool:
    return word in irregular or word.endswith(("ing", "ed")) or (word.endswith("s") and not word.endswith(("ss", "us", "is")))


def word_forms(word: str, irregular: dict[str, tuple[str, ...]]) -> set[str]:
    """Every form of `word` as a verb or a noun: its own, the regular ones and the irregular ones."""
    forms = {word}
    for stem in _stems(word):
        forms |= _regular(stem)
        forms.update(irregular.get(stem, ()))
    forms.update(irregular.get(word, ()))
    return forms


def phrase_forms(phrase: str, fixed: frozenset[str], irregular: dict[str, tuple[str, ...]]) -> list[str]:
    """The phrase with its inflected words re-inflected one at a time (`birds chirping` -> `birds
    chirp`, `punch lands` -> `punch landed`). Only words written with an ending (-s, -ed, -ing) or
    as an irregular form change: `wind` stays `wind`, so `a winding road` is no wind. Words in
    `fixed` (articles, pronouns, prepositions) stay as written. Few forms keep the vocabulary's
    trie quick to compile."""
    words = phrase.split()
    found: dict[str, None] = {phrase: None}
    for i, word in enumerate(words):
        low = word.lower()
        if low in fixed or len(word) <= 2 or not word.isalpha() or not _inflected(low, irregular):
            continue
        for form in sorted(word_forms(word.lower(), irregular)):
            found.setdefault(" ".join(words[:i] + [form] + words[i + 1:]), None)
    return list(found)
