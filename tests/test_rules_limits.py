"""Kling's firm limits: prompt-too-long, shot-structure, invalid-duration and too-many-voices."""

from __future__ import annotations

import pytest

from kling_lsp.core.export import clip_prompt
from kling_lsp.core.findings import Severity
from kling_lsp.core.fixes import fix_text
from kling_lsp.core.parser import parse
from rulekit import apply_all_fixes, apply_fix, clean, config, findings, of_rule, one, quiet, under

SENTENCES = (
    "A slow aerial shot drifts over terraced rice fields at sunrise, mist pooling in the valleys. ",
    "Farmers in conical hats wade between the rows, bending to set out young green shoots. ",
    "Water buffalo stand knee-deep in a flooded paddy, flicking their tails at the flies. ",
    "The camera sinks toward a wooden footbridge where a girl in a red scarf stops to look down. ",
)


def long_prose(at_least: int) -> str:
    out, i = "", 0
    while len(out) < at_least:
        out += SENTENCES[i % len(SENTENCES)]
        i += 1
    return out.strip()


# --- prompt-too-long -----------------------------------------------------------------------

def test_prompt_too_long_fires_on_the_clip_name():
    text = "# Terraces {duration=10}\n" + long_prose(2600) + "\n"
    finding = one(text, "prompt-too-long")
    assert under(text, finding) == "Terraces"
    assert finding.severity == Severity.ERROR
    assert "2,500" in finding.message


def test_prompt_too_long_without_a_heading_fires_on_the_first_line():
    first = "Documentary style, soft morning light, handheld."
    text = first + "\n" + long_prose(2600) + "\n"
    assert under(text, one(text, "prompt-too-long")) == first


@pytest.mark.parametrize("extra, fires", [(0, False), (1, True)])
def test_prompt_limit_is_2500_characters_as_exported(extra, fires):
    body = long_prose(2400)
    pad = 2500 - len(body) - 1 + extra
    line = body + " " + "x" * pad
    text = f"# Edge {{duration=10}}\n{line}\n"
    doc = parse(text)
    assert len(clip_prompt(doc, doc.clips[0])) == 2500 + extra
    assert bool(of_rule(text, "prompt-too-long")) is fires


def test_comments_and_negative_lines_do_not_count():
    filler = long_prose(1800)
    text = (
        "# Terraces {duration=10}\n"
        f"// {filler}\n"
        f"{long_prose(1200)}\n"
        "Negative: blurry, watermark, text\n"
    )
    quiet(text, "prompt-too-long")


def test_negative_prompt_over_the_limit():
    negative = "Negative: " + ", ".join(f"no {w}" for w in ("blur", "watermark", "text", "logos", "extra limbs") * 90)
    text = f"# Canal {{duration=8}}\nA canal at night, lanterns reflected in the water.\n{negative}\n"
    finding = one(text, "prompt-too-long")
    assert under(text, finding) == negative
    assert "negative prompt" in finding.message


def test_a_shot_over_512_characters():
    shot = "The camera glides along a canal lined with crooked houses while laundry sways overhead. " * 6
    text = f"# Canal {{duration=8}}\nShot 1 (4s): {shot.strip()}\nShot 2 (4s): A boat passes under a stone bridge.\n"
    finding = one(text, "prompt-too-long")
    assert under(text, finding) == "Shot 1 (4s): "
    assert "shot 1" in finding.message and "512" in finding.message
    quiet(text.replace(shot.strip(), shot[:300].strip()), "prompt-too-long")


def test_long_clips_next_to_short_ones():
    text = ("# Short {duration=5}\nA kite climbs over the dunes.\n\n"
            "# Long {duration=10}\n" + long_prose(2600) + "\n")
    assert [under(text, f) for f in of_rule(text, "prompt-too-long")] == ["Long"]


# --- shot-structure ------------------------------------------------------------------------

HARBOUR = (
    "# Harbour {duration=10}\n"
    "Shot 1 (3s): Wide shot of fishing boats knocking together at their moorings.\n"
    "Shot 2 (3s): A deckhand coils wet rope while gulls cry overhead.\n"
    "Shot 3 (2s): Close-up of the engine coughing into life, blue smoke drifting.\n"
)


