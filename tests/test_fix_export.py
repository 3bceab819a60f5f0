"""Applying fixes (`fix_text`) and exporting clips (`export_clip`, `clip_prompt`)."""

from __future__ import annotations

import pytest

from kling_lsp.core.checker import check
from kling_lsp.core.export import clip_prompt, export_clip
from kling_lsp.core.config import Config
from kling_lsp.core.rules import all_rules
from kling_lsp.core import fixes
from kling_lsp.core.findings import Finding, Fix, Severity, TextEdit
from kling_lsp.core.fixes import fix_text
from kling_lsp.core.spans import Span
from kling_lsp.core.parser import parse


def rules(text: str) -> list[str]:
    return [f.rule for f in check(parse(text))]


def exported(text: str, index: int = 0):
    doc = parse(text)
    return export_clip(doc, doc.clips[index])


# --- fix_text ---------------------------------------------------------------------------------

def test_safe_fix_closes_quote_at_line_end_and_keeps_crlf():
    text = "# Alarm\r\nA sergeant shouts, \"Get down!\r\nA dog barks.\r\n"
    result = fix_text(text)
    assert result.text == "# Alarm\r\nA sergeant shouts, \"Get down!\"\r\nA dog barks.\r\n"
    assert result.applied == 1
    assert result.remaining == []
    raw = result.text.encode("utf-8")
    assert raw.count(b"\r\n") == 3
    assert raw.replace(b"\r\n", b"").count(b"\n") == 0
    assert raw.replace(b"\r\n", b"").count(b"\r") == 0


def test_fix_keeps_lone_cr_and_bom():
    text = "\ufeffA clerk says, \u201cNext please\rThe queue shuffles.\r"
    result = fix_text(text)
    assert result.text == "\ufeffA clerk says, \u201cNext please\u201d\rThe queue shuffles.\r"
    assert result.text.encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_closing_mark_matches_the_opening_one():
    text = (
        "A clerk says, \u300c\u3044\u3089\u3063\u3057\u3083\u3044\n"
        "A vendor says, \u00abBuenos d\u00edas  \n"
        "A poet says, \u300e\u6625\u306e\u96e8\n"
    )
    result = fix_text(text)
    assert result.text == (
        "A clerk says, \u300c\u3044\u3089\u3063\u3057\u3083\u3044\u300d\n"
        "A vendor says, \u00abBuenos d\u00edas\u00bb  \n"
        "A poet says, \u300e\u6625\u306e\u96e8\u300f\n"
    )
    assert result.applied == 3
    assert "unclosed-quote" not in rules(result.text)


def test_several_fixes_in_one_run():
    # syntax rules only: the audio rules' own fixes are tested with them
    syntax_only = Config(rules={r.name: "off" for r in all_rules() if r.category != "syntax"})
    text = "# A\nShe calls, \"Over here\n<<voice_1>> hums a tune.\n# B\nHe calls, \u201cComing\n"
    result = fix_text(text, syntax_only)
    assert result.text == (
        "# A\nShe calls, \"Over here\"\n<<<voice_1>>> hums a tune.\n# B\nHe calls, \u201cComing\u201d\n")
    assert result.applied == 3
    assert [f.rule for f in check(parse(result.text), syntax_only)] == []


def test_unsafe_fixes_only_with_unsafe():
    text = "He whispers, \u201cWait, \u201cthey're here.\u201d\n"
    safe = fix_text(text)
    assert safe.text == text
    assert safe.applied == 0
    assert [f.rule for f in safe.remaining] == ["unclosed-quote"]

    unsafe = fix_text(text, unsafe=True)
    assert unsafe.text == "He whispers, \u201cWait,\u201d \u201cthey're here.\u201d\n"
    assert unsafe.applied == 1
    assert unsafe.remaining == []


def test_unknown_rule_replacement_is_unsafe():
    text = "// kling-ignore empty-clips\n# Later\n"
    assert fix_text(text).text == text
    fixed = fix_text(text, unsafe=True)
    assert fixed.text == "// kling-ignore empty-clip\n# Later\n"
    assert rules(fixed.text) == []  # the corrected name now silences the empty clip


def test_suppressed_findings_are_not_fixed():
    text = "// kling-ignore unclosed-quote\nShe calls, \"Over here\n"
    result = fix_text(text)
    assert result.text == text
    assert result.applied == 0


