"""The structure of a .kling file: front matter, headings and attributes, clips, comments,
suppressions, Negative lines, shots, sections and references (docs/format.md)."""

from __future__ import annotations

import pytest

from kling_lsp.core.checker import check
from kling_lsp.core.findings import Severity
from kling_lsp.core.fixes import fix_text
from kling_lsp.core.parser import parse


# --- helpers -------------------------------------------------------------------------

def at(text: str, span) -> str:
    return text[span.start:span.end]


def only_clip(text: str):
    doc = parse(text)
    assert len(doc.clips) == 1, [c.name for c in doc.clips]
    return doc, doc.clips[0]


def prompt_texts(text: str, clip) -> list[str]:
    return [at(text, line) for line in clip.prompt_lines]


def findings_of(findings, rule: str):
    return [f for f in findings if f.rule == rule]


# --- front matter ------------------------------------------------------------------------

def test_front_matter_reads_every_key():
    text = (
        "---\n"
        "title: Glasshouse at dawn\n"
        "model: kling-2.6\n"
        "duration: 10s\n"
        "aspect: '9:16'\n"
        "language: ja\n"
        "sound: off\n"
        "---\n"
        "# Fog\n"
        "Condensation runs down the panes of a glasshouse.\n"
    )
    doc = parse(text)
    fm = doc.front_matter
    assert fm is not None and fm.closed
    assert fm.values == {
        "title": "Glasshouse at dawn", "model": "kling-2.6", "duration": 10,
        "aspect": "9:16", "language": "ja", "sound": False,
    }
    assert doc.findings == []
    settings = doc.clips[0].settings
    assert (settings.model, settings.duration, settings.aspect, settings.language, settings.sound) == (
        "kling-2.6", 10, "9:16", "ja", False)
    assert settings.source_of("duration") == "front matter"
    assert [e.key for e in fm.entries] == ["title", "model", "duration", "aspect", "language", "sound"]
    # every entry points at its own key and value in the file
    for entry in fm.entries:
        assert at(text, entry.key_span) == entry.key
    assert at(text, fm.entries[2].value_span) == "10s"
    assert fm.span == (0, text.index("# Fog") - 1)  # to the end of the closing line


def test_no_front_matter_gives_built_in_defaults():
    doc = parse("A paper boat drifts down a gutter in the rain.\n")
    assert doc.front_matter is None
    s = doc.clips[0].settings
    assert (s.model, s.duration, s.aspect, s.language, s.sound) == ("kling-3.0", 5, "16:9", None, True)
    assert s.source_of("aspect") == "default"


def test_yaml_1_1_traps_read_as_typed_text():
    text = "---\naspect: 16:9\nsound: off\nduration: 12\n---\nA lantern sways on a porch.\n"
    doc = parse(text)
    assert doc.findings == []
    assert doc.front_matter.values["aspect"] == "16:9"  # not the sexagesimal integer 969
    assert doc.front_matter.values["sound"] is False
    assert doc.clips[0].settings.aspect == "16:9"
    assert doc.clips[0].settings.duration == 12

    doc = parse("---\naspect: 1:1\nsound: on\n---\nA lantern.\n")
    assert doc.front_matter.values == {"aspect": "1:1", "sound": True}


def test_language_no_is_an_error_not_false():
    text = "---\nlanguage: no\naspect: 9:16\n---\nA lantern sways.\n"
    doc = parse(text)
    errors = findings_of(doc.findings, "invalid-setting")
    assert len(errors) == 1
    assert errors[0].severity == Severity.ERROR
    assert at(text, errors[0].span) == "no"
    assert findings_of(doc.findings, "invalid-front-matter") == []  # the block itself reads fine
    assert "language" not in doc.front_matter.values
    # falls back to "not set", never to the boolean False; other keys still apply
    assert doc.clips[0].settings.language is None
    assert doc.clips[0].settings.aspect == "9:16"


def test_bad_value_falls_back_and_the_rest_is_checked():
    text = "---\nduration: 4.5\nmodel: kling-9\naspect: 9:16\n---\nShe says, \"Late again\n"
    doc = parse(text)
    bad = findings_of(doc.findings, "invalid-setting")
    assert sorted(at(text, f.span) for f in bad) == ["4.5", "kling-9"]
    assert all(f.severity == Severity.ERROR for f in bad)
    s = doc.clips[0].settings
    assert (s.duration, s.model, s.aspect) == (5, "kling-3.0", "9:16")
    rules = [f.rule for f in check(doc)]
    assert rules.count("invalid-setting") == 2
    assert "invalid-front-matter" not in rules
    assert "unclosed-quote" in rules


def test_invalid_yaml_is_a_finding_inside_the_front_matter_and_parsing_continues():
    text = "---\ntitle: [Harbour\naspect: 9:16\n---\n# Dock\nA crane lifts a crate.\n"
    doc = parse(text)
    fm = doc.front_matter
    errors = findings_of(doc.findings, "invalid-front-matter")
    assert len(errors) == 1
    f = errors[0]
    assert f.severity == Severity.ERROR
    assert "YAML" in f.message
    assert fm.span.start <= f.span.start <= f.span.end <= fm.span.end
    assert f.span.end <= text.index("# Dock")
    assert fm.values == {}
    assert [c.name for c in doc.clips] == ["Dock"]
    assert prompt_texts(text, doc.clips[0]) == ["A crane lifts a crate."]
    assert doc.clips[0].settings.aspect == "16:9"
    assert [x.rule for x in check(doc)] == ["invalid-front-matter"]


