"""Word forms of a vocabulary phrase, so an entry written once matches as the writer inflects it.

A trigger written `punches him` should also find `punched him` and `punching him`; `explodes`
should find `exploded` and `exploding`. English regular endings are undone and redone by rule;
irregular verbs come from a small table (grammar.toml). Forms are generated generously: a form
that is no English word never occurs in a prompt, so it costs a little trie and no false match.
"""

from __future__ import annotations

from itertools import product

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
    else:
        forms.update({stem + "ed", stem + "ing"})
        if len(stem) >= 3 and stem[-1] not in _VOWELS | {"w", "x", "y"} and stem[-2] in _VOWELS \
                and stem[-3] not in _VOWELS:
            forms.update({stem + stem[-1] + "ed", stem + stem[-1] + "ing"})  # slam -> slammed
    return forms


def word_forms(word: str, irregular: dict[str, tuple[str, ...]]) -> set[str]:
    """Every form of `word` as a verb or a noun: its own, the regular ones and the irregular ones."""
    forms = {word}
    for stem in _stems(word):
        forms |= _regular(stem)
        forms.update(irregular.get(stem, ()))
    forms.update(irregular.get(word, ()))
    return forms


def phrase_forms(phrase: str, fixed: frozenset[str], irregular: dict[str, tuple[str, ...]]) -> list[str]:
    """The phrase with its content words inflected. Words in `fixed` (articles, pronouns,
    prepositions) stay as written; a two-word phrase gets every combination (`punch lands` ->
    `punches landed`), a longer one is inflected one word at a time."""
    words = phrase.split()
    content = [i for i, w in enumerate(words) if w.lower() not in fixed and len(w) > 2 and w.isalpha()]
    choices = {i: sorted(word_forms(words[i].lower(), irregular)) for i in content}
    found: dict[str, None] = {phrase: None}
    if len(words) <= 2:
        for combo in product(*(choices[i] for i in content)):
            variant = list(words)
            for i, form in zip(content, combo):
                variant[i] = form
            found.setdefault(" ".join(variant), None)
    else:
        for i in content:
            for form in choices[i]:
                found.setdefault(" ".join(words[:i] + [form] + words[i + 1:]), None)
    return list(found)
