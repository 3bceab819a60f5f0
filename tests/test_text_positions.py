"""LineIndex: string offsets <-> LSP positions in UTF-16, UTF-8 and UTF-32 units, with
LF, CRLF and lone CR line breaks, and findings mapped to editor columns."""

from __future__ import annotations

import pytest

from kling_lsp.core.checker import check
from kling_lsp.core.parser import parse
from kling_lsp.core.text import LineIndex

EMOJI = "\U0001f3ac"  # clapper board, outside the BMP
CJK = "\u96e8"  # 雨


def test_ascii_positions():
    index = LineIndex("ab\ncd\n")
    assert index.line_count == 3
    assert [index.position(o) for o in range(7)] == [
        (0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0)]
    assert index.offset(1, 1) == 4


def test_emoji_counts_differently_per_encoding():
    text = f"{EMOJI}x"
    index = LineIndex(text)
    after = text.index("x")
    assert after == 1  # one code point
    assert index.position(after, "utf-16") == (0, 2)
    assert index.position(after, "utf-8") == (0, 4)
    assert index.position(after, "utf-32") == (0, 1)
    assert index.position(len(text), "utf-16") == (0, 3)
    assert index.offset(0, 2, "utf-16") == after
    assert index.offset(0, 4, "utf-8") == after
    assert index.offset(0, 1, "utf-32") == after


def test_cjk_counts_one_utf16_unit_three_utf8_bytes():
    text = f"{CJK}{CJK}x"
    index = LineIndex(text)
    assert index.position(2, "utf-16") == (0, 2)
    assert index.position(2, "utf-8") == (0, 6)
    assert index.position(2, "utf-32") == (0, 2)
    assert index.offset(0, 6, "utf-8") == 2
    assert index.offset(0, 3, "utf-8") == 1


def test_default_encoding_is_utf16():
    index = LineIndex(f"{EMOJI}ab")
    assert index.position(2) == (0, 3)
    assert index.offset(0, 3) == 2