def test_unknown_key_is_an_error_with_a_suggestion():
    text = "---\nlangauge: es\nduration: 6\n---\nA flamenco dancer spins.\n"
    doc = parse(text)
    [f] = doc.findings
    assert f.rule == "invalid-setting"
    assert f.severity == Severity.ERROR
    assert at(text, f.span) == "langauge"
    assert "did you mean 'language'" in f.message
    assert doc.clips[0].settings.duration == 6
    assert doc.clips[0].settings.language is None


def test_unknown_key_far_from_any_known_key_has_no_suggestion():
    text = "---\nbudget: 12\n---\nA fox.\n"
    [f] = parse(text).findings
    assert (f.rule, f.severity) == ("invalid-setting", Severity.ERROR)
    assert "did you mean" not in f.message


@pytest.mark.parametrize("body", ["- duration\n- aspect\n", "just some words\n"])
def test_front_matter_that_is_not_a_mapping(body):
    text = f"---\n{body}---\nA heron stands in the shallows.\n"
    doc = parse(text)
    [f] = doc.findings
    assert f.rule == "invalid-front-matter" and f.severity == Severity.ERROR
    assert at(text, f.span).strip() == body.strip()
    assert doc.front_matter.values == {}
    assert prompt_texts(text, doc.clips[0]) == ["A heron stands in the shallows."]


def test_value_that_is_a_list_is_an_error():
    text = "---\naspect: [9:16, 1:1]\n---\nA heron.\n"
    [f] = parse(text).findings
    assert (f.rule, f.severity) == ("invalid-setting", Severity.ERROR)
    assert at(text, f.span) == "[9:16, 1:1]"


def test_key_set_twice_is_reported_and_last_wins():
    text = "---\nduration: 4\nduration: 9\n---\nA heron.\n"
    doc = parse(text)
    [f] = doc.findings
    assert (f.rule, f.severity) == ("invalid-setting", Severity.ERROR)
    assert f.span.start == text.index("duration: 9")
    assert doc.clips[0].settings.duration == 9


def test_dots_close_front_matter():
    text = "---\nduration: 7\n...\nA heron lifts off.\n"
    doc = parse(text)
    assert doc.front_matter.closed
    assert doc.findings == []
    assert doc.clips[0].settings.duration == 7
    assert prompt_texts(text, doc.clips[0]) == ["A heron lifts off."]


def test_dashes_not_on_first_line_are_not_front_matter():
    text = "A heron.\n---\naspect: 9:16\n---\n"
    doc = parse(text)
    assert doc.front_matter is None
    assert doc.defaults.source_of("aspect") == "default"  # not the file's default: only this clip's own text
    assert "aspect: 9:16" in prompt_texts(text, doc.clips[0])


def test_unclosed_front_matter_stops_at_the_first_non_key_line():
    text = "---\ntitle: Orchard\nduration: 8\n\nApples fall in the wind.\n# Cider\nA press creaks.\n"
    doc = parse(text)
    fm = doc.front_matter
    assert not fm.closed
    errors = findings_of(doc.findings, "invalid-front-matter")
    assert len(errors) == 1 and errors[0].severity == Severity.ERROR
    assert errors[0].span == (0, 3)
    assert "never closed" in errors[0].message
    assert fm.values == {"title": "Orchard", "duration": 8}
    assert [c.name for c in doc.clips] == [None, "Cider"]
    assert prompt_texts(text, doc.clips[0]) == ["Apples fall in the wind."]
    assert prompt_texts(text, doc.clips[1]) == ["A press creaks."]
    assert doc.clips[1].settings.duration == 8


def test_unclosed_front_matter_stops_at_a_prose_line():
    text = "---\naspect: 9:16\nA tractor crosses the field at noon.\n"
    doc = parse(text)
    assert not doc.front_matter.closed
    assert doc.front_matter.values == {"aspect": "9:16"}
    assert prompt_texts(text, doc.clips[0]) == ["A tractor crosses the field at noon."]


def test_unclosed_front_matter_does_not_swallow_a_heading():
    text = "---\naspect: 9:16\n# Orchard {duration=7}\nApples fall in the wind.\n"
    doc = parse(text)
    assert not doc.front_matter.closed
    assert [c.name for c in doc.clips] == ["Orchard"]
    assert doc.clips[0].settings.duration == 7


def test_bom_before_front_matter():
    text = "\ufeff---\naspect: 9:16\n---\n# Quay\nNets dry on the quay.\n"
    doc = parse(text)
    assert doc.bom
    assert doc.front_matter is not None and doc.front_matter.closed
    assert doc.front_matter.span.start == 1
    assert doc.findings == []
    assert doc.clips[0].name == "Quay"
    assert doc.clips[0].settings.aspect == "9:16"


def test_bom_without_front_matter_and_heading_on_first_line():
    text = "\ufeff# Quay {duration=6}\r\nNets dry on the quay.\r\n"
    doc = parse(text)
    assert doc.bom and doc.front_matter is None
    [clip] = doc.clips
    assert clip.name == "Quay" and clip.settings.duration == 6
    assert clip.span.start == 1


