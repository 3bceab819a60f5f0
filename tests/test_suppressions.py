"""Suppression comments are read and written by one module (core/suppressions.py): every edit it
makes is read back by the parser as the writer meant it, whatever form the comment takes."""

from __future__ import annotations

import pytest

from kling_lsp.core import suppressions
from kling_lsp.core.checker import check
from kling_lsp.core.findings import TextEdit
from kling_lsp.core.parser import parse
from kling_lsp.core.spans import Span

LOUD = 'A guard says calmly, "Halt."\nLoud rock music blasts.\n'  # music-over-dialogue fires


def apply(text: str, edit: TextEdit) -> str:
    return text[:edit.start] + edit.new_text + text[edit.end:]


def rules(text: str) -> set[str]:
    return {f.rule for f in check(parse(text))}


# every documented form of the comment, as the writer may have written it
FORMS = [
    "// kling-ignore empty-clip",
    "// kling-ignore: empty-clip",
    "// kling-ignore empty-clip -- noisy",
    "// kling-ignore empty-clip --noisy, for now",
    "// kling-ignore empty-clip # the client asked",
    "// kling-ignore empty-clip \u2014 the client asked",
    "// kling-ignore empty-clip, unclosed-quote -- two already",
    "// kling-ignore empty-clip unclosed-quote",
    "//kling-ignore:empty-clip--tight",
]


@pytest.mark.parametrize("form", FORMS)
def test_rule_names_stop_where_the_note_starts(form):
    sup = suppressions.read(form, Span(0, len(form)), "clip")
    assert sup.names[0] == "empty-clip"
    assert set(sup.names) <= {"empty-clip", "unclosed-quote"}


@pytest.mark.parametrize("form", FORMS)
def test_ignore_in_this_clip_extends_the_comment_the_parser_reads(form):
    text = f"# Gate\n{form}\n{LOUD}"
    assert "music-over-dialogue" in rules(text)
    document = parse(text)
    edit = suppressions.ignore_in_clip(document, document.clips[0], "music-over-dialogue")
    fixed = apply(text, edit)
    assert "music-over-dialogue" not in rules(fixed)
    assert "unknown-rule" not in rules(fixed)
    [before] = document.clips[0].suppressions
    [after] = parse(fixed).clips[0].suppressions
    assert after.names == (*before.names, "music-over-dialogue")
    assert fixed.count("\n") == text.count("\n")  # the same comment grew; no new line
    note = form[before.rules[-1][1].end - len("# Gate\n"):]  # what followed the last name
    assert fixed.split("\n")[1].endswith(note)


def test_the_new_rule_follows_the_writers_separator():
    text = f"# Gate\n// kling-ignore empty-clip unclosed-quote\n{LOUD}"
    document = parse(text)
    edit = suppressions.ignore_in_clip(document, document.clips[0], "music-over-dialogue")
    assert apply(text, edit).split("\n")[1] == "// kling-ignore empty-clip unclosed-quote music-over-dialogue"
    text = f"# Gate\n// kling-ignore empty-clip -- noisy\n{LOUD}"
    document = parse(text)
    edit = suppressions.ignore_in_clip(document, document.clips[0], "music-over-dialogue")
    assert apply(text, edit).split("\n")[1] == "// kling-ignore empty-clip, music-over-dialogue -- noisy"


def test_a_clip_without_a_comment_gets_one_under_its_heading():
    text = f"# Gate {{duration=5}}\r\n{LOUD}".replace("\n", "\r\n").replace("\r\r", "\r")
    document = parse(text)
    fixed = apply(text, suppressions.ignore_in_clip(document, document.clips[0], "music-over-dialogue"))
    assert fixed.startswith("# Gate {duration=5}\r\n// kling-ignore music-over-dialogue\r\n")
    assert "music-over-dialogue" not in rules(fixed)


def test_a_bare_comment_already_silences_everything():
    text = f"# Gate\n// kling-ignore -- all of it\n{LOUD}"
    document = parse(text)
    assert suppressions.ignore_in_clip(document, document.clips[0], "music-over-dialogue") is None
    text = f"// kling-ignore\n# Gate\n{LOUD}"
    assert suppressions.ignore_in_file(parse(text), "music-over-dialogue") is None


@pytest.mark.parametrize("form", FORMS)
def test_ignore_in_this_file_extends_the_file_wide_comment(form):
    text = f"---\nduration: 5\n---\n{form}\n# Gate\n{LOUD}"
    fixed = apply(text, suppressions.ignore_in_file(parse(text), "music-over-dialogue"))
    assert "music-over-dialogue" not in rules(fixed) and "unknown-rule" not in rules(fixed)
    assert fixed.count("\n") == text.count("\n")


def test_ignore_in_this_file_goes_after_the_front_matter():
    text = f"---\nduration: 5\n---\n# Gate\n{LOUD}"
    fixed = apply(text, suppressions.ignore_in_file(parse(text), "music-over-dialogue"))
    assert fixed.startswith("---\nduration: 5\n---\n// kling-ignore music-over-dialogue\n# Gate\n")
    assert "music-over-dialogue" not in rules(fixed)
    bare = "---\nduration: 5\n---"
    assert apply(bare, suppressions.ignore_in_file(parse(bare), "x")) == bare + "\n// kling-ignore x\n"
