"""Prompts written as data or as numbered parts: where a quote stands decides what it is.

JSON strings hold escaped marks and quotes of the other style; a record's fields give its line a
speaker and a style; a numbered key (`Scene 1:`) hands over a description, not a line; a parenthesis
inside a quote directs it. Each mechanism is tried in several invented forms, with near misses.
"""

from __future__ import annotations

import pytest

from kling_lsp.core.parser import parse
from kling_lsp.core.quotes import scan_line
from rulekit import of_rule, one, quiet


def clip(body: str, heading: str = "# Scene {duration=10}") -> str:
    return f"{heading}\n{body}\n"


def lines(text: str) -> list[tuple[str, str | None, str | None]]:
    """(spoken words, speaker, style) of every line of dialogue."""
    return [(d.text, d.speaker.name if d.speaker else None, d.style.text if d.style else None)
            for c in parse(text).clips for d in c.dialogue]


def inner(line: str) -> list[tuple[str, bool]]:
    return [(line[q.inner_start:q.inner_end], q.closed) for q in scan_line(line, 0, len(line))]


# --- marks inside a quote ------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ('"line": "(winking) \\"Rawr, I am here!\\"",', [("line", True), ('(winking) \\"Rawr, I am here!\\"', True)]),
    ('"note": "She said \\"no\\" twice"', [("note", True), ('She said \\"no\\" twice', True)]),
])
def test_escaped_marks_are_part_of_the_words(line, expected):
    assert inner(line) == expected


@pytest.mark.parametrize("line, expected", [
    ('"Hi,” she said, “bye.”', [("Hi,", True), ("bye.", True)]),  # a closer of the other style still closes
    ('a \\\\"quoted\\\\" word', [("quoted\\\\", True)]),  # an escaped backslash, then a real mark
    ('He whispers, “Wait, “they are here.”', [("Wait,", False), ("they are here.", True)]),  # no closer after
])
def test_marks_that_are_not_escaped_or_nested_still_open_and_close(line, expected):
    assert inner(line) == expected


def test_a_json_value_with_quoted_words_inside_is_not_an_unclosed_quote():
    text = clip('{\n  "scene": "A box stamped \\"HANDLE WITH CARE\\" shakes on the bench.",\n'
                '  "dialogue": {"line": "(cheerfully) \\"It is alive!\\""}\n}')
    quiet(text, "unclosed-quote")
    assert lines(text) == [('It is alive!', None, "cheerfully")]


# --- a parenthesis inside the quote directs the line ---------------------------------------------

@pytest.mark.parametrize("body, words, style", [
    ('She says, "(laughs) Okay, fine, you win."', "Okay, fine, you win.", "laughs"),
    ('MARA: "Get down right now! (shouting)"', "Get down right now!", "shouting"),
    ('The clerk replies, "\uff08\u5c0f\u58f0\uff09Come back tomorrow."', "Come back tomorrow.", "\u5c0f\u58f0"),
])
def test_a_parenthesis_that_opens_or_closes_a_quote_is_its_direction(body, words, style):
    text = clip(body)
    assert [(w, s) for w, _, s in lines(text)] == [(words, style)]
    quiet(text, "missing-speaking-style")


def test_a_parenthesis_in_the_middle_of_a_line_is_spoken():
    text = clip('He says, "I saw (the tall one) at the gate."')
    assert [w for w, _, _ in lines(text)] == ["I saw (the tall one) at the gate."]


def test_a_parenthesis_inside_a_bare_quote_does_not_make_it_speech():
    assert lines(clip('Two jars "lemon (sweet)" and "lime (sour)" sit in soft light.')) == []


# --- a dialogue field that holds nothing ---------------------------------------------------------

@pytest.mark.parametrize("body", [
    '{\n  "dialogue": {\n    "character": "",\n    "line": "",\n    "subtitles": false\n  }\n}',
    '{\n  "audio": {\n    "music": "slow piano",\n    "dialogue": "none"\n  }\n}',
    'line: "N/A"\nmusic: soft strings',
    'Dialogue: "(none)"',
    '\u53f0\u8bcd\uff1a"\u65e0"',
])
def test_a_dialogue_field_that_says_there_is_none_holds_no_line(body):
    assert lines(clip(body)) == []
    quiet(clip(body), "missing-speaking-style")


def test_a_line_that_starts_with_a_word_for_nothing_is_still_a_line():
    text = clip('Dialogue: "None of this was my idea."')
    assert [w for w, _, _ in lines(text)] == ["None of this was my idea."]