def test_front_matter_with_crlf():
    text = "---\r\naspect: 9:16\r\ntitle: \"Dock: night\"\r\n---\r\n# A\r\nRain on the dock.\r\n"
    doc = parse(text)
    assert doc.newline == "\r\n"
    assert doc.front_matter.values == {"aspect": "9:16", "title": "Dock: night"}
    assert prompt_texts(text, doc.clips[0]) == ["Rain on the dock."]


# --- headings and attributes ---------------------------------------------------------------

def test_every_heading_level_starts_a_clip():
    text = "# One\nA kite rises.\n## Two\nThe string snaps.\n#### Three\nIt drifts over the sea.\n"
    doc = parse(text)
    assert [c.name for c in doc.clips] == ["One", "Two", "Three"]
    assert [c.heading.level for c in doc.clips] == [1, 2, 4]
    assert [c.index for c in doc.clips] == [0, 1, 2]
    assert prompt_texts(text, doc.clips[1]) == ["The string snaps."]
    assert at(text, doc.clips[1].heading.name_span) == "Two"
    assert at(text, doc.clips[1].span) == "## Two\nThe string snaps."


def test_attributes_override_front_matter_for_that_clip_only():
    text = (
        "---\nduration: 10\naspect: 16:9\nlanguage: en\n---\n"
        "# Plain\nA kite rises.\n"
        "## Rooftop {duration=5 aspect=9:16 language=es}\nA girl chases it.\n"
        "# After\nThe kite lands.\n"
    )
    doc = parse(text)
    plain, roof, after = doc.clips
    assert (plain.settings.duration, plain.settings.aspect, plain.settings.language) == (10, "16:9", "en")
    assert (roof.settings.duration, roof.settings.aspect, roof.settings.language) == (5, "9:16", "es")
    assert roof.settings.source_of("duration") == "heading"
    assert roof.name == "Rooftop"
    assert at(text, roof.heading.attributes_span) == "{duration=5 aspect=9:16 language=es}"
    assert (after.settings.duration, after.settings.aspect) == (10, "16:9")
    assert check(doc) == []


def test_attributes_with_commas_and_quoted_values():
    text = "# Chase {duration=8, aspect=\"9:16\", sound='off',model=kling-2.6}\nA courier sprints.\n"
    _, clip = only_clip(text)
    s = clip.settings
    assert (s.duration, s.aspect, s.sound, s.model) == (8, "9:16", False, "kling-2.6")
    assert [a.key for a in clip.heading.attributes] == ["duration", "aspect", "sound", "model"]
    assert clip.heading.attributes[1].raw == "9:16"
    assert clip.findings == []


def test_spaces_around_equals_sign():
    _, clip = only_clip("# Chase {aspect = 1:1}\nA courier sprints.\n")
    assert clip.settings.aspect == "1:1"
    assert clip.findings == []


def test_braces_mid_name_stay_in_the_name():
    text = "# Take {alt} two {duration=6}\nA dog shakes off water.\n"
    _, clip = only_clip(text)
    assert clip.name == "Take {alt} two"
    assert clip.settings.duration == 6
    assert at(text, clip.heading.name_span) == "Take {alt} two"


def test_unfinished_brace_is_part_of_the_name():
    _, clip = only_clip("# Open { duration=6\nA dog shakes off water.\n")
    assert clip.name == "Open { duration=6"
    assert clip.settings.duration == 5
    assert clip.findings == []


def test_hashtag_is_prompt_text_not_a_heading():
    text = "# Feed\nA skater lands a kickflip.\n#skatelife trending on the screen\n"
    _, clip = only_clip(text)
    assert prompt_texts(text, clip) == ["A skater lands a kickflip.", "#skatelife trending on the screen"]


def test_heading_without_a_name():
    text = "# {duration=4}\nA dog shakes off water.\n"
    _, clip = only_clip(text)
    assert clip.name == ""
    assert clip.settings.duration == 4


def test_unknown_attribute_is_an_error_with_suggestion():
    text = "# Rain {duraton=5}\nRain on a tin roof.\n"
    doc, clip = only_clip(text)
    [f] = clip.findings
    assert f.rule == "invalid-setting"
    assert f.severity == Severity.ERROR
    assert at(text, f.span) == "duraton"
    assert f.span == (text.index("duraton"), text.index("duraton") + 7)
    assert "did you mean 'duration'" in f.message
    assert clip.settings.duration == 5


def test_bad_attribute_value_is_an_error_on_the_value():
    text = "# Rain {aspect=4:3 duration=7}\nRain on a tin roof.\n"
    _, clip = only_clip(text)
    [f] = clip.findings
    assert (f.rule, f.severity) == ("invalid-setting", Severity.ERROR)
    assert f.span == (text.index("4:3"), text.index("4:3") + 3)
    assert clip.settings.aspect == "16:9"  # falls back
    assert clip.settings.duration == 7  # the good one still applies


@pytest.mark.parametrize(
    "attrs, bad",
    [
        ("{duration=abc}", "abc"),
        ("{duration=0}", "0"),
        ("{language=fr}", "fr"),
        ("{sound=maybe}", "maybe"),
        ("{model=kling-1.0}", "kling-1.0"),
    ],
)
def test_bad_attribute_values_are_invalid_setting_errors(attrs, bad):
    text = f"# Rain {attrs}\nRain on a tin roof.\n"
    _, clip = only_clip(text)
    [f] = clip.findings
    assert (f.rule, f.severity) == ("invalid-setting", Severity.ERROR)
    assert at(text, f.span) == bad


