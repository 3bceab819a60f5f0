"""Property tests: the parser, checker, fixer and line index hold up on arbitrary text."""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis import strategies as st

from kling_lsp.core.checker import check
from kling_lsp.core.findings import TextEdit
from kling_lsp.core.fixes import fix_text
from kling_lsp.core.parser import parse
from kling_lsp.core.spans import Span
from kling_lsp.core.text import LineIndex

# keep Hypothesis' caches out of the project tree
set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "kling-lsp-hypothesis"))

NEWLINES = re.compile(r"\r\n|\r|\n")

# Pieces of the format, so generated text often looks like a real (or nearly real) file.
TOKENS = [
    '"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u300c", "\u300d", "\u300e", "\u300f", "\u00ab", "\u00bb",
    "[", "]", "(", ")", "{", "}", "\u3010", "\u3011", "#", "# ", "## ", "---", "...", "<<<", ">>>", "<<", ">>",
    "<", ">", "@", "//", "// kling-ignore", "kling-ignore:", ",", ":", "=", " ", "\t", "\n", "\r\n", "\r",
    "\ufeff", "Shot 1", "Shot 2 (3s):", "[0-3s]", "3\u20135s \u2014", "(~2s, wide)", "\u30ab\u30c3\u30c81\uff1a",
    "Negative:", "negative prompt:", "Audio:", "[AUDIO]", "\u3010\u98ce\u683c\u3011", "Visual:", "says",
    "whispers softly", "sings", "She", "He", "they", "The man", "A woman", "[Ivo: porter, low voice]",
    "[Guard A @My Voice]", "voiceover (deep voice):", "Voiceover:", "Narrator:", "<<<voice_1>>>",
    "<<voice_2>>", "<<<voice one>>>", "duration=5", "aspect=9:16", "{duration=", "aspect: 16:9",
    "language: no", "title: [x", "sound: off", "don't", "'90s", "'em", "\U0001f3ac", "\u96e8", "\uc548\ub155",
    "\u00e9", "word", "Ivo", ".", "!", "?", "\u3002", "-", "\u2014", "\u2022", "\\", "0", "7",
]

format_text = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=40
).map("".join)
any_text = st.one_of(st.text(max_size=200), format_text)

SETTINGS = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _walk(node, found: list, seen: set) -> None:
    if isinstance(node, Span):
        found.append(node)
        return
    if isinstance(node, TextEdit):
        found.append(Span(node.start, node.end))
        return
    if isinstance(node, (str, int, float, bool, type(None), LineIndex)):
        return
    if isinstance(node, (list, tuple)):
        for item in node:
            _walk(item, found, seen)
        return
    if isinstance(node, dict):
        for item in node.values():
            _walk(item, found, seen)
        return
    if dataclasses.is_dataclass(node):
        if id(node) in seen:
            return
        seen.add(id(node))
        for f in dataclasses.fields(node):
            _walk(getattr(node, f.name), found, seen)


def all_spans(doc) -> list[Span]:
    found: list[Span] = []
    seen: set = set()
    _walk(doc, found, seen)
    for clip in doc.clips:  # computed on first use, not plain fields
        _walk(clip.dialogue, found, seen)
        _walk(clip.quotes, found, seen)
    return found


def assert_spans_in_bounds(text: str, spans) -> None:
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text), (span, len(text))


@SETTINGS
@given(any_text)
def test_parse_never_raises_and_spans_are_in_bounds(text):
    doc = parse(text)
    spans = all_spans(doc)
    assert_spans_in_bounds(text, spans)
    # clips come in order and do not overlap
    for a, b in zip(doc.clips, doc.clips[1:]):
        assert a.span.end <= b.span.start
    for clip in doc.clips:
        for line in clip.prompt_lines:
            assert clip.span.start <= line.start and line.end <= clip.span.end
            assert not NEWLINES.search(text, line.start, line.end)
        for d in clip.dialogue:
            assert d.span.start <= d.inner.start <= d.inner.end <= d.span.end
            assert d.text == text[d.inner.start:d.inner.end]
            assert d.words >= 0


@SETTINGS
@given(any_text)
def test_check_never_raises_and_findings_are_in_bounds(text):
    doc = parse(text)
    findings = check(doc)
    for f in findings:
        assert 0 <= f.span.start <= f.span.end <= len(text), f
        for fix in f.fixes:
            for edit in fix.edits:
                assert 0 <= edit.start <= edit.end <= len(text), f
        for rel in f.related:
            assert 0 <= rel.span.start <= rel.span.end <= len(text)
    assert [(f.span.start, f.span.end) for f in findings] == sorted((f.span.start, f.span.end) for f in findings)


@SETTINGS
@given(format_text, st.sampled_from(["\n", "\r\n", "\r"]), st.booleans(), st.booleans())
def test_fix_text_keeps_newlines_and_bom(body, newline, bom, unsafe):
    # one newline style throughout, the way a real file would be saved
    text = NEWLINES.sub(newline, body.replace("\ufeff", ""))
    if bom:
        text = "\ufeff" + text
    result = fix_text(text, unsafe=unsafe)
    out = result.text
    assert out.startswith("\ufeff") == bom
    assert out.count("\ufeff") == text.count("\ufeff")
    assert NEWLINES.findall(out) == NEWLINES.findall(text)
    assert result.applied >= 0
    # the fixed text still parses and checks
    check(parse(out))


@SETTINGS
@given(any_text, st.sampled_from(["utf-16", "utf-8", "utf-32"]))
def test_offset_position_round_trip(text, encoding):
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        line, character = index.position(offset, encoding)
        assert 0 <= line < index.line_count
        assert character >= 0
        back = index.offset(line, character, encoding)
        assert back == min(offset, index.line_end(line))


@SETTINGS
@given(any_text)
def test_line_index_matches_newline_split(text):
    index = LineIndex(text)
    pieces = NEWLINES.split(text)
    assert index.line_count == len(pieces)
    for line, piece in enumerate(pieces):
        start = index.starts[line]
        assert text[start:index.line_end(line)] == piece