def test_shots_that_do_not_add_up_fire_on_the_last_marker():
    finding = one(HARBOUR, "shot-structure")
    assert under(HARBOUR, finding) == "Shot 3 (2s): "
    assert finding.severity == Severity.ERROR
    assert "8 s" in finding.message and "10 s" in finding.message


def test_set_duration_fix_in_the_heading():
    finding = one(HARBOUR, "shot-structure")
    [set_it] = finding.fixes
    assert set_it.safe
    fixed = apply_fix(HARBOUR, finding, set_it)
    assert fixed.startswith("# Harbour {duration=8}\n")
    clean(fixed)


def test_set_duration_fix_edits_the_duration_the_parser_kept():
    # `duration` given twice: the last one wins, so that is the one to change
    text = "# Pier {duration=6 duration=4}\n[0-2s] Fog rolls over the pier.\n[2-5s] The ferry pulls away.\n"
    finding = one(text, "shot-structure")
    fixed = apply_fix(text, finding, finding.fixes[0])
    assert fixed.startswith("# Pier {duration=6 duration=5}\n")
    assert parse(fixed).clips[0].settings.duration == 5
    assert fix_text(text).applied == 1


def test_invalid_duration_points_at_the_duration_the_parser_kept():
    text = "# Pier {duration=6 duration=20}\nFog rolls over the pier.\n"
    finding = one(text, "invalid-duration")
    assert text[finding.span.start - len("duration="):finding.span.end] == "duration=20"
    assert parse(apply_fix(text, finding, finding.fixes[0])).clips[0].settings.duration == 15


def test_set_duration_fix_on_a_heading_without_attributes():
    text = "---\nduration: 10\n---\n# Pier\n[0-3s] Fog rolls over the pier.\n[3-8s] The ferry pulls away.\n\n" \
           "# Market\n[0-4s] Stalls open one by one.\n[4-10s] A baker sets out warm loaves.\n"
    finding = one(text, "shot-structure")
    assert under(text, finding) == "[3-8s] "
    fixed = apply_fix(text, finding, finding.fixes[0])
    assert "# Pier {duration=8}\n" in fixed
    assert [c.settings.duration for c in parse(fixed).clips] == [8, 10]


def test_set_duration_fix_in_the_front_matter_of_a_one_clip_file():
    text = "---\nduration: 10\n---\n[0-3s] Fog rolls over the pier.\n[3-5s] A gull lands on a post.\n[5-8s] The ferry pulls away.\n"
    finding = one(text, "shot-structure")
    assert under(text, finding) == "[5-8s] "
    fixed = apply_fix(text, finding, finding.fixes[0])
    assert fixed.startswith("---\nduration: 8\n---\n")


def test_set_duration_fix_does_not_break_the_other_clips():
    text = "---\nduration: 10\n---\n[0-3s] Fog rolls over the pier.\n[3-8s] The ferry pulls away.\n\n" \
           "# Market\n[0-4s] Stalls open one by one.\n[4-10s] A baker sets out warm loaves.\n"
    finding = one(text, "shot-structure")
    fixed = apply_fix(text, finding, finding.fixes[0])
    assert "duration: 10" in fixed and "# {duration=8}\n[0-3s] Fog" in fixed


@pytest.mark.parametrize(
    "text",
    [
        HARBOUR.replace("duration=10", "duration=8"),
        # time codes add up
        "# Pour {duration=8}\n[0-3s] Milk swirls into a dark espresso.\n[3-8s] She slides the cup across the counter.\n",
        # no duration set: the shots decide, up to 15 s
        "[0-3s] Fog rolls over the pier.\n[3-5s] A gull lands on a post.\n[5-8s] The ferry pulls away.\n",
        # shots without durations
        "# Chase {duration=7}\nShot 1: A courier sprints across a rooftop.\nShot 2: She leaps the gap.\nShot 3: She lands in a roll.\n",
        # Japanese and Chinese cut markers
        "# 駅 {duration=6 language=ja}\nカット1：駅のホームに雪が降る。\nカット2：電車のライトが近づく。\n",
        "# 街口 {duration=6 language=zh}\n镜头1：雨夜的街口，霓虹灯闪烁。\n镜头2：一辆出租车缓缓停下。\n",
        # storyboard beats with decimals that add up
        "# Fuse {duration=5}\n(~1.5s, close-up) A spark catches the fuse.\n(~3.5s, wide) The fuse burns toward the barrel.\n",
    ],
)
def test_shot_structure_quiet(text):
    quiet(text, "shot-structure")


