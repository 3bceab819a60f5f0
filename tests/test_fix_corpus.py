"""Every fix, applied to every real prompt of ../shared/corpus and every example where its rule
fires, leaves text a writer would keep (issue 11): its finding is gone, no word dangles, no
punctuation is doubled; a safe fix also adds no finding, leaves no loud and soft words on one cue,
and `kling fix` finds nothing more to do after it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from fixcheck import wrecks
from kling_lsp.core.checker import check
from kling_lsp.core.fixes import apply_edits, fix_text
from kling_lsp.core.parser import parse
from shared_data import PROMPTS, corpus_missing

ROOT = Path(__file__).resolve().parents[1]


def _corpus() -> list[tuple[str, str]]:
    if corpus_missing():
        return []
    return [(r["id"], r["prompt"]) for r in map(json.loads, PROMPTS.read_text(encoding="utf-8").splitlines())]


def _examples() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").glob("*.kling"))]


def _key(finding) -> tuple[str, str]:
    return finding.rule, finding.message


def problems(text: str) -> list[str]:
    """Every fix of every finding of `text`, applied alone, and what is wrong with its result."""
    found = []
    before = check(parse(text))
    had = Counter(_key(f) for f in before)
    for finding in before:
        for fix in finding.fixes:
            fixed = apply_edits(text, list(fix.edits))
            after = check(parse(fixed))
            has = Counter(_key(f) for f in after)
            where = f"{finding.rule} {fix.title!r}"
            if has[_key(finding)] >= had[_key(finding)]:
                found.append(f"{where}: the finding is still there")
            found += [f"{where}: {wreck}" for wreck in wrecks(text, fixed, fix, finding.rule == "music-over-dialogue")]
            if not fix.safe:
                continue
            new = [key for key in has if has[key] > had[key] and key != _key(finding)]
            found += [f"{where}: new finding {rule}: {message[:80]}" for rule, message in new]
            if fix_text(fixed).text != fix_text(text).text and fix_text(fixed).applied == 0:
                found.append(f"{where}: kling fix would still change the text after it")
    return found


@pytest.mark.shared_corpus
@pytest.mark.parametrize("name, text", _corpus(), ids=lambda v: v if len(v) < 8 else "")
def test_every_fix_on_the_real_prompts_leaves_text_a_writer_keeps(name, text):
    assert problems(text) == []


@pytest.mark.parametrize("name, text", _examples(), ids=lambda v: v if v.endswith(".kling") else "")
def test_every_fix_on_the_examples_leaves_text_a_writer_keeps(name, text):
    assert problems(text) == []