# --- records: a line's speaker and style in its sibling fields -----------------------------------

def test_a_json_record_gives_its_line_a_speaker_and_a_style():
    text = clip('{\n  "dialogue": [\n    {\n      "speaker": "Mara",\n      "line": "We leave at dawn.",\n'
                '      "delivery": "low, even, tired"\n    },\n    {\n      "speaker": "Theo",\n'
                '      "line": "Then I am coming too.",\n      "tone": "bright and stubborn"\n    }\n  ]\n}')
    assert lines(text) == [("We leave at dawn.", "Mara", "low, even, tired"),
                           ("Then I am coming too.", "Theo", "bright and stubborn")]
    quiet(text, "missing-speaking-style")
    assert "Mara" in one(text, "multiple-speakers").message


def test_a_yaml_list_item_gives_its_line_a_speaker_and_a_style():
    text = clip('dialogue:\n  - speaker: Theo\n    line: "Back in five minutes!"\n    tone: bright and quick\n'
                '  - speaker: Ana\n    line: "Take the umbrella."')
    assert lines(text) == [("Back in five minutes!", "Theo", "bright and quick"),
                           ("Take the umbrella.", "Ana", None)]
    (finding,) = of_rule(text, "missing-speaking-style")
    assert text[finding.span.start:finding.span.end].strip('"') == "Take the umbrella."  # no style leaks across items


def test_a_record_without_a_style_field_still_asks_for_one():
    text = clip('{\n  "dialogue": {\n    "speaker": "Mara",\n    "line": "Hand me the map."\n  }\n}')
    assert lines(text) == [("Hand me the map.", "Mara", None)]
    one(text, "missing-speaking-style")


def test_strings_of_json_data_beside_a_line_are_not_lines():
    text = clip('{\n  "dialogue": {"character": "Host", "line": "Welcome back, everyone.", "tone": "warm"},\n'
                '  "subtitles": false,\n  "avoid": [\n    "brand logos",\n    "text overlays"\n  ]\n}')
    assert lines(text) == [("Welcome back, everyone.", "Host", "warm")]


def test_a_field_that_describes_the_scene_can_say_how_the_voices_sound():
    text = clip('{\n  "action": "The yeti holds a phone on a stick, speaking excitedly to the camera",\n'
                '  "dialogue": {"character": "Yeti", "line": "You will not believe what I found today!"}\n}')
    quiet(text, "missing-speaking-style")


def test_words_shown_on_screen_do_not_say_how_the_voices_sound():
    text = clip('{\n  "caption": "speaking softly, gently",\n'
                '  "dialogue": {"character": "Yeti", "line": "You will not believe what I found today!"}\n}')
    one(text, "missing-speaking-style")


# --- a numbered key hands over a description -----------------------------------------------------

@pytest.mark.parametrize("body", [
    'Scene 1: "A man crosses the bridge at dusk, slow motion, 4 seconds." Scene 2: "Rain starts, the '
    'camera tilts up to the clouds, 4 seconds."',
    'Music Accompanying Scene 1: "The city glows at night, the camera zooms in slowly, 4 seconds."',
    'Shot 2b: "The kettle steams on the stove, close-up."\nBeat #3: "Steam curls past the window."',
    'Part II: "The fox slips under the fence and runs."',
])
def test_the_quoted_value_of_a_numbered_part_is_its_description(body):
    text = clip(body)
    assert lines(text) == []
    quiet(text, "missing-speaking-style")
    quiet(text, "dialogue-too-long")


def test_a_speech_tag_after_a_numbered_key_s_quote_makes_it_a_line():
    text = clip('Scene 2: "Run for the door!" she yells. Scene 3: the door slams.')
    assert [(w, s) for w, _, s in lines(text)] == [("Run for the door!", "yells")]


def test_a_key_that_opens_a_sentence_in_the_middle_of_a_line_names_the_speaker():
    text = clip('The door opens slowly. Mara (softly): "You came back after all."')
    assert lines(text) == [("You came back after all.", "Mara", "softly")]


def test_quote_marks_with_no_words_after_a_music_verb_name_no_song():
    text = clip('A fisherman says calmly, "We sail at dawn."\nA fisherman sings \u201c\u201c')
    quiet(text, "unsupported-music-detail")
    assert lines(text) == [("We sail at dawn.", "A fisherman", "says calmly")]
