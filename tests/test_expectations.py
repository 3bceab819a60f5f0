"""The project's own expectation corpus (tests/corpus/*.kling): invented prompts, each
declaring at its top what the checker must report.

    // expect: rule-name        one line per expected finding, in file order (a rule may repeat)
    // expect: nothing          a clean prompt: no finding at all, of any severity

A front-matter block has to be the first line of a file (docs/format.md), so a file that has
one puts its `// expect:` lines right after it. Comments never reach the prompt, so the
expectations cannot change what is checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rulekit import expectations, findings, under

CORPUS = Path(__file__).resolve().parent / "corpus"
FILES = sorted(CORPUS.glob("*.kling"))

# Corpus files the checker gets wrong today: each is a real bug, reported to the core engineer.
KNOWN_BUGS: dict[str, str] = {}  # file name -> why it fails today (none open)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_corpus_is_big_and_balanced():
    assert len(FILES) >= 24
    declared = {path.name: expectations(_read(path)) for path in FILES}
    assert all(value is not None for value in declared.values()), \
        [name for name, value in declared.items() if value is None]
    clean = [name for name, value in declared.items() if value == []]
    firing = [name for name, value in declared.items() if value]
    assert len(clean) >= 12 and len(firing) >= 12
    # the file names say which kind a file is, so a reader sees it without opening it
    assert all(name.startswith("clean-") for name in clean)
    assert all(name.startswith("fire-") for name in firing)


def test_corpus_covers_every_audio_and_limit_rule():
    expected = {rule for path in FILES for rule in expectations(_read(path)) or []}
    assert expected >= {
        "dialogue-too-long", "multiple-speakers", "missing-speaking-style", "dialogue-language",
        "dialogue-exceeds-duration", "music-over-dialogue", "unsupported-music-detail", "subtle-sound",
        "undescribed-sound", "silence-conflict", "mood-conflict", "complex-audio", "prompt-too-long",
        "shot-structure", "invalid-duration", "too-many-voices",
    }


def _params():
    for path in FILES:
        marks = ()
        if path.name in KNOWN_BUGS:
            marks = (pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[path.name]),)
        yield pytest.param(path, id=path.name, marks=marks)


@pytest.mark.parametrize("path", list(_params()))
def test_corpus_file_gets_exactly_its_expected_findings(path: Path):
    text = _read(path)
    expected = expectations(text)
    assert expected is not None, f"{path.name} declares no `// expect:` line"
    found = sorted(findings(text), key=lambda f: (f.span.start, f.span.end))
    got = [f.rule for f in found]
    assert got == expected, "\n".join(
        [f"{path.name}: expected {expected}, got:"] + [f"  {f.rule} [{f.severity.label}] {under(text, f)!r}" for f in found]
    )


# --- the reader itself ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("// expect: nothing\n# A\nA kite.\n", []),
        ("// expect: mood-conflict\n// expect: mood-conflict\n# A\nA kite.\n", ["mood-conflict", "mood-conflict"]),
        ("---\nduration: 6\n---\n// expect: invalid-duration\n\n# A\nA kite.\n", ["invalid-duration"]),
        ("\ufeff// note first\n//   expect:   subtle-sound  \n# A\nA kite.\n", ["subtle-sound"]),
        ("# A\n// expect: subtle-sound\nA kite.\n", None),  # below the first prompt line: not a declaration
        ("A kite.\n// expect: nothing\n", None),
    ],
)
def test_expectation_reader(text, expected):
    assert expectations(text) == expected


def test_expectation_comments_do_not_reach_the_checker():
    body = "# Porch {duration=6}\nAn old farmer leans on the fence and says, \"Rain by supper.\"\n"
    assert [f.rule for f in findings(body)] == ["missing-speaking-style"]
    assert [f.rule for f in findings("// expect: missing-speaking-style\n" + body)] == ["missing-speaking-style"]