def test_malformed_attribute_is_an_error_with_exact_span():
    text = "# Rain {slow duration=6}\nRain on a tin roof.\n"
    _, clip = only_clip(text)
    [f] = clip.findings
    assert (f.rule, f.severity) == ("invalid-setting", Severity.ERROR)
    assert at(text, f.span) == "slow"
    assert f.span.start == text.index("slow")
    assert clip.settings.duration == 6


def test_attribute_with_empty_value_points_at_the_key():
    text = "# Rain {duration=}\nRain on a tin roof.\n"
    _, clip = only_clip(text)
    [f] = clip.findings
    assert (f.rule, f.severity) == ("invalid-setting", Severity.ERROR)
    assert at(text, f.span) == "duration"


def test_empty_attribute_value_does_not_swallow_the_next_attribute():
    text = "# Rain {duration= aspect=9:16}\nRain on a tin roof.\n"
    _, clip = only_clip(text)
    [f] = clip.findings
    assert at(text, f.span) == "duration"
    assert clip.settings.aspect == "9:16"


def test_attribute_given_twice():
    text = "# Rain {duration=5 duration=6}\nRain on a tin roof.\n"
    _, clip = only_clip(text)
    [f] = clip.findings
    assert (f.rule, f.severity) == ("invalid-setting", Severity.ERROR)
    assert f.span.start == text.index("duration=6")
    assert clip.settings.duration == 6


def test_attribute_findings_reach_check():
    text = "# Rain {duraton=5 aspect=2:1}\nRain on a tin roof.\n"
    found = check(parse(text))
    assert [(f.rule, at(text, f.span)) for f in found] == [
        ("invalid-setting", "duraton"), ("invalid-setting", "2:1")]


# --- clips, preamble, blank lines ------------------------------------------------------------

def test_file_without_headings_is_one_clip():
    text = "A paper lantern floats up.\n\nIt catches the wind.\n"
    doc, clip = only_clip(text)
    assert clip.heading is None and clip.name is None
    assert clip.title == "Clip 1"
    assert prompt_texts(text, clip) == ["A paper lantern floats up.", "It catches the wind."]


def test_empty_file_has_no_clips():
    doc = parse("")
    assert doc.clips == [] and doc.front_matter is None and doc.findings == []
    assert check(doc) == []


def test_preamble_with_prompt_text_is_a_clip():
    text = "A loose opening line.\n\n# Named\nThe named clip.\n"
    doc = parse(text)
    assert [c.name for c in doc.clips] == [None, "Named"]
    assert prompt_texts(text, doc.clips[0]) == ["A loose opening line."]
    assert doc.clips[1].index == 1
    assert doc.clips[1].title == "Named"


def test_comments_only_preamble_is_not_a_clip():
    text = "// client notes\n\n   // second note\n\n# Only\nA lighthouse beam sweeps.\n"
    doc = parse(text)
    assert [c.name for c in doc.clips] == ["Only"]
    assert [c.text for c in doc.comments] == ["// client notes", "// second note"]


def test_blank_lines_inside_a_clip_belong_to_it():
    text = "# Storm\nWaves hit the pier.\n\n\nA gull hides.\n\n\n# Calm\nThe sea is flat.\n"
    doc = parse(text)
    storm = doc.clips[0]
    assert prompt_texts(text, storm) == ["Waves hit the pier.", "A gull hides."]
    # the clip ends at its last non-blank line
    assert at(text, storm.span) == "# Storm\nWaves hit the pier.\n\n\nA gull hides."
    assert doc.clip_at(text.index("A gull")) is storm
    assert doc.clip_at(text.index("The sea")) is doc.clips[1]


def test_empty_clip_warning():
    text = "# Intro\n\n// fill in later\n\n# Body\nA cat stretches.\n"
    doc = parse(text)
    intro, body = doc.clips
    [f] = intro.findings
    assert (f.rule, f.severity) == ("empty-clip", Severity.WARNING)
    assert at(text, f.span) == "Intro"
    assert body.findings == []
    assert [(x.rule, at(text, x.span)) for x in check(doc)] == [("empty-clip", "Intro")]


def test_heading_at_end_of_file_is_empty_clip():
    text = "# One\nA cat stretches.\n# Two\n"
    doc = parse(text)
    assert [f.rule for f in doc.clips[1].findings] == ["empty-clip"]
    assert doc.clips[0].findings == []


# --- comments -----------------------------------------------------------------------------

def test_comment_lines_are_never_prompt_text():
    text = (
        "# Courier\n"
        "// Client wants the logo by second 3.\n"
        "   // an indented note\n"
        "A courier cycles past https://example.com/map on a billboard.\n"
        "\t// tab-indented note\n"
        "He rings the bell // twice\n"
    )
    _, clip = only_clip(text)
    assert prompt_texts(text, clip) == [
        "A courier cycles past https://example.com/map on a billboard.",
        "He rings the bell // twice",
    ]
    assert [c.text for c in clip.comments] == [
        "// Client wants the logo by second 3.", "// an indented note", "// tab-indented note"]