def test_more_than_six_shots():
    text = "# Chase {duration=7}\n" + "".join(f"Shot {i}: Beat {i} of the rooftop chase.\n" for i in range(1, 8))
    finding = one(text, "shot-structure")
    assert under(text, finding) == "Shot 7: "
    assert "7 shots" in finding.message
    quiet(text.replace("Shot 7: Beat 7 of the rooftop chase.\n", ""), "shot-structure")


def test_a_shot_under_one_second():
    text = "# Fuse {duration=5}\n[0-0.5s] A spark.\n[0.5-5s] The fuse burns down to the barrel.\n"
    finding = one(text, "shot-structure")
    assert under(text, finding) == "[0-0.5s] "
    assert "0.5 s" in finding.message


def test_fractional_total_has_no_fix():
    text = "# Odd {duration=8}\nShot 1 (2s): A door.\nShot 2 (3s): A hall.\nShot 3 (2.5s): A window.\n"
    finding = one(text, "shot-structure")
    assert under(text, finding) == "Shot 3 (2.5s): "
    assert finding.fixes == ()


def test_no_fix_when_the_total_is_not_a_valid_duration():
    text = "# Long {duration=15}\n[0-6s] Dunes.\n[6-12s] A caravan.\n[12-18s] An oasis.\n"
    finding = one(text, "shot-structure")
    assert finding.fixes == ()


def test_shots_longer_than_the_longest_clip_without_a_duration():
    text = "[0-6s] Fog rolls over the pier.\n[6-12s] A gull lands on a post.\n[12-18s] The ferry pulls away.\n"
    finding = one(text, "shot-structure")
    assert under(text, finding) == "[12-18s] "
    assert "15 s" in finding.message
    old = "---\nmodel: kling-2.6\n---\n[0-6s] Fog rolls over the pier.\n[6-12s] The ferry pulls away.\n"
    assert "10 s" in one(old, "shot-structure").message


def test_fix_text_settles_the_storyboard():
    result = fix_text(HARBOUR)
    assert result.applied == 1
    assert not result.remaining


# --- invalid-duration ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, value, nearest",
    [
        ("# Time-lapse {duration=20}\nA desert canyon from dusk to night.\n", "20", "15"),
        ("# Blink {duration=2}\nA hummingbird at a feeder.\n", "2", "3"),
        ("# Blink {duration=2s}\nA hummingbird at a feeder.\n", "2s", "3"),
        ("# Old {duration=7 model=kling-2.6}\nA kite climbs over the dunes.\n", "7", "5"),
        ("# Old {duration=9 model=kling-2.6}\nA kite climbs over the dunes.\n", "9", "10"),
        ("---\nduration: 20\n---\nA kite climbs over the dunes.\n", "20", "15"),
        ("---\nmodel: kling-2.6\nduration: 12\n---\n# A\nA kite climbs.\n", "12", "10"),
    ],
)
def test_invalid_duration_fires_on_the_value_and_fixes_it(text, value, nearest):
    finding = one(text, "invalid-duration")
    assert under(text, finding) == value
    assert finding.severity == Severity.ERROR
    [use] = apply_all_fixes(text, "invalid-duration")
    assert under(use, finding.span._replace(end=finding.span.start + len(nearest))) == nearest
    clean(use)


@pytest.mark.parametrize(
    "text",
    [
        "# Edge {duration=3}\nA kite.\n\n# Edge2 {duration=15}\nA kite dives.\n",
        "# Old {duration=10 model=kling-2.6}\nA kite climbs over the dunes.\n",
        "---\nmodel: kling-2.6\n---\n# Default\nA kite climbs over the dunes.\n",
        "A kite climbs over the dunes.\n",
    ],
)
def test_valid_durations_are_quiet(text):
    clean(text)


def test_front_matter_duration_is_reported_once_for_every_clip():
    text = "---\nmodel: kling-2.6\nduration: 12\n---\n# A\nA kite climbs.\n\n# B\nA kite dives.\n\n# C {duration=5}\nA kite lands.\n"
    assert [under(text, f) for f in of_rule(text, "invalid-duration")] == ["12"]


