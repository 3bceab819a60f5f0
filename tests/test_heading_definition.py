"""One definition of a heading: the parser (`kling check`, `kling export`) and the editor's
region splitter agree on every line, and a heading never reaches Kling as prompt text."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kling_lsp.core.config import Config
from kling_lsp.core.export import export_clip
from kling_lsp.core import headings
from kling_lsp.core.headings import is_heading
from kling_lsp.core.parser import parse
from kling_lsp.lsp.regions import RegionCache, analyse

BODY = 'A fisherman says calmly, "We sail at dawn."\n'
HEADINGS = {
    "eight blanks": " " * 8 + "# Two",
    "nine tabs": "\t" * 9 + "# Two",
    "twenty blanks": " " * 20 + "## Two {duration=6}",
    "ideographic space": "# \u3000Two",
    "no-break space": "# \u00a0Two",
    "line separator": "# \u2028Two",
    "form feed": "# \x0cTwo",
    "vertical tab": "# \x0bTwo",
    "next line": "# \x85Two",
    "spaces after the name": "# Two\u3000\u00a0",
}


def text_with(line: str) -> str:
    return "# One\n" + BODY + line + "\n" + BODY + "# Three\n" + BODY + "# Four\n" + BODY


@pytest.mark.parametrize("line", list(HEADINGS.values()), ids=list(HEADINGS))
def test_parser_and_region_splitter_see_the_same_clips(line):
    text = text_with(line)
    parsed = [(clip.name, clip.span.start) for clip in parse(text).clips]
    analysis = analyse(text, Config(), RegionCache())
    by_regions = [(clip.name, clip.span.start + region.start) for region, clip in analysis.clips()]
    assert parsed == by_regions
    assert [name for name, _ in parsed] == ["One", "Two", "Three", "Four"]


@pytest.mark.parametrize("line", list(HEADINGS.values()), ids=list(HEADINGS))
def test_the_name_is_trimmed_of_every_kind_of_space(line):
    clip = parse(text_with(line)).clips[1]
    assert clip.name == "Two"
    assert clip.heading.name_span.start == text_with(line).index("Two")


@pytest.mark.parametrize("line", ["#\u3000Two", "#hashtag", "  #Two", "\u3000# Two"])
def test_lines_that_are_not_headings_for_either(line):
    text = text_with(line)
    assert not is_heading(line, 0, len(line))
    assert len(parse(text).clips) == 3
    analysis = analyse(text, Config(), RegionCache())
    assert len(analysis.clips()) == 3


def test_heading_starts_finds_every_heading_line_the_parser_finds():
    text = "".join(f"{line}\n{BODY}" for line in HEADINGS.values()) + "a\r# lone cr\r" + BODY
    offsets = [clip.span.start for clip in parse(text).clips if clip.heading is not None]
    assert headings.heading_starts(text) == offsets


def test_export_never_sends_a_heading_as_prompt_text(tmp_path):
    path = tmp_path / "headings.kling"
    path.write_text("".join(f"{line}\nA dog runs on the beach.\n" for line in HEADINGS.values()), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kling_lsp.cli.main", "export", "--format", "json", str(path)],
                            capture_output=True, text=True, timeout=60)
    clips = json.loads(result.stdout)
    assert len(clips) == len(HEADINGS)
    assert all(clip["prompt"] == "A dog runs on the beach." for clip in clips), clips
    assert all("#" not in clip["prompt"] for clip in clips)


def test_exported_prompts_by_the_core_hold_no_heading():
    document = parse(text_with(HEADINGS["ideographic space"]))
    assert all("#" not in export_clip(document, clip).prompt for clip in document.clips)