# --- suppressions -------------------------------------------------------------------------

def test_suppression_in_clip_scope():
    text = "# A\n// kling-ignore unclosed-quote\nShe shouts, \"Over here\n# B\nHe whispers, \"Wait up\n"
    doc = parse(text)
    a, b = doc.clips
    assert [s.names for s in a.suppressions] == [("unclosed-quote",)]
    assert a.suppressions[0].scope == "clip"
    assert doc.suppressions == []
    found = check(doc)
    # the raw finding is still in the tree, only check() drops it
    assert [f.rule for f in a.findings] == ["unclosed-quote"]
    assert [(f.rule, f.span.start) for f in found] == [("unclosed-quote", text.index('"Wait'))]


def test_suppression_above_first_heading_is_file_scope():
    text = "// kling-ignore unclosed-quote\n# A\nShe shouts, \"Over here\n# B\nHe whispers, \"Wait up\n"
    doc = parse(text)
    assert [s.names for s in doc.suppressions] == [("unclosed-quote",)]
    assert doc.suppressions[0].scope == "file"
    assert all(not c.suppressions for c in doc.clips)
    assert check(doc) == []


@pytest.mark.parametrize(
    "comment, names",
    [
        ("// kling-ignore empty-clip", ("empty-clip",)),
        ("// kling-ignore: unclosed-quote, invalid-reference", ("unclosed-quote", "invalid-reference")),
        ("// kling-ignore:unclosed-quote,empty-clip", ("unclosed-quote", "empty-clip")),
        ("//kling-ignore  unclosed-quote  empty-clip", ("unclosed-quote", "empty-clip")),
        ("   // kling-ignore , empty-clip ,, invalid-reference", ("empty-clip", "invalid-reference")),
        ("// kling-ignore", ()),
        ("// kling-ignore:", ()),
        ("// kling-ignore empty-clip -- waiting for the shot list", ("empty-clip",)),
    ],
)
def test_suppression_names(comment, names):
    text = f"# A\n{comment}\nA cat stretches.\n"
    _, clip = only_clip(text)
    [sup] = clip.suppressions
    assert sup.names == names
    for name, span in sup.rules:
        assert at(text, span) == name
    assert clip.comments == []


def test_not_a_suppression():
    text = "# A\n// kling-ignoreall empty-clip\n"
    _, clip = only_clip(text)
    assert clip.suppressions == []
    assert len(clip.comments) == 1
    assert [f.rule for f in check(parse(text))] == ["empty-clip"]


def test_blanket_suppression_silences_every_rule_in_scope():
    text = "# A\n// kling-ignore\nShe calls, \"Over here\n<<<voice one>>>\n# B\n"
    doc = parse(text)
    assert {f.rule for f in doc.clips[0].findings} == {"unclosed-quote", "invalid-reference"}
    assert [(f.rule, doc.clip_at(f.span.start).name) for f in check(doc)] == [("empty-clip", "B")]


def test_unknown_rule_in_suppression():
    text = "# A\n// kling-ignore unclosed-quotes, empty-clip\nA cat stretches.\n"
    found = check(parse(text))
    [f] = found
    assert (f.rule, f.severity) == ("unknown-rule", Severity.WARNING)
    assert at(text, f.span) == "unclosed-quotes"
    assert "did you mean 'unclosed-quote'" in f.message
    # the suggestion comes with a replacement edit, not applied by a safe-only fix run
    [fix] = f.fixes
    assert not fix.safe
    assert fix_text(text).text == text
    assert fix_text(text, unsafe=True).text == text.replace("unclosed-quotes", "unclosed-quote")


def test_unknown_rule_without_suggestion_at_file_scope():
    text = "// kling-ignore zzz\nA cat stretches.\n"
    [f] = check(parse(text))
    assert f.rule == "unknown-rule"
    assert at(text, f.span) == "zzz"
    assert "did you mean" not in f.message and f.fixes == ()


def test_suppression_only_silences_named_rule():
    text = "# A\n// kling-ignore invalid-reference\nShe shouts, \"Over here <<<voice one>>>\n"
    found = check(parse(text))
    assert [f.rule for f in found] == ["unclosed-quote"]


# --- negative prompt ------------------------------------------------------------------------

def test_negative_lines_both_spellings_any_case_joined():
    text = (
        "# Pier\n"
        "A pier at dusk.\n"
        "NEGATIVE: watermark, subtitles\n"
        "  negative prompt:   blurry faces  \n"
        "Negative Prompt: \"text overlay\"\n"
        "Negativity hangs over the town.\n"
    )
    _, clip = only_clip(text)
    assert clip.negative_prompt == 'watermark, subtitles, blurry faces, "text overlay"'
    assert [n.text for n in clip.negatives] == ["watermark, subtitles", "blurry faces", '"text overlay"']
    assert at(text, clip.negatives[1].text_span) == "blurry faces"
    assert prompt_texts(text, clip) == ["A pier at dusk.", "Negativity hangs over the town."]
    # quotes in a Negative line are neither dialogue nor quotes
    assert clip.dialogue == [] and clip.quotes == []


def test_empty_negative_line_is_left_out_of_the_join():
    _, clip = only_clip("A pier.\nNegative:\nnegative: fog\n")
    assert clip.negative_prompt == "fog"


