"""The vocabularies are data: every file loads, every entry has words and a description."""

from __future__ import annotations

import pytest

from kling_lsp.core.vocab import ENTRY_TABLES, vocabulary


@pytest.mark.parametrize("kind", [f"{stem}.{table}" for stem, tables in ENTRY_TABLES.items() for table in tables])
def test_every_entry_has_phrases_and_a_one_line_description(kind):
    entries = vocabulary().entries[kind]
    assert entries, f"{kind} is empty"
    for entry in entries:
        assert entry.phrases, entry
        assert entry.description.strip() and "\n" not in entry.description, entry.phrases
        assert all(p == p.strip() and p for p in entry.phrases)


def test_automatic_sounds_match_the_guide():
    sounds = {e.phrase: e.data for e in vocabulary().entries["sound_effects.sound"]}
    for phrase in ("footsteps", "door opening", "glass breaking", "thunder", "rain", "typing on a keyboard"):
        assert sounds[phrase].get("automatic") is True, phrase
    assert sounds["fabric rustling"].get("subtle") is True
