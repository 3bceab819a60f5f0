"""Front matter in the editor: closed later by typing, and long, it gets what `kling check` gives."""

from __future__ import annotations

from kling_lsp.core.checker import check
from kling_lsp.core.parser import parse

UNCLOSED = "---\ntitle: Harbour\nduration: 5\n\n# One\nA fisherman mends a net.\n# Two\nGulls cry.\n# Three\nRain.\n"


def never_closed(diagnostics) -> list:
    return [d for d in diagnostics if d.code == "invalid-front-matter"]


async def test_typing_the_closing_fence_clears_never_closed(session):
    uri = session.open("typed.kling", UNCLOSED)
    assert never_closed(await session.diagnostics(uri))
    for n, dash in enumerate("---"):
        session.edit(uri, (3, "-" * n), (3, "-" * n), dash)
    assert never_closed(await session.diagnostics(uri)) == []


async def test_a_fence_typed_lower_down_clears_never_closed(session):
    uri = session.open("lower.kling", UNCLOSED)
    assert never_closed(await session.diagnostics(uri))
    last = UNCLOSED.count("\n")
    for n, dash in enumerate("---"):
        session.edit(uri, (last, "-" * n), (last, "-" * n), dash)
    text = UNCLOSED + "---"
    expected = sorted(f.rule for f in check(parse(text)))
    assert sorted(d.code for d in await session.diagnostics(uri)) == expected


async def test_a_full_text_change_that_closes_the_block_clears_never_closed(session):
    uri = session.open("whole.kling", UNCLOSED)
    assert never_closed(await session.diagnostics(uri))
    session.change(uri, UNCLOSED.replace("duration: 5\n\n", "duration: 5\n---\n"))
    assert never_closed(await session.diagnostics(uri)) == []


async def test_front_matter_of_many_comment_lines_gets_what_check_gives(session):
    text = "---\n" + "# a note for the team\n" * 2100 + "title: Harbour\n---\n# One\nA fisherman mends a net.\n"
    expected = sorted((f.rule, f.span.start) for f in check(parse(text)))
    uri = session.open("comments.kling", text)
    found = await session.diagnostics(uri)
    assert len(found) == len(expected)