def test_negative_only_clip_is_empty():
    text = "# Pier\nNegative: fog\n"
    _, clip = only_clip(text)
    assert [f.rule for f in clip.findings] == ["empty-clip"]


# --- shots -------------------------------------------------------------------------------

def shots_of(text: str):
    _, clip = only_clip(text)
    return clip, [(s.number, s.duration, s.marker_kind, at(text, s.marker_span)) for s in clip.shots]


@pytest.mark.parametrize(
    "line, number, duration, kind, marker",
    [
        ("Shot 1: Wide shot of the harbour.", 1, None, "shot", "Shot 1: "),
        ("Shot 2 (3s): The ferry sounds its horn.", 2, 3.0, "shot", "Shot 2 (3s): "),
        ("shot 4 (2.5 seconds): A slow pan.", 4, 2.5, "shot", "shot 4 (2.5 seconds): "),
        ("Shot 3 - Close-up on the captain's hands.", 3, None, "shot", "Shot 3 - "),
        ("Shot 4, 5s, the rope drops onto the dock.", 4, 5.0, "shot", "Shot 4, 5s, "),
        ("[0-3s] Fog rolls over the pier.", 1, 3.0, "timecode", "[0-3s] "),
        ("[2 – 6s]: A gull lands.", 1, 4.0, "timecode", "[2 – 6s]: "),
        ("0–4s — A gull lands on a post.", 1, 4.0, "timecode", "0–4s — "),
        ("3-5s: The tide turns.", 1, 2.0, "timecode", "3-5s: "),
        ("[5-8s] Shot 3 — The ferry pulls away.", 3, 3.0, "timecode", "[5-8s] Shot 3 — "),
        ("(~2s, close-up) Rain beads on the window.", 1, 2.0, "beat", "(~2s, close-up) "),
        ("カット1：駅のホームに雪が降る。", 1, None, "cut", "カット1："),
        ("镜头2：雨夜的街口。", 2, None, "cut", "镜头2："),
        ("- Shot 2: A bulleted shot.", 2, None, "shot", "- Shot 2: "),
        ("• [2-4s] A bulleted time code.", 1, 2.0, "timecode", "• [2-4s] "),
    ],
)
def test_shot_markers(line, number, duration, kind, marker):
    clip, shots = shots_of(line + "\n")
    assert shots == [(number, duration, kind, marker)]
    shot = clip.shots[0]
    assert shot.span == (0, len(line))
    assert shot.text_span == (len(marker), len(line))


@pytest.mark.parametrize(
    "line",
    [
        "Shot on 35mm film, heavy grain.",
        "Shot in slow motion at dusk.",
        "A wide shot of 3 boats.",
        "[Captain]: \"Lines away.\"",
        "(whispering) Nobody moves.",
        "The year 1990-1995s was hard.",
    ],
)
def test_not_shot_markers(line):
    clip, shots = shots_of(line + "\n")
    assert shots == []


def test_shot_runs_to_next_marker_or_blank_line():
    text = (
        "# Harbour {duration=8}\n"
        "Documentary style, overcast light.\n"
        "Shot 1 (3s): Boats knock at their moorings.\n"
        "Gulls wheel above them.\n"
        "Shot 2 (5s): A deckhand coils wet rope.\n"
        "\n"
        "The light fades over everything.\n"
    )
    clip, shots = shots_of(text)
    assert [(n, d) for n, d, _, _ in shots] == [(1, 3.0), (2, 5.0)]
    one, two = clip.shots
    assert at(text, one.span) == "Shot 1 (3s): Boats knock at their moorings.\nGulls wheel above them."
    assert at(text, one.text_span) == "Boats knock at their moorings.\nGulls wheel above them."
    assert at(text, two.span) == "Shot 2 (5s): A deckhand coils wet rope."
    # text before the first shot and after the last belongs to no shot
    for s in clip.shots:
        assert not s.span.covers(text.index("Documentary"))
        assert not s.span.covers(text.index("The light"))


def test_negative_line_and_bracket_section_end_a_shot():
    text = "Shot 1 (2s): A kettle boils.\nNegative: steam on lens\nThe kettle clicks off.\nShot 2 (3s): Steam.\n[AUDIO] a long hiss\n"
    clip, _ = shots_of(text)
    one, two = clip.shots
    assert at(text, one.span) == "Shot 1 (2s): A kettle boils."
    assert at(text, two.span) == "Shot 2 (3s): Steam."


def test_section_word_line_ends_a_shot():
    text = "Shot 1 (2s): A kettle boils.\nAudio: a whistle rising.\nShot 2 (3s): Steam.\n"
    clip, _ = shots_of(text)
    assert at(text, clip.shots[0].span) == "Shot 1 (2s): A kettle boils."


def test_emoji_before_shot_marker():
    text = "🎬 Shot 1 (2s): A kettle.\n🎬 Shot 2 (3s): Steam.\n"
    clip, shots = shots_of(text)
    assert [(n, d) for n, d, _, _ in shots] == [(1, 2.0), (2, 3.0)]


def test_unnumbered_markers_count_in_order_and_durations():
    text = "[0-2s] Dawn.\n[2-5s] Noon.\n[5-9.5s] Dusk.\n"
    clip, shots = shots_of(text)
    assert [(n, d) for n, d, _, _ in shots] == [(1, 2.0), (2, 3.0), (3, 4.5)]


