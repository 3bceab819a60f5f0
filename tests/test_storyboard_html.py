"""The storyboard: `kling export --format html` run as a real process, and the timing it draws."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from kling_lsp.core.config import Config
from kling_lsp.core.parser import parse
from kling_lsp.core.storyboard import Piece, clips_html
from kling_lsp.core.timeline import clip_timeline

STORY = """---
aspect: 16:9
---
# Dockside {duration=6}
Shot 1 (2s): A crane swings a container over the quay.
Shot 2 (4s): [Rosa: dock worker, calm voice]: "Easy now."

# Long speech {duration=3}
A tired captain stands at the wheel, a sign reading "<script>alert(1)</script>" taped to the glass.
The captain says slowly, "We have sailed these waters for thirty long years and never once lost a single crate to the sea."

# Two shots {duration=8}
Shot 1 (2s): [Mara: ferry pilot, calm voice]: "Ropes off. We leave on the tide, before the fog comes in."
Shot 2 (6s): [Mara: ferry pilot, calm voice]: "Hold on." [Mara]: "Here we go."
"""


class Board(HTMLParser):
    """The bars of a storyboard page: class, data-start/-end, x and width, tooltip; per clip."""

    def __init__(self) -> None:
        super().__init__()
        self.clips: dict[str, list[dict]] = {}
        self.clip = ""
        self.bar: dict | None = None
        self.in_title = False
        self.in_h3 = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.clip = ""
        elif tag == "h3":
            self.in_h3 = True
        elif tag == "g" and a.get("class", "").split()[:1] in (["say"], ["shot"]):
            self.bar = {"class": a["class"].split(), "start": float(a["data-start"]), "end": float(a["data-end"]),
                        "title": "", "attrs": a}
            self.clips[self.clip].append(self.bar)
        elif tag == "title" and self.bar is not None:
            self.in_title = True
        elif tag == "rect" and self.bar is not None:
            self.bar["x"], self.bar["width"] = float(a["x"]), float(a["width"])
        elif tag == "svg" and self.bar is not None:
            self.bar["label_room"] = float(a["width"])  # an inner <svg> clips the label to this width
        elif tag == "text" and self.bar is not None:
            self.bar["label_x"] = float(a["x"])

    def handle_endtag(self, tag):
        if tag == "g":
            self.bar = None
        elif tag == "title":
            self.in_title = False
        elif tag == "h3":
            self.in_h3 = False

    def handle_data(self, data):
        if self.in_h3 and not self.clip:
            self.clip = data.strip()
            self.clips[self.clip] = []
        elif self.in_title and self.bar is not None:
            self.bar["title"] += data


def board(page: str) -> dict[str, list[dict]]:
    parser = Board()
    parser.feed(page)
    return parser.clips


def says(bars: list[dict]) -> list[dict]:
    return [b for b in bars if b["class"][0] == "say"]


def shots(bars: list[dict]) -> list[dict]:
    return [b for b in bars if b["class"][0] == "shot"]


def export_html(tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "story.kling").write_text(STORY, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "kling_lsp.cli.main", "export", "--format", "html", "story.kling"],
                          cwd=tmp_path, capture_output=True, timeout=60)


def test_html_storyboard_page(tmp_path):
    result = export_html(tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    page = result.stdout.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert page.count("<section") == 3 and page.count("</section>") == 3
    assert "story.kling" in page and "6 s" in page and "16:9" in page

    clips = board(page)
    assert list(clips) == ["Dockside", "Long speech", "Two shots"]
    assert [s["title"] for s in shots(clips["Dockside"])] == ["Shot 1: 0.0\u20132.0 s", "Shot 2: 2.0\u20136.0 s"]

    # the page is static and safe: no scripts, nothing remote, no inline styles, the document's text escaped
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert "http" not in page.lower()
    assert "<link" not in page and "src=" not in page and " style=" not in page
    # nothing to click on a page that cannot reveal anything
    assert 'data-line="' not in page and "tabindex" not in page


def test_a_line_in_shot_2_starts_where_shot_2_starts(tmp_path):
    clips = board(export_html(tmp_path).stdout.decode("utf-8"))
    first, second = shots(clips["Dockside"])
    (rosa,) = says(clips["Dockside"])
    assert second["start"] == 2 and rosa["start"] == 2
    assert rosa["x"] == second["x"] > first["x"]
    assert "Rosa" in rosa["title"] and "shot 2, 2.0" in rosa["title"]
    assert rosa["class"] == ["say"]
    # a bar too short for its label: the label has the free lane after it, up to the clip's end line
    end_x = second["x"] + second["width"]
    assert rosa["width"] < rosa["label_room"] and rosa["x"] + rosa["label_room"] == end_x
    assert second["label_room"] == second["width"]


def test_lines_of_one_shot_follow_each_other_and_one_that_outruns_its_shot_is_marked(tmp_path):
    clips = board(export_html(tmp_path).stdout.decode("utf-8"))
    ropes, hold, here = says(clips["Two shots"])
    # shot 1 lasts 2 s; the first line needs longer, so it runs into shot 2
    assert ropes["start"] == 0 and ropes["end"] > 2
    assert "spill" in ropes["class"] and "runs past the end of shot 1" in ropes["title"]
    assert "sev-warning" in ropes["class"] and "dialogue-exceeds-duration" in ropes["title"]
    # shot 2's lines start at shot 2's start, one after the other
    assert hold["start"] == 2 and here["start"] == hold["end"]
    assert "spill" not in hold["class"] and "over" not in here["class"]


def test_a_line_that_overruns_the_clip_is_marked_with_its_finding(tmp_path):
    page = export_html(tmp_path).stdout.decode("utf-8")
    (long_line,) = says(board(page)["Long speech"])
    assert long_line["start"] == 0 and long_line["end"] > 3
    assert "over" in long_line["class"] and "sev-warning" in long_line["class"]
    assert "runs past the end of the clip (3 s)" in long_line["title"]
    assert "warning [dialogue-exceeds-duration]" in long_line["title"]
    # listed under its own clip only
    long_section = page[page.index("Long speech"):page.index("Two shots")]
    assert "dialogue-exceeds-duration" in long_section
    assert "dialogue-exceeds-duration" not in page[:page.index("Long speech")]


def test_text_and_json_unchanged(tmp_path):
    (tmp_path / "story.kling").write_text(STORY, encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "kling_lsp.cli.main", "export", *a, "story.kling"],
                                    cwd=tmp_path, capture_output=True, timeout=60)
    assert "<!DOCTYPE" not in run().stdout.decode()
    assert run("--format", "json").stdout.decode().lstrip().startswith("[")


# --- timing, without the page -----------------------------------------------------------------

def timeline(text: str):
    (clip,) = parse(text).clips
    return clip_timeline(clip, 2.5, 4.5)


def test_shots_without_a_length_share_what_the_others_leave():
    t = timeline("# A {duration=10}\nShot 1 (4s): a pier.\nShot 2: gulls.\nShot 3: a boat.\n")
    assert [(s.start, s.length, s.known) for s in t.shots] == [(0, 4, True), (4, 3, False), (7, 3, False)]


def test_lines_outside_every_shot_start_at_zero():
    t = timeline('# A {duration=8}\nA keeper says calmly, "Right on time."\nShot 1 (3s): the lamp.\n'
                 'Shot 2 (5s): She whispers, "There."\n')
    outside, inside = t.lines
    assert outside.shot is None and outside.start == 0
    assert inside.shot is t.shots[1] and inside.start == 3
    assert t.span == 8 and not outside.past_clip


def test_clickable_places_come_from_the_locate_function():
    document = parse('# Pier {duration=5}\nShe says calmly, "We sail at dawn."\n')
    seen: list[int] = []

    def locate(offset: int) -> tuple[int, int]:
        seen.append(offset)
        return document.lines.position(offset)

    html = clips_html(Piece(document, [], locate), Config())
    quote = document.text.index('"')
    assert quote in seen and 0 in seen  # the line of dialogue and the heading
    assert 'data-line="1" data-character="17" tabindex="0"' in html
    assert 'data-line="0" data-character="0"' in html


SOUNDS = """# Night market {duration=6}
Shot 1 (2s): Upbeat accordion music plays as Ana says softly, "Come closer."
Shot 2 (4s): Rain falls on the tin roof and a dog barks in the busy street. Ana whispers, "Now." [Ben: calm voice]: "Not yet."
No music in the last seconds.
"""


def lanes_of(text: str, duration_px: bool = False) -> tuple[dict[str, list[dict]], str]:
    """The lanes of the one clip of `text` as drawn: lane -> its bars, and the page fragment."""
    document = parse(text)
    from kling_lsp.core.checker import check

    page = clips_html(Piece(document, check(document, Config())), Config())
    found: dict[str, list[dict]] = {}
    lane = None

    class Lanes(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal lane
            a = dict(attrs)
            if tag == "g" and "data-lane" in a:
                lane = f'{a["data-lane"]}:{a.get("data-name", "")}'
                found[lane] = []
            elif tag == "g" and "data-start" in a and lane:
                found[lane].append({"class": a["class"].split(), "start": float(a["data-start"]),
                                    "end": float(a["data-end"])})
            elif tag == "rect" and lane and found[lane] and "x" not in found[lane][-1]:
                found[lane][-1].update(x=float(a["x"]), width=float(a["width"]))
            elif tag == "svg" and lane and found[lane]:
                found[lane][-1]["room"] = float(a["width"])
            elif tag == "line" and a.get("class") == "end":
                found["end"] = [{"x": float(a["x1"])}]

    Lanes().feed(page)
    return found, page


def test_the_storyboard_has_a_lane_per_speaker_and_for_music_sound_effects_and_ambience():
    lanes, page = lanes_of(SOUNDS)
    names = [name for name in lanes if name != "end"]
    assert names == ["shots:", "dialogue:Ana", "dialogue:Ben", "music:music", "sfx:sound effect",
                     "ambience:ambience"]
    assert [(b["start"], b["end"]) for b in lanes["dialogue:Ana"]][0] == (0, 0.8)  # both of Ana's lines, one lane
    assert len(lanes["dialogue:Ana"]) == 2 and len(lanes["dialogue:Ben"]) == 1
    # music is written in shot 1 and spans it; "No music" later is not heard
    assert [(b["start"], b["end"]) for b in lanes["music:music"]] == [(0, 2)]
    assert "music: Upbeat accordion music (shot 1" in page
    # two sound effects written in shot 2 share it in the order written
    assert [(b["start"], b["end"]) for b in lanes["sfx:sound effect"]] == [(2, 4), (4, 6)]
    assert "sound effect: Rain" in page and "sound effect: dog barks" in page
    # the busy street brings its ambient bed over shot 2
    assert [(b["start"], b["end"]) for b in lanes["ambience:ambience"]] == [(2, 6)]
    assert "city street ambience" in page
    # the legend names what the colours mean
    for key in ("shot", "dialogue (a lane per speaker)", "music", "sound effect", "ambience"):
        assert f'<span class="swatch"></span>{key}</li>' in page


def test_no_label_crosses_the_clip_end_unless_its_bar_does():
    lanes, _ = lanes_of(SOUNDS)
    end_x = lanes.pop("end")[0]["x"]
    bars = [bar for lane in lanes.values() for bar in lane]
    assert bars and all(bar["x"] + bar["room"] <= end_x + 0.05 for bar in bars)
    # a bar followed by another in its lane keeps its label to itself
    first_rain = lanes["sfx:sound effect"][0]
    assert first_rain["room"] == first_rain["width"]

    long_lanes, _ = lanes_of('# Rush {duration=2}\nA courier says quickly, "The parcel must reach the harbour '
                             'office before the last ferry leaves tonight."\n')
    end_x = long_lanes.pop("end")[0]["x"]
    (courier,) = long_lanes["dialogue:A courier"]
    assert "over" in courier["class"] and courier["x"] + courier["room"] > end_x  # the speech really runs past


def test_a_finding_on_a_sound_is_marked_on_its_bar():
    lanes, page = lanes_of('# Cafe {duration=5}\nLoud rock music blasts while Mia says calmly, "Two coffees."\n')
    (music,) = lanes["music:music"]
    assert any(c.startswith("sev-") for c in music["class"]), page
    assert "music-over-dialogue" in page[page.index('data-lane="music"'):]