def test_mixed_text_on_a_later_line():
    text = f"first line\n{EMOJI} {CJK} é end"
    index = LineIndex(text)
    target = text.index("end")
    prefix = text[text.index("\n") + 1:target]
    assert index.position(target, "utf-16") == (1, len(prefix.encode("utf-16-le")) // 2)
    assert index.position(target, "utf-8") == (1, len(prefix.encode("utf-8")))
    assert index.position(target, "utf-32") == (1, len(prefix))
    assert index.position(target, "utf-16") == (1, 7)
    assert index.position(target, "utf-8") == (1, 12)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_round_trip_every_offset(encoding):
    text = f"A {EMOJI} clip\r\n{CJK}{CJK} says \u201chi\u201d\rlone CR\n\nend {EMOJI}"
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        line, character = index.position(offset, encoding)
        back = index.offset(line, character, encoding)
        assert back == min(offset, index.line_end(line)), (offset, line, character)


@pytest.mark.parametrize(
    "text, starts, ends",
    [
        ("a\nb\nc", [0, 2, 4], [1, 3, 5]),
        ("a\r\nb\r\nc", [0, 3, 6], [1, 4, 7]),
        ("a\rb\rc", [0, 2, 4], [1, 3, 5]),
        ("a\r\nb\rc\nd", [0, 3, 5, 7], [1, 4, 6, 8]),
        ("a\n\r\nb", [0, 2, 4], [1, 2, 5]),
        ("\r\n", [0, 2], [0, 2]),
        ("", [0], [0]),
    ],
)
def test_line_breaks(text, starts, ends):
    index = LineIndex(text)
    assert index.starts == starts
    assert [index.line_end(i) for i in range(index.line_count)] == ends
    for line, start in enumerate(starts):
        assert index.position(start) == (line, 0)
        assert index.offset(line, 0) == start


def test_offset_between_cr_and_lf_clamps_to_line_end():
    index = LineIndex("ab\r\ncd")
    assert index.position(3) == (0, 2)
    assert index.line_of(3) == 0


def test_positions_past_line_end_clamp():
    text = f"short {EMOJI}\nnext"
    index = LineIndex(text)
    end = index.line_end(0)
    assert index.offset(0, 999, "utf-16") == end
    assert index.offset(0, 999, "utf-8") == end
    assert index.offset(0, 999, "utf-32") == end
    assert index.offset(1, 99) == len(text)
    assert index.offset(7, 0) == len(text)  # past the last line
    assert index.offset(-1, 5) == 0
    assert index.position(len(text) + 50) == (1, 4)
    assert index.position(-3) == (0, 0)


def test_position_inside_surrogate_pair_does_not_split_the_emoji():
    index = LineIndex(f"a{EMOJI}b")
    # UTF-16 column 2 falls between the two halves of the emoji
    assert index.offset(0, 2, "utf-16") in (1, 2)
    assert index.offset(0, 3, "utf-16") == 2


def test_finding_after_emoji_maps_to_the_right_utf16_column():
    line0 = "# Clip\n"
    line1 = f"{EMOJI}{EMOJI} {CJK} A sergeant shouts, \"Get down!\n"
    text = line0 + line1
    doc = parse(text)
    [f] = [x for x in check(doc) if x.rule == "unclosed-quote"]
    quote_col = line1.index('"')
    assert f.span.start == len(line0) + quote_col
    # two emoji count two UTF-16 units each
    assert doc.lines.position(f.span.start, "utf-16") == (1, quote_col + 2)
    assert doc.lines.position(f.span.start, "utf-8") == (1, quote_col + 6 + 2)
    assert doc.lines.position(f.span.start, "utf-32") == (1, quote_col)
    assert doc.lines.position(f.span.end, "utf-16") == (1, quote_col + 3)
    assert doc.lines.offset(1, quote_col + 2, "utf-16") == f.span.start
    # the fix goes at the end of the line, before the newline
    [edit] = f.fixes[0].edits
    assert doc.lines.position(edit.start, "utf-16") == (1, len(line1.rstrip("\n").encode("utf-16-le")) // 2)


def test_finding_positions_with_crlf_and_bom():
    text = f"\ufeff# A\r\n{CJK} <<voice_1>> hums.\r\n"
    doc = parse(text)
    [f] = check(doc)
    assert f.rule == "invalid-reference"
    assert doc.lines.position(f.span.start) == (1, 2)
    assert doc.lines.position(f.span.end) == (1, 2 + len("<<voice_1>>"))
    assert doc.lines.position(f.span.start, "utf-8") == (1, 4)


def test_newline_style_of_document():
    assert parse("a\r\nb\nc").newline == "\r\n"
    assert parse("a\rb").newline == "\r"
    assert parse("a\nb\r\n").newline == "\n"
    assert parse("single line").newline == "\n"


# --- an index updated after an edit equals one built from scratch ----------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_pieces = st.text(alphabet="ab\r\n😀", max_size=30)


@settings(max_examples=400, deadline=None)
@given(before=_pieces, removed=_pieces, inserted=_pieces, after=_pieces)
def test_an_edited_index_equals_a_fresh_one(before, removed, inserted, after):
    old_text = before + removed + after
    new_text = before + inserted + after
    start = len(before)
    edited = LineIndex(old_text).edited(new_text, start, start + len(removed), start + len(inserted))
    assert edited.starts == LineIndex(new_text).starts
    assert edited.text == new_text


def test_an_edited_index_splits_and_joins_crlf():
    # inserting "\n" after a lone "\r" makes one break of two; removing it splits them again
    index = LineIndex("a\rb")
    joined = index.edited("a\r\nb", 2, 2, 3)
    assert joined.starts == [0, 3]
    split = joined.edited("a\rb", 2, 3, 2)
    assert split.starts == [0, 2]


# --- the collector pause that large analyses share -------------------------------------------
import gc  # noqa: E402
import threading  # noqa: E402

from kling_lsp.core.gcpause import LARGE, collector_paused  # noqa: E402


def test_collector_pauses_nest_and_overlap_between_threads():
    assert gc.isenabled()
    inner_started, outer_may_end = threading.Event(), threading.Event()
    seen = {}

    def other_thread():
        with collector_paused(LARGE):
            inner_started.set()
            outer_may_end.wait(5)
        seen["after inner"] = gc.isenabled()

    with collector_paused(LARGE):
        worker = threading.Thread(target=other_thread)
        worker.start()
        inner_started.wait(5)
        with collector_paused(LARGE):
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert not gc.isenabled(), "the other thread's pause is still going"
    outer_may_end.set()
    worker.join(5)
    assert seen["after inner"] and gc.isenabled()
    with collector_paused(LARGE - 1):
        assert gc.isenabled(), "small texts do not pause the collector"


# --- one change that covers a series of edits ------------------------------------------------
from kling_lsp.core.text import covering_change  # noqa: E402

_edit_text = st.text(alphabet="ab\n", max_size=4)


@settings(max_examples=400, deadline=None)
@given(base=st.text(alphabet="ab\n", max_size=30),
       steps=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), _edit_text), min_size=1, max_size=6))
def test_a_covering_change_leaves_the_text_around_it_as_it_was(base, steps):
    text, edits = base, []
    for at, length, inserted in steps:
        start = int(at * len(text))
        end = start + int(length * (len(text) - start))
        edits.append((start, end, start + len(inserted)))
        text = text[:start] + inserted + text[end:]
    low, old_end, new_end = covering_change(edits)
    assert 0 <= low <= old_end <= len(base) and low <= new_end <= len(text)
    assert base[:low] == text[:low] and base[old_end:] == text[new_end:]


def test_json_and_sarif_columns_on_a_long_non_ascii_line_are_counted_once(monkeypatch):
    # 1,750 findings on one line of 17,500 characters: counting each column from the line's start
    # would go over 20 million characters
    from kling_lsp.cli import report
    from kling_lsp.core import text as text_module
    from kling_lsp.core.findings import Finding, Severity
    from kling_lsp.core.spans import Span

    line = "caf\u00e9 \U0001f3b5 " * 2500
    source = "# Long\n" + line + "\n"
    found = [Finding("prompt-too-long", Severity.ERROR, Span(at, at + 1), "m")
             for at in range(7, len(source) - 1, 10)]
    counted = 0
    real_units = text_module.units

    def counting(segment, encoding):
        nonlocal counted
        counted += len(segment)
        return real_units(segment, encoding)

    monkeypatch.setattr(text_module, "units", counting)
    result = report.FileResult("long.kling", text_module.LineIndex(source), found)
    items = report.json_items(result)
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in report.sarif([result])["runs"][0]["results"]]
    assert counted <= 2 * len(source)
    for finding, item, region in zip(found, items, regions):
        utf16 = len(source[7:finding.span.start].encode("utf-16-le")) // 2
        assert item["range"]["start"] == {"line": 1, "character": utf16}
        assert (region["startLine"], region["startColumn"]) == (2, utf16 + 1)