def test_dialogue_knows_its_shot():
    text = "Shot 1: A cook tastes the soup.\nShot 2: The cook says, \"More salt.\"\n"
    clip, _ = shots_of(text)
    [line] = clip.dialogue
    assert line.shot == 1


# --- sections ------------------------------------------------------------------------------

def test_sections_at_line_start_mid_line_and_bracketed():
    text = (
        "Visual: A greenhouse at dawn, fogged glass.\n"
        "Tomatoes ripen on the vine. Audio: drip irrigation ticking. Style: warm, handheld.\n"
        "[AUDIO]\n"
        "A radio murmurs.\n"
        "【风格】 胶片质感\n"
        "She turns the audio: down low.\n"
        "Camera: slow dolly in.\n"
    )
    _, clip = only_clip(text)
    got = [(s.word, s.kind, at(text, s.span)) for s in clip.sections]
    assert got == [
        ("Visual", "visual", "Visual:"),
        ("Audio", "audio", "Audio:"),
        ("Style", "style", "Style:"),
        ("AUDIO", "audio", "[AUDIO]"),
        ("风格", "style", "【风格】"),
        ("Camera", "camera", "Camera:"),
    ]
    # each section's body runs to the next section
    visual, audio = clip.sections[0], clip.sections[1]
    assert visual.body == (visual.span.end, audio.span.start)
    assert clip.sections[-1].body.end == clip.span.end


def test_section_word_inside_quotes_or_mid_sentence_is_not_a_section():
    text = "The host says, \"Audio: check one two.\" The sound: crisp.\n"
    _, clip = only_clip(text)
    assert clip.sections == []


def test_unknown_bracket_is_not_a_section():
    _, clip = only_clip("[pause] The wind drops.\n")
    assert clip.sections == []


# --- references ----------------------------------------------------------------------------

def test_valid_references():
    text = "The man <<<voice_1>>> waits by <<<element_2>>> in <<<image_3>>> like <<<Video_12>>>.\n"
    _, clip = only_clip(text)
    got = [(r.kind, r.name, r.number, at(text, r.span)) for r in clip.references]
    assert got == [
        ("voice", "voice_1", 1, "<<<voice_1>>>"),
        ("element", "element_2", 2, "<<<element_2>>>"),
        ("image", "image_3", 3, "<<<image_3>>>"),
        ("video", "video_12", 12, "<<<Video_12>>>"),
    ]
    assert clip.findings == []


@pytest.mark.parametrize("ref", ["<<<voice one>>>", "<<<logo_1>>>", "<<<voice_>>>", "<<<>>>"])
def test_invalid_reference(ref):
    text = f"A singer {ref} hums.\n"
    _, clip = only_clip(text)
    [f] = clip.findings
    assert (f.rule, f.severity) == ("invalid-reference", Severity.WARNING)
    assert at(text, f.span) == ref
    assert clip.references == []


@pytest.mark.parametrize(
    "near, fixed",
    [("<<voice_1>>", "<<<voice_1>>>"), ("<image 2>", "<<<image_2>>>"), ("<<Element3>>", "<<<element_3>>>")],
)
def test_near_miss_reference_has_a_safe_fix(near, fixed):
    text = f"A singer {near} hums.\n"
    _, clip = only_clip(text)
    [f] = clip.findings
    assert f.rule == "invalid-reference"
    assert at(text, f.span) == near
    [fix] = f.fixes
    assert fix.safe
    result = fix_text(text)
    assert result.text == f"A singer {fixed} hums.\n"
    assert result.applied == 1
    assert result.remaining == []


@pytest.mark.parametrize("ref", ["<<voice_1>>>", "<<<voice_2>>"])
def test_lopsided_reference_brackets_are_reported(ref):
    text = f"A singer {ref} hums.\n"
    _, clip = only_clip(text)
    assert [(f.rule, at(text, f.span)) for f in clip.findings] == [("invalid-reference", ref)]


def test_at_name_reference_and_email():
    text = "@Rufus chases the ball past ana@example.com and @Miso_2.\n"
    _, clip = only_clip(text)
    assert [(r.kind, r.name, at(text, r.span)) for r in clip.references] == [
        ("at", "Rufus", "@Rufus"), ("at", "Miso_2", "@Miso_2")]


def test_at_tag_inside_label_runs_to_the_bracket():
    text = "[Ferryman @Old Sailor's Voice]: \"All aboard.\"\n"
    _, clip = only_clip(text)
    [ref] = clip.references
    assert ref.kind == "at"
    assert ref.name == "Old Sailor's Voice"
    assert at(text, ref.span) == "@Old Sailor's Voice"


def test_at_tag_inside_label_without_space():
    text = "[Host@Studio Voice]: \"Welcome back.\"\n"
    _, clip = only_clip(text)
    assert [r.name for r in clip.references] == ["Studio Voice"]


# --- shots inside running text -----------------------------------------------------------------