@pytest.mark.parametrize(
    "text",
    [
        "# A\r\nA sergeant shouts, \"Get down!\r\nA dog barks.\r\n",
        "He whispers, \u201cWait, \u201cthey're here.\u201d\n<<image 2>> glows.\n",
        "A clerk says, \u300c\u3044\u3089\u3063\u3057\u3083\u3044\n// kling-ignore unclosed-quotes\n",
        "Nothing to fix here.\n",
    ],
)
@pytest.mark.parametrize("unsafe", [False, True])
def test_fixing_is_stable(text, unsafe):
    once = fix_text(text, unsafe=unsafe)
    twice = fix_text(once.text, unsafe=unsafe)
    assert twice.text == once.text
    assert twice.applied == 0
    assert [f.rule for f in twice.remaining] == [f.rule for f in once.remaining]


def test_single_quote_fix_is_stable():
    text = "He says, 'Go home\n"
    once = fix_text(text)
    assert once.text == "He says, 'Go home'\n"
    assert fix_text(once.text).text == once.text


def test_a_quote_left_open_under_music_is_closed_then_the_music_set_low_once():
    text = '# Bar\nA DJ spins records at the turntables while she says calmly, "Welcome in.\n'
    once = fix_text(text)
    assert once.text == ('# Bar\nA DJ spins records at the turntables while she says calmly, '
                         '"Welcome in." Soft background music.\n')
    assert once.applied == 2 and once.remaining == []
    again = fix_text(once.text)
    assert again.text == once.text and again.applied == 0


def test_a_fix_that_leaves_its_finding_is_not_applied_or_counted(monkeypatch):
    # a safe fix whose finding survives it would otherwise write its text on every pass and every run
    real_check = fixes.check

    def with_a_stubborn_finding(document, config=None):
        found = real_check(document, config)
        end = len(document.text)
        grow = Fix("Add a word", (TextEdit(end, end, " more"),), safe=True)
        return found + [Finding("stubborn", Severity.INFORMATION, Span(0, 1), "never goes", (grow,))]

    monkeypatch.setattr(fixes, "check", with_a_stubborn_finding)
    text = "# A\nShe shouts, \"Over here\n"
    result = fix_text(text)
    assert result.text == "# A\nShe shouts, \"Over here\"\n"
    assert result.applied == 1
    assert [f.rule for f in result.remaining] == ["stubborn"]


def test_choosing_fixes_compares_each_edit_with_its_neighbours_only(monkeypatch):
    calls = 0
    real_clash = fixes._clash

    def counted(a, b):
        nonlocal calls
        calls += 1
        return real_clash(a, b)

    monkeypatch.setattr(fixes, "_clash", counted)
    clips = 400
    text = "".join(f"# Clip {n}\nShe shouts, \"Over here\n" for n in range(clips))
    result = fix_text(text)
    assert result.applied == clips and result.remaining == []
    assert calls < 4 * clips  # every pair would be 80,000


# --- export ----------------------------------------------------------------------------------

FILE = (
    "---\r\n"
    "title: Night ferry\r\n"
    "aspect: 9:16\r\n"
    "duration: 10\r\n"
    "---\r\n"
    "// Version 3, client notes below\r\n"
    "// kling-ignore empty-clip\r\n"
    "\r\n"
    "## Boarding {duration=8 language=es}\r\n"
    "  A ferry idles at a foggy pier, deck lights glowing.   \r\n"
    "// keep the gulls quiet\r\n"
    "\r\n"
    "\r\n"
    "\r\n"
    "[0-3s] A deckhand unhooks the gangway chain.\r\n"
    "Shot 2 (5s): He says, \u00abVamos, r\u00e1pido.\u00bb\r\n"
    "Negative: watermark, subtitles\r\n"
    "(~2s, close-up) The horn blasts twice.\r\n"
    "NEGATIVE PROMPT: extra fingers\r\n"
    "\r\n"
    "# Crossing\r\n"
    "Black water slides past the hull.\r\n"
)


def test_export_prompt_removes_markup_and_rewrites_shots():
    e = exported(FILE, 0)
    assert e.prompt == (
        "A ferry idles at a foggy pier, deck lights glowing.\n"
        "\n"
        "Shot 1: A deckhand unhooks the gangway chain.\n"
        "Shot 2: He says, \u00abVamos, r\u00e1pido.\u00bb\n"
        "Shot 3: The horn blasts twice."
    )
    assert "\r" not in e.prompt
    assert "//" not in e.prompt and "#" not in e.prompt and "Negative" not in e.prompt.lower()


