"""What a word means depends on where it stands: a list of things to avoid, a quote followed by
the thing it is written on, a sound asked for by name, a voice marked as heard off screen, a key
that names a language, one source named twice, a quote cut by a hard line break.

Every mechanism is tried in several invented forms, with the near misses that must still be reported.
"""

from __future__ import annotations

import pytest

from kling_lsp.core.parser import parse
from rulekit import of_rule, one, quiet, under


def clip(body: str, heading: str = "# Scene {duration=8}") -> str:
    return f"{heading}\n{body}\n"


def lines(text: str):
    return [d for c in parse(text).clips for d in c.dialogue]


# --- a section of things to avoid negates what it lists --------------------------------------

@pytest.mark.parametrize("header", ["AVOID:", "Avoid:", "Negative:", "Do not:", "DON'T:", "Exclude:", "避免："])
def test_music_and_sounds_listed_under_an_avoid_header_are_not_asked_for(header):
    text = clip(f'A monk says quietly, "The bell is cracked."\n{header} music, explosions, crowd noise.')
    quiet(text, "music-over-dialogue")
    quiet(text, "silence-conflict")
    quiet(text, "complex-audio")


def test_the_same_list_under_an_audio_header_is_asked_for():
    text = clip('Audio: loud rock music throughout.\nA monk says quietly, "The bell is cracked."')
    assert of_rule(text, "music-over-dialogue")


# --- a quote followed by the thing it is written on is text --------------------------------

@pytest.mark.parametrize("thing", ["stamp", "sign", "label", "banner", "sticker", "headline"])
def test_a_quote_before_the_noun_of_a_thing_it_is_written_on_is_text(thing):
    text = clip(f'A clerk slams a folder with a red "CONFIDENTIAL" {thing} on the desk.')
    assert lines(text) == []
    assert [q.text for c in parse(text).clips for q in c.quotes] == ["CONFIDENTIAL"]


def test_a_quote_before_an_ordinary_word_is_still_speech():
    text = clip('The clerk says quietly, "Confidential" then walks off.')
    assert [d.text for d in lines(text)] == ["Confidential"]


# --- an action whose sound is asked for by name is described -------------------------------

@pytest.mark.parametrize("body", [
    "The boxer throws a punch; heavy punch sfx at 4 s.",
    "The boxer throws a punch, with a punch sound effect on impact.",
    "The bunker explodes. The sound of the explosion rolls over the hills.",
    "A grenade explodes; a loud explosion sound shakes the camera.",
])
def test_an_action_whose_sound_is_named_needs_no_other_description(body):
    quiet(clip(body), "undescribed-sound")


@pytest.mark.parametrize("body", [
    "The boxer throws a punch at dawn.",
    "The bunker explodes at dawn; the sound of rain fills the valley.",
    "The boxer throws a punch; the sound of the crowd swells.",
])
def test_an_action_with_no_sound_of_its_own_is_still_reported(body):
    assert of_rule(clip(body), "undescribed-sound")


# --- Chinese and Japanese marks of a voice heard off screen ---------------------------------

@pytest.mark.parametrize("body", [
    "少女望着窗外。画外音：「我一直在等你。」",
    "少女望着窗外。「我一直在等你。」（内心心声，嘴不动）",
    "少女望着窗外，内心独白：「我一直在等你。」",
])
def test_a_chinese_line_marked_as_heard_off_screen_is_a_voiceover(body):
    [line] = lines(clip(body, "# 窗 {duration=6 language=zh}"))
    assert line.delivery == "voiceover"


def test_a_chinese_line_with_no_such_mark_is_spoken():
    [line] = lines(clip("少女望着窗外，轻声说：「我一直在等你。」", "# 窗 {duration=6 language=zh}"))
    assert line.delivery == "speech"


# --- a key that names a language gives one version of a line, not a new speaker -------------

@pytest.mark.parametrize("key", ["English", "Mandarin", "Translation", "中文", "英文"])
def test_a_line_under_a_language_key_is_a_version_of_the_line(key):
    text = clip(f'The vendor says warmly, "Fresh buns, two for one!"\n{key}: "Fresh buns, two for one!"')
    assert [d.text for d in lines(text)] == ["Fresh buns, two for one!"]
    quiet(text, "multiple-speakers")