def test_each_bad_heading_is_reported():
    text = "# A {duration=2}\nA kite climbs.\n\n# B {duration=5}\nA kite dives.\n\n# C {duration=16}\nA kite lands.\n"
    assert [under(text, f) for f in of_rule(text, "invalid-duration")] == ["2", "16"]


def test_a_model_that_does_not_make_the_inherited_duration():
    text = "---\nduration: 7\n---\n# Orchard {model=kling-2.6}\nA slow dolly through an apple orchard.\n"
    finding = one(text, "invalid-duration")
    assert under(text, finding) == "kling-2.6"
    assert "7" in finding.message


# --- too-many-voices -----------------------------------------------------------------------

CREW = (
    "# Crew {duration=10}\n"
    "The captain <<<voice_1>>> says firmly, \"Hold the line.\" "
    "The medic <<<voice_2>>> shouts, \"Incoming!\" "
    "The pilot <<<voice_3>>> says calmly, \"Two minutes out.\"\n"
)


def test_third_custom_voice_fires():
    finding = one(CREW, "too-many-voices")
    assert under(CREW, finding) == "<<<voice_3>>>"
    assert finding.severity == Severity.ERROR
    assert "3 custom voices" in finding.message


def test_max_voices_option():
    quiet(CREW, "too-many-voices", config(max_voices=3))
    assert under(CREW, one(CREW, "too-many-voices", config(max_voices=1))) == "<<<voice_2>>>"
    assert under(CREW, one(CREW, "too-many-voices", config(max_voices=0))) == "<<<voice_1>>>"


@pytest.mark.parametrize(
    "text",
    [
        '# Duo {duration=8}\nThe captain <<<voice_1>>> says firmly, "Hold the line." He turns <<<voice_1>>> and adds, "Now."\n',
        '# Refs {duration=8}\nThe captain <<<voice_1>>> stands beside <<<element_1>>> in front of <<<image_2>>>.\n',
        '# Refs {duration=8}\n@Rufus chases the ball past <<<element_2>>> and <<<element_3>>> and <<<video_1>>>.\n',
    ],
)
def test_repeated_voices_and_other_references_are_not_counted(text):
    quiet(text, "too-many-voices")


def test_voices_are_counted_per_clip():
    text = (
        "# One {duration=5}\nThe captain <<<voice_1>>> says firmly, \"Hold the line.\"\n\n"
        "# Two {duration=5}\nThe medic <<<voice_2>>> shouts, \"Incoming!\"\n\n"
        "# Three {duration=5}\nThe pilot <<<voice_3>>> says calmly, \"Two minutes out.\"\n"
    )
    clean(text)


# --- suppression and configuration -----------------------------------------------------------

@pytest.mark.parametrize(
    "rule, text",
    [
        ("prompt-too-long", "# Terraces {duration=10}\n" + long_prose(2600) + "\n"),
        ("shot-structure", HARBOUR),
        ("invalid-duration", "# Time-lapse {duration=20}\nA desert canyon from dusk to night.\n"),
        ("too-many-voices", CREW),
    ],
)
def test_suppression_and_configuration(rule, text):
    assert of_rule(text, rule)
    heading, body = text.split("\n", 1)
    quiet(f"{heading}\n// kling-ignore {rule}\n{body}", rule)
    quiet(f"// kling-ignore {rule}\n{text}", rule)
    quiet(text, rule, config(rules={rule: "off"}))
    assert all(f.severity == Severity.WARNING for f in of_rule(text, rule, config(rules={rule: "warning"})))
    assert [f.rule for f in findings(f"// kling-ignore {rule}x\n{text}")].count("unknown-rule") == 1


def test_front_matter_duration_is_silenced_file_wide_not_by_a_clip():
    text = "---\nduration: 20\n---\n// kling-ignore invalid-duration\n# A\nA kite climbs over the dunes.\n"
    quiet(text, "invalid-duration")
    in_clip = "---\nduration: 20\n---\n# A\n// kling-ignore invalid-duration\nA kite climbs over the dunes.\n"
    assert of_rule(in_clip, "invalid-duration")