def test_export_fields_come_from_attributes_then_front_matter():
    first = exported(FILE, 0)
    assert first.name == "Boarding"
    assert (first.duration, first.aspect_ratio, first.language, first.model) == (8, "9:16", "es", "kling-3.0")
    assert first.negative_prompt == "watermark, subtitles, extra fingers"
    second = exported(FILE, 1)
    assert second.name == "Crossing"
    assert (second.duration, second.aspect_ratio, second.language) == (10, "9:16", None)
    assert second.negative_prompt == ""
    assert second.prompt == "Black water slides past the hull."
    assert second.shots == ()


def test_export_shots():
    e = exported(FILE, 0)
    assert [(s.index, s.duration, s.prompt) for s in e.shots] == [
        (1, 3, "A deckhand unhooks the gangway chain."),
        (2, 5, "He says, \u00abVamos, r\u00e1pido.\u00bb"),
        (3, 2, "The horn blasts twice."),
    ]
    data = e.as_json()
    assert data["shots"] == [
        {"index": 1, "duration": 3, "prompt": "A deckhand unhooks the gangway chain."},
        {"index": 2, "duration": 5, "prompt": "He says, \u00abVamos, r\u00e1pido.\u00bb"},
        {"index": 3, "duration": 2, "prompt": "The horn blasts twice."},
    ]
    assert isinstance(data["shots"][0]["duration"], int)
    assert data["duration"] == 8 and data["aspect_ratio"] == "9:16"


def test_export_shot_without_duration_and_multiline_shot():
    text = "# Kitchen {duration=6}\nShot 1: A pot boils over,\nfoam spilling down the side.\nShot 2 - The cook lunges.\n"
    e = exported(text)
    assert e.prompt == "Shot 1: A pot boils over,\nfoam spilling down the side.\nShot 2: The cook lunges."
    assert [(s.index, s.duration, s.prompt) for s in e.shots] == [
        (1, None, "A pot boils over, foam spilling down the side."), (2, None, "The cook lunges.")]
    assert e.as_json()["shots"][0]["duration"] is None


def test_export_collapses_blank_runs_and_trims():
    text = "\n\n   Morning fog.   \n\n\n\n\nA bell rings.\n// note\n\nA dog barks.\n\n\n"
    doc = parse(text)
    assert clip_prompt(doc, doc.clips[0]) == "Morning fog.\n\nA bell rings.\n\nA dog barks."


def test_export_keeps_dialogue_labels_sections_and_references():
    text = (
        "# Radio\n"
        "Visual: a studio at night. Audio: rain on the window.\n"
        "[Host @Studio Voice, warm low voice]: \"You're listening to night radio.\"\n"
        "The caller <<<voice_1>>> says, \"Play something slow.\"\n"
    )
    e = exported(text)
    assert e.prompt == text.split("\n", 1)[1].rstrip("\n")


def test_export_defaults_without_front_matter():
    e = exported("A kite over the dunes.\n")
    assert (e.duration, e.aspect_ratio, e.model, e.language) == (5, "16:9", "kling-3.0", None)
    assert e.prompt == "A kite over the dunes."
    assert e.negative_prompt == ""


def test_export_sound_setting():
    assert exported("# A {sound=off}\nA kite.\n").sound in (False, "off")
    assert exported("# A\nA kite.\n").sound in (True, "on")


def test_json_sound_is_on_or_off_as_the_kling_api_takes_it():
    assert exported("# A {sound=off}\nA kite.\n").as_json()["sound"] == "off"
    assert exported("# A\nA kite.\n").as_json()["sound"] == "on"


def test_json_name_of_clip_without_heading_is_null():
    assert exported("A kite over the dunes.\n").as_json()["name"] is None


def test_json_name_of_clip_without_heading_falls_back_to_the_title():
    assert exported("---\ntitle: Dunes\n---\nA kite over the dunes.\n").as_json()["name"] == "Dunes"


def test_export_rewrites_shot_markers_inside_running_text():
    text = "# Street {duration=8}\nSoft rain.\n🎬 Shot 1 (0-4s): A wide street. Then Shot 2 (4-8s): a close-up.\nShe smiles.\n"
    document = parse(text)
    exported = export_clip(document, document.clips[0])
    assert exported.prompt == "Soft rain.\nShot 1: A wide street. Then Shot 2: a close-up.\nShe smiles."
    assert [(s.index, s.duration, s.prompt) for s in exported.shots] == [
        (1, 4.0, "A wide street."), (2, 4.0, "a close-up. She smiles.")]