def test_a_key_that_names_a_person_is_still_a_speaker():
    text = clip('Mara: "Fresh buns!"\nTheo: "Two for one!"')
    assert len(one(text, "multiple-speakers").message) > 0


# --- one source named twice is one layer ------------------------------------------------------

def test_the_same_source_with_a_new_adjective_is_one_layer():
    base = "Audio: wind, rain on the roof, a dog barking, distant traffic, church bells"
    quiet(clip(base + ", faint wind."), "complex-audio")
    assert of_rule(clip(base + ", a kettle whistling."), "complex-audio")


# --- a quote cut by a hard line break -------------------------------------------------------

def test_a_quote_wrapped_after_a_full_stop_still_closes_on_the_next_line():
    text = clip('The guide says calmly, "Stay close. The path\nnarrows here." She walks on.')
    assert [d.text for d in lines(text)] == ["Stay close. The path\nnarrows here."]
    quiet(text, "unclosed-quote")


def test_a_quote_left_open_before_a_new_line_of_speech_is_still_unclosed():
    text = clip('The guide says calmly, "Stay close.\nThe boy says quietly, "Okay."')
    assert of_rule(text, "unclosed-quote")


# --- a comparison names music only when music was asked for ----------------------------------

def test_a_film_compared_to_a_scene_that_only_implies_music_is_not_named_music():
    quiet(clip("Two crews face off in a dance battle, like Step Up, under neon."), "unsupported-music-detail")


def test_a_film_compared_to_asked_for_music_is_named_music():
    assert of_rule(clip("An upbeat hip-hop track, like Step Up, plays as two crews dance."),
                   "unsupported-music-detail")


# --- breath in the voice is a way of speaking -------------------------------------------------

@pytest.mark.parametrize("word", ["panting", "gasping", "out of breath"])
def test_breath_in_the_voice_styles_the_line(word):
    quiet(clip(f'The runner stops at the gate and says, {word}, "They are right behind me."'),
          "missing-speaking-style")


# --- a setting written in the prompt's own words --------------------------------------------

from kling_lsp.core.fixes import fix_text  # noqa: E402

LONG_LINE = 'A chef turns and says warmly, "Tonight we cook with fire, smoke and patience, nothing else at all."'


@pytest.mark.parametrize("written, seconds", [
    ("Duration: 4 seconds.", 4), ("Length: 4s", 4), ("DURATION: ~4 sec", 4), ("时长：4秒", 4),
])
def test_a_duration_written_in_a_meta_line_sets_the_clip(written, seconds):
    text = f"{written}\n{LONG_LINE}\n"
    [c] = parse(text).clips
    assert c.settings.duration == seconds and c.settings.source_of("duration") == "prompt"
    assert of_rule(text, "dialogue-exceeds-duration")


def test_a_written_duration_is_mended_where_the_writer_wrote_it():
    fixed = fix_text(f"Duration: 4 seconds.\n{LONG_LINE}\n", unsafe=True).text
    assert fixed.startswith("Duration: 6 seconds.\n")
    quiet(fixed, "dialogue-exceeds-duration")


@pytest.mark.parametrize("text", [
    f"# Chef {{duration=8}}\nDuration: 4 seconds.\n{LONG_LINE}\n",  # kling's own syntax wins
    f"The duration: 4 seconds of pure joy.\n{LONG_LINE}\n",  # mid-sentence, not a field
    f"Duration: four seconds.\n{LONG_LINE}\n",  # a value kling cannot read is left alone
])
def test_a_duration_that_is_not_a_written_setting_changes_nothing(text):
    assert parse(text).clips[0].settings.source_of("duration") != "prompt"


def test_a_written_duration_kling_cannot_make_is_reported_on_the_number():
    text = "Duration: 20 seconds\nA fox runs across the snow.\n"
    assert under(text, one(text, "invalid-duration")) == "20"


def test_a_written_aspect_ratio_sets_the_clip():
    [c] = parse("Aspect ratio: 9:16\nA fox runs across the snow.\n").clips
    assert c.settings.aspect == "9:16"


# --- a bracketed word alone on its line above prose heads a section --------------------------

def test_a_bracketed_header_above_prose_names_no_speaker():
    text = clip("[GEOGRAPHY]\nA quiet station. Theo: adult station attendant, shaved head.\n"
                "0-4s \u2014 Mina says calmly: \u201cHello.\u201d Theo turns the card.\n"
                "4-8s \u2014 He asks quietly: \u201cWhere did you find this?\u201d")
    assert [d.speaker.name for d in lines(text)] == ["Mina", "Theo"]