@pytest.mark.parametrize(
    "line, expected",
    [
        ("Shot 1 (0-4s): Fog on the pier.", [(1, 4.0, "Shot 1 (0-4s): ")]),
        ("Shot 2 [4-8s] - A gull lands.", [(2, 4.0, "Shot 2 [4-8s] - ")]),
        ("A man crosses the street. Shot 2 (4-8s): he stops.",
         [(2, 4.0, "Shot 2 (4-8s): ")]),
        ("Shot 1 (3s): dusk. Then Shot 2 (5s): a close-up of his face.",
         [(1, 3.0, "Shot 1 (3s): "), (2, 5.0, "Shot 2 (5s): ")]),
        ("The street empties; and then, Shot 3: rain.", [(3, None, "Shot 3: ")]),
        ("[0-3s] Fog rolls in. [3-6s] A gull lands. 6-8s: the tide turns.",
         [(1, 3.0, "[0-3s] "), (2, 3.0, "[3-6s] "), (3, 2.0, "6-8s: ")]),
        ("**Shot 1 (2s):** a kettle. **Shot 2 (3s):** steam.", [(1, 2.0, "**Shot 1 (2s):** "), (2, 3.0, "**Shot 2 (3s):** ")]),
    ],
)
def test_shot_markers_inside_running_text(line, expected):
    _, shots = shots_of(line + "\n")
    assert [(n, d, m) for n, d, _, m in shots] == expected


@pytest.mark.parametrize(
    "line",
    [
        "He shot 2 rabbits. The shot 2 seconds later is wide.",
        "A 2-3s pause. Wide shot 3 of them.",
        'She says, "Shot 2 (3s): go." Then nothing.',
        "The lens flares. Shot 2 is a close-up.",
        "Rain, 3-4s of silence, then thunder.",
        "It lasts. 2024-2025 was hard.",
    ],
)
def test_no_shot_inside_running_text(line):
    _, shots = shots_of(line + "\n")
    assert shots == []


def test_an_inline_shot_ends_the_one_before_it_at_its_sentence():
    text = "Shot 1 (3s): Boats knock together. Then Shot 2 (5s): a deckhand coils rope.\nGulls cry.\n"
    clip, _ = shots_of(text)
    one, two = clip.shots
    assert at(text, one.span) == "Shot 1 (3s): Boats knock together."
    assert at(text, two.span) == "Shot 2 (5s): a deckhand coils rope.\nGulls cry."
    assert at(text, two.text_span) == "a deckhand coils rope.\nGulls cry."


def test_dialogue_in_an_inline_shot_belongs_to_it():
    text = 'Shot 1 (2s): A cook tastes the soup. Shot 2 (3s): the cook says, "More salt."\n'
    clip, _ = shots_of(text)
    [line] = clip.dialogue
    assert line.shot == 1


@pytest.mark.parametrize("line, duration, marker", [
    ("[00:05-00:10] Shot 2: He kneels.", 5.0, "[00:05-00:10] Shot 2: "),
    ("0:02-0:04: She steps forward.", 2.0, "0:02-0:04: "),
    ("[1:00 - 1:12.5] The credits roll.", 12.5, "[1:00 - 1:12.5] "),
])
def test_minutes_and_seconds_time_codes(line, duration, marker):
    _, shots = shots_of(line + "\n")
    assert [(d, m) for _, d, _, m in shots] == [(duration, marker)]


def test_a_clock_time_in_prose_is_no_shot():
    _, shots = shots_of("The shop opens at 10:30-11:00 on weekdays.\n")
    assert shots == []


# --- a quote hard-wrapped onto the next line ---------------------------------------------------

def test_a_quote_cut_by_a_hard_line_break_closes_on_the_next_line():
    text = ('# Rosa {duration=6}\nAudio: (Rosa, clear authoritative voice): "Every \ncase tells a story. '
            "This one's different.\"\nShe sets the file down.\n")
    clip = parse(text).clips[0]
    assert not [f for f in clip.findings if f.rule == "unclosed-quote"]
    [line] = clip.dialogue
    assert line.text == "Every \ncase tells a story. This one's different."


@pytest.mark.parametrize("text", [
    '# Cafe {duration=6}\nShe says calmly, "Welcome in.\nSoft music plays. He says, "Hi."\n',
    '# Cafe {duration=6}\nShe says calmly, "Welcome in\n\nThe door closes."\n',
])
def test_a_quote_left_open_is_still_reported(text):
    clip = parse(text).clips[0]
    assert [f.rule for f in clip.findings if f.rule == "unclosed-quote"]


def test_a_connector_may_open_a_shot_marker():
    _, shots = shots_of("0-4 seconds: He poses.\nSuddenly 4-5 seconds: A friend rushes in.\nThen [5-7s] Another peeks.\n")
    assert [(n, d) for n, d, _, _ in shots] == [(1, 4.0), (2, 1.0), (3, 2.0)]
    _, none = shots_of("Now 3-4 friends arrive at the door.\n")
    assert none == []


def test_time_codes_of_a_clip_that_is_one_take_are_beats_not_shots():
    _, shots = shots_of("15 seconds, one continuous shot.\n0:00-0:05: She waits.\n0:05-0:10: He arrives.\n")
    assert shots == []
    _, storyboard = shots_of("One take would be nice.\n[0-5s] Shot 1: She waits.\n[5-10s] Shot 2: He arrives.\n")
    assert len(storyboard) == 2


def test_a_time_code_that_overlaps_the_last_shot_is_a_shot():
    _, shots = shots_of("[00:00-00:03] A.\n[00:03-00:07] B.\n[00:06-00:10] C.\n")
    assert [d for _, d, _, _ in shots] == [3.0, 4.0, 4.0]
