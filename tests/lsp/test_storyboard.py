"""`kling/storyboard` over a real server: the storyboard of the live buffer, positions in the
client's encoding, and clear errors for documents the server does not have."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from test_diagnostics import units

STORY = """---
title: Harbour 🌊 港口
---
# Dock 🎬 码头 {duration=6}
Shot 1 (2s): 🎉🎉 派对开始了, a crane swings a container over the quay.
Shot 2 (4s): 🎉 港口 [Rosa: dock worker, calm voice]: "Easy now."

# Long speech {duration=3}
🌊🌊 大海. The captain says slowly, "We have sailed these waters for thirty long years and never once lost a crate."
"""


class Clickable(HTMLParser):
    """Every element that can reveal a place: its tag, classes, data attributes and tooltip."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict] = []
        self.open: dict | None = None
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-line" in a:
            self.open = {"tag": tag, "class": (a.get("class") or "").split(), "line": int(a["data-line"]),
                         "character": int(a["data-character"]), "start": a.get("data-start"), "text": ""}
            self.found.append(self.open)
        elif tag == "title" and self.open is not None:
            self.in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif self.open is not None and tag == self.open["tag"]:
            self.open = None

    def handle_data(self, data):
        if self.open is not None and (self.in_title or self.open["tag"] in ("h3", "li")):
            self.open["text"] += data


def clickable(html: str) -> list[dict]:
    parser = Clickable()
    parser.feed(html)
    return parser.found


async def storyboard(session, uri: str) -> dict:
    result = await session.client.protocol.send_request_async("kling/storyboard", {"uri": uri})
    return result if isinstance(result, dict) else result._asdict()  # pygls hands back a namedtuple


def position_of(text: str, needle: str, encoding: str) -> tuple[int, int]:
    """The (line, character) of `needle` in `text`, in the session's position encoding."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return line, units(text[start:offset], encoding)


async def test_the_storyboard_of_an_open_document(session):
    uri = session.open("harbour.kling", STORY)
    result = await storyboard(session, uri)
    assert result["uri"] == uri and result["version"] == 1 and result["clips"] == 2
    assert "--vscode-editor-foreground" in result["css"]
    html = result["html"]
    assert "harbour.kling" in html and "Harbour 🌊 港口" in html
    assert "<script" not in html.lower() and " style=" not in html

    found = clickable(html)
    heading = next(f for f in found if f["tag"] == "h3" and f["text"].startswith("Dock"))
    assert (heading["line"], heading["character"]) == (3, 0)
    shot2 = next(f for f in found if "shot" in f["class"] and f["text"].startswith("Shot 2"))
    rosa = next(f for f in found if "say" in f["class"] and "Rosa" in f["text"])
    assert rosa["start"] == shot2["start"] == "2"
    # after emoji and CJK text, in the negotiated encoding (UTF-16, UTF-8 or UTF-32)
    assert (rosa["line"], rosa["character"]) == position_of(STORY, '"Easy now."', session.encoding)
    assert (shot2["line"], shot2["character"]) == position_of(STORY, "Shot 2", session.encoding)


async def test_findings_are_marked_where_the_diagnostics_are(session):
    uri = session.open("long.kling", STORY)
    diagnostics = await session.diagnostics(uri)
    over = next(d for d in diagnostics if d.code == "dialogue-exceeds-duration")
    found = clickable((await storyboard(session, uri))["html"])
    bar = next(f for f in found if "say" in f["class"] and "captain" in f["text"])
    assert "over" in bar["class"] and "sev-warning" in bar["class"]
    assert "dialogue-exceeds-duration" in bar["text"]
    listed = next(f for f in found if f["tag"] == "li" and "dialogue-exceeds-duration" in f["text"])
    assert listed["class"] == ["warning"]
    assert (listed["line"], listed["character"]) == (over.range.start.line, over.range.start.character)


async def test_the_storyboard_follows_the_buffer_not_the_disk(session):
    uri = session.open("edited.kling", STORY)
    first = await storyboard(session, uri)
    edited = STORY.replace("# Long speech {duration=3}", "# Calm {duration=3}\nGulls cry.\n\n# Long speech {duration=9}")
    session.change(uri, edited)
    second = await storyboard(session, uri)
    assert second["version"] == 2 and second["clips"] == 3
    assert ">Calm " in second["html"] and ">Calm " not in first["html"]
    found = clickable(second["html"])
    long_heading = next(f for f in found if f["tag"] == "h3" and f["text"].startswith("Long speech"))
    assert long_heading["line"] == edited.splitlines().index("# Long speech {duration=9}")
    bar = next(f for f in found if "say" in f["class"] and "captain" in f["text"])
    assert "over" not in bar["class"]  # 9 s are enough now
    assert "Calm" not in (session.root / "edited.kling").read_text(encoding="utf-8")


async def test_front_matter_findings_come_before_the_clips(session):
    text = "---\nlangauge: en\n---\n# Pier {duration=5}\nA gull cries.\n"
    uri = session.open("front.kling", text)
    html = (await storyboard(session, uri))["html"]
    found = clickable(html)
    setting = next(f for f in found if f["tag"] == "li" and "invalid-setting" in f["text"])
    assert setting["line"] == 1
    assert html.index("invalid-setting") < html.index("<section")


async def test_a_document_that_is_not_open_is_a_clear_error(session):
    missing = session.uri("never-opened.kling")
    with pytest.raises(JsonRpcInvalidParams) as raised:
        await storyboard(session, missing)
    assert "not open" in raised.value.message and missing in raised.value.message
    with pytest.raises(JsonRpcInvalidParams):
        await session.client.protocol.send_request_async("kling/storyboard", {"path": "x"})
    # the server keeps serving
    uri = session.open("after.kling", STORY)
    assert (await storyboard(session, uri))["clips"] == 2


async def test_a_closed_document_is_no_longer_served(session):
    uri = session.open("closed.kling", STORY)
    await storyboard(session, uri)
    session.client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    with pytest.raises(JsonRpcInvalidParams):
        await storyboard(session, uri)