def test_a_bracketed_label_alone_above_a_quote_names_its_speaker():
    found = lines(clip('[Old sailor, gravelly voice]\n"The tide turns at midnight."\n[MARA]\n"We leave at dawn."'))
    assert [(d.speaker.name, d.style and d.style.text) for d in found] == \
        [("Old sailor", "gravelly voice"), ("MARA", None)]


# --- a definition whose person noun goes on to the job it names --------------------------------

from kling_lsp.core.definitions import find_definitions  # noqa: E402
from kling_lsp.core.vocab import vocabulary  # noqa: E402


@pytest.mark.parametrize("line, noun", [
    ("Theo: adult station attendant, shaved head, navy uniform.", "station attendant"),
    ("Ines: young ticket inspector, red scarf.", "inspector"),
    ("Bo: elderly man (70s), cane.", "man"),
])
def test_a_definition_reads_the_whole_noun_phrase_of_a_person(line, noun):
    [d] = find_definitions(line, 0, len(line), vocabulary())
    assert line[d.noun.start:d.noun.end].endswith(noun)


@pytest.mark.parametrize("line", [
    "Prop: one scratched green transit card, no printing.",
    "Mina: adult woman walks into the station.",
])
def test_what_names_no_person_defines_no_one(line):
    assert find_definitions(line, 0, len(line), vocabulary()) == []


# --- a language the writer chose in words ------------------------------------------------------

@pytest.mark.parametrize("body", [
    "A clerk slides the card across and says calmly in Mandarin: \u201c\u8fd9\u5f20\u5361\u4e0d\u662f\u6211\u7684\u3002\u201d",
    "Language: Spanish. The clerk says calmly, \u201cPor all\u00ed, a dos calles. Muy cerca.\u201d",
    "\u96e8\u591c\u8857\u5934\uff0c\u5973\u4e3b\u8f7b\u58f0\u8bf4\uff1a\u201c\u6211\u4e00\u76f4\u5728\u7b49\u4f60\u3002\u201d",
])
def test_a_language_the_prompt_names_or_is_written_in_needs_no_reminder(body):
    quiet(clip(body), "dialogue-language")


def test_a_language_nothing_in_the_prompt_chose_gets_the_reminder():
    text = clip("A clerk slides the card across and says calmly: \u201c\u8fd9\u5f20\u5361\u4e0d\u662f\u6211\u7684\u3002\u201d")
    assert "lip sync is most reliable in English" in one(text, "dialogue-language").message


# --- a participle deep in a denied list ----------------------------------------------------------

from kling_lsp.core.negation import is_negated  # noqa: E402


@pytest.mark.parametrize("sentence, cue, denied", [
    ("No unsafe touch, smoke, exploding glass, duplicated tools.", "exploding", True),
    ("Never show fire, sparks, roaring engines or text.", "roaring", True),
    ("No dialogue, crashing waves.", "crashing", False),  # two items: the waves may be what is there
    ("No smoke, sparks, roaring engines only.", "roaring", False),
    ("No one speaks, music swells.", "music", False),
])
def test_a_participle_modifying_an_item_of_a_long_denied_list_is_denied(sentence, cue, denied):
    at = sentence.index(cue)
    assert is_negated(sentence, 0, at, at + len(cue)) is denied


def test_a_loud_cue_in_a_denied_list_makes_no_silence_conflict():
    quiet(clip("A glassblower turns the pipe. Hold in quiet.\n[CONSTRAINTS]\n"
               "No unsafe touch, facial proximity to furnace, exploding glass, duplicated tools."), "silence-conflict")


# --- time codes under one take are beats, not shots -----------------------------------------

@pytest.mark.parametrize("take, shots", [
    ("12 seconds, one continuous mirror-selfie take.", 0),
    ("12 seconds, a single unbroken handheld shot.", 0),
    ("12 seconds, one wide shot then close-ups.", 2),
])
def test_time_codes_under_one_take_are_beats(take, shots):
    text = clip(f"{take}\n0\u20136s \u2014 Rin looks up.\n6\u201312s \u2014 Rin smiles.", "# Mirror {duration=12}")
    assert len(parse(text).clips[0].shots) == shots
