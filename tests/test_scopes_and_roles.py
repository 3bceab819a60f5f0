"""Styles with a scope, quote roles read from structure, speech tags after the line.

Each mechanism is tried on invented prompts in several forms: the forms writers use that the
rules once missed, and the near misses that must still be reported.
"""

from __future__ import annotations

import pytest

from kling_lsp.core.parser import parse
from rulekit import of_rule, one, quiet


def lines(text: str):
    return [d for clip in parse(text).clips for d in clip.dialogue]


def not_speech(text: str):
    return [q.text for clip in parse(text).clips for q in clip.quotes]


# --- a style with a scope ----------------------------------------------------------------

STYLED = {
    "after the line, in a voice": 'A ferryman turns to the camera. "We cross at dawn." in a low, steady voice.',
    "after the line, after a dash": 'A clerk at the counter. "Not today" \u2014 clipped, impatient.',
    "after the line, a comma": 'The porter says, "Mind the step," gently, and lifts the bag.',
    "speaker definition in a parenthesis": 'ODA (60s, husky, unhurried voice) sits by the stove.\nODA: "The snow came early."',
    "speaker definition after a dash": 'Characters: Pell \u2014 bright-eyed, fast talker.\nPell says, "Tickets, tickets, who needs tickets?"',
    "section about the voices": '[AUDIO] Calm close-mic narration.\nA narrator says, "The marsh wakes slowly."',
    "a voice field": 'Voice: warm, slow.\nThe gardener says, "Water them at night."',
    "a whisper for the clip": 'Audio & style: gentle whisper throughout.\nThe child says, "Is the owl awake?"',
    "a sentence after the lines": '[Rook]: "The vault is open." Firm and restrained tone, close-up shot.',
    "a lead-in with an adjective": 'A hushed voiceover begins: "It began with a map."',
    "a dialogue lead-in": 'Casual dialogue: "So, are we ordering noodles again?"',
    "a parenthesis on the line's key": 'Line (quiet, controlled): "Put the lantern down."',
    "an emotion in the same sentence": 'Wearing a tired, disdainful expression, the baker says, "We are closed."',
    "a tag after the line": 'A nurse stops at the door. "Rest now," she says softly.',
    "an inverted tag": '"Hold the rope," barks the captain, and the deck tilts.',
}


@pytest.mark.parametrize("text", STYLED.values(), ids=STYLED.keys())
def test_a_style_in_any_enclosing_scope_counts(text):
    quiet(text, "missing-speaking-style")


UNSTYLED = {
    "a bare says": 'A baker at the counter says, "We are closed."',
    "a manner of walking is not a manner of speaking": 'A king walks slowly and says, "My people, I am home."',
    "a whisper tag of another line": ('The boy leans in and whispers, "Is it over?" '
                                      'The mother says, "Yes, it is over now."'),
    "an audio section about sounds only": 'Audio: soft rain, distant thunder.\nThe farmer says, "The barn held."',
    "a voice reference in a label": '[Guard @My Friend\u2019s Voice] nods and says: "All clear."',
}


@pytest.mark.parametrize("text", UNSTYLED.values(), ids=UNSTYLED.keys())
def test_a_line_with_no_style_anywhere_is_still_reported(text):
    assert of_rule(text, "missing-speaking-style"), text


def test_a_speaker_styled_by_definition_covers_all_their_lines():
    text = ('VERA (40s, dry, unhurried voice) leans on the bar.\n'
            'VERA: "Another round?"\nVERA: "Last call, then."')
    assert all(d.style is not None and d.style.source == "speaker" for d in lines(text))
    quiet(text, "missing-speaking-style")


def test_a_sung_line_asks_for_no_speaking_style():
    quiet('[Choir, youthful chorus] sing: "Morning light, morning light."', "missing-speaking-style")
    quiet('The busker sings, "Take the long road home."', "missing-speaking-style")


# --- quotes that are not speech ----------------------------------------------------------

NOT_SPEECH = {
    "a film title with a mark": '\U0001f39e "Salt Road" \u2014 teaser. Dunes at dusk.',
    "a title after a dash": 'Open on a lighthouse. "Glass Harbour" \u2014 title card.',
    "a song by an artist": 'Soundtrack: "Moonlit Drive" by The Night Owls. A driver taps the wheel.',
    "a titled work": 'A poster for a film titled "The Last Ferry" peels off the wall.',
    "yaml-like fields": 'transition: "[CUT TO]"\nending: "[FADE OUT]"\nscene: "A quiet kitchen at dawn."',
    "json-like fields": '"camera": "slow dolly in",\n"mood": "tense and quiet"',
    "a snake_case field": 'camera_move: "push in on the door"',
    "a list of tags": 'tags: "moody", "neon", "rain"',
    "bare quoted words with no speaker or verb": 'Neon letters. "OPEN LATE" flickers. Rain on glass.',
}


@pytest.mark.parametrize("text", NOT_SPEECH.values(), ids=NOT_SPEECH.keys())
def test_quotes_that_structure_marks_as_text_are_not_dialogue(text):
    assert lines(text) == [], [d.text for d in lines(text)]
    assert not_speech(text)
    for rule in ("missing-speaking-style", "multiple-speakers", "dialogue-too-long"):
        quiet(text, rule)


SPEECH = {
    "a name key": ('Anna: "Where were you?"', "Anna"),
    "a capitals key with a style": ('MARA (softly): "The tide is turning."', "MARA"),
    "a person-noun key": ('The old man: "Sit with me a while."', "The old man"),
    "a dialogue field": ('dialogue: "We leave at first light."', None),
    "a comma hands the clause to its line": ('Una vendedora sonríe y dice con calma, "Las naranjas están dulces."', None),
    "a pronoun after a named speaker, led in by an unlisted phrase":
        ('Marie smiles and says calmly, "Bonjour." She switches to English: "We leave tonight."', "Marie"),
}


@pytest.mark.parametrize("text, speaker", SPEECH.values(), ids=SPEECH.keys())
def test_quotes_marked_as_speech_stay_dialogue(text, speaker):
    found = lines(text)
    assert found, text
    if speaker is not None:
        assert {d.speaker.name for d in found if d.speaker} == {speaker}


def test_two_name_keys_are_two_speakers():
    text = 'Dialogue:\nAnna: "Where were you?"\nBen: "Out, walking the dog."'
    finding = one(text, "multiple-speakers")
    assert "Anna" in finding.message and "Ben" in finding.message


def test_a_title_does_not_add_to_the_word_count():
    title = '\U0001f39e "' + " ".join(["word"] * 30) + '" \u2014 teaser.\n'
    quiet(title + 'A keeper says calmly, "The light never sleeps."', "dialogue-too-long")


# --- who speaks --------------------------------------------------------------------------

TAGS = {
    "pronoun tag": ('A woman stands in the rain. "Hi," she says softly.', "A woman"),
    "noun tag": ('"Get out," the captain barks. The crew scatters.', "the captain"),
    "inverted tag": ('"Get out," barks the captain.', "the captain"),
    "name tag": ('"Stop!" Anna shouts across the yard.', "Anna"),
}


@pytest.mark.parametrize("text, speaker", TAGS.values(), ids=TAGS.keys())
def test_a_speech_tag_after_the_line_names_its_speaker(text, speaker):
    (line,) = lines(text)
    assert line.speaker is not None and line.speaker.name == speaker


def test_a_new_sentence_after_a_line_is_not_its_tag():
    text = 'The woman (softly, in a concerned tone), "Are you sure?" The man responds, "Positive."'
    first, second = lines(text)
    assert first.speaker.name == "The woman" and second.speaker.name == "The man"


def test_a_section_header_in_brackets_is_not_a_speaker():
    (line,) = lines('[ACTION AND DIALOGUE] The detective says calmly, "You were here last night."')
    assert line.speaker.name == "The detective"
    (line,) = lines('[SCENE 2] The cook says calmly, "Service!"')
    assert line.speaker.name == "The cook"


def test_one_and_the_other_are_two_speakers_and_one_man_is_one():
    one('One soldier says calmly, "Hold the line." The other shouts, "They are coming!"', "multiple-speakers")
    quiet('A tall man in a coat says quietly, "It is over." The man turns away. He whispers, "For now."',
          "multiple-speakers")


# --- a negation covers its list ------------------------------------------------------------

def _music(text: str):
    from kling_lsp.core.audio import scan_audio
    (clip,) = parse("# A {duration=6}\n" + text + "\n").clips
    return [(c.phrase, c.negated) for c in scan_audio(clip).music]


@pytest.mark.parametrize(
    "text",
    [
        "A quiet kitchen at dawn. No laugh track, music or subtitles.",
        "A quiet kitchen at dawn. No voices, footsteps, music and no narration.",
        "A quiet kitchen at dawn, without narration or music.",
        "A quiet kitchen at dawn. Never any music.",
        "A quiet kitchen at dawn. No crowd noise, traffic, or music",
    ],
)
def test_a_negator_denies_every_item_of_its_list(text):
    assert _music(text) and all(negated for _, negated in _music(text))


@pytest.mark.parametrize(
    "text",
    [
        "A quiet kitchen at dawn. No one speaks, music swells.",
        "A quiet kitchen at dawn. No dialogue and music plays softly.",
        "A quiet kitchen at dawn. No dialogue, just music.",
        "A quiet kitchen at dawn. No dialogue, music only.",
        "A quiet kitchen at dawn. There is no dialogue but music fills the room.",
        "No dialogue in this shot. Music plays.",
        "No dialogue at all (music carries the scene).",
    ],
)
def test_a_negator_stops_where_its_list_stops(text):
    assert _music(text) and not any(negated for _, negated in _music(text))


# --- character definitions -------------------------------------------------------------------

def _speakers(text: str):
    return [(d.speaker.name if d.speaker else None, d.style.source if d.style else None) for d in lines(text)]


def test_several_definitions_on_one_line_each_name_their_person():
    text = ('Mina: adult Korean woman, red raincoat, soft husky voice. Joon: elderly man with a cane, gravelly '
            'slow voice.\nThe woman says, "It is late." The old man replies, "Not yet."')
    assert _speakers(text) == [("Mina", "speaker"), ("Joon", "speaker")]
    quiet(text, "missing-speaking-style")


def test_one_characters_voice_is_not_every_characters_voice():
    text = ('Mina: adult woman, red raincoat, soft husky voice. Joon: elderly man with a cane.\n'
            'Mina says, "It is late." Joon replies, "Not yet."')
    finding = one(text, "missing-speaking-style")
    assert text[finding.span.start:finding.span.end] == "Not yet."


@pytest.mark.parametrize(
    "text",
    [
        'Dr. Salma, an adult architect with a calm, measured voice, studies a model.\nSalma says, "It holds."',
        'Characters: Salma, adult architect, calm measured voice; Theo, a young boy.\nSalma says, "It holds."',
        '- Host Salma: a cheerful woman in her 30s, bright upbeat voice\nSalma says, "Welcome back!"',
    ],
    ids=["apposition", "cast list", "title before the name"],
)
def test_a_definition_names_and_styles_its_character(text):
    (line,) = lines(text)
    assert line.style is not None and line.style.source == "speaker"
    assert "Salma" in line.speaker.name


@pytest.mark.parametrize(
    "text",
    [
        'Midnight, a woman walks into the bar. She says, "Whiskey."',
        'Audio: a man hums off-key, rain outside.\nThe barman says, "Closing."',
        'The woman: tired, calm voice.\nShe says, "Whiskey."',
        'Close-up, half-body shot of the boy on the bench.',
        'Close-up, the girl says: "Yes."',
        'Wide: a man sits alone at the bar.',
    ],
    ids=["a scene, not an apposition", "a section, not a name", "not a proper name", "a person inside a phrase",
         "a speech tag", "a noun with its own verb"],
)
def test_what_is_not_a_definition_defines_nobody(text):
    from kling_lsp.core.definitions import find_definitions
    from kling_lsp.core.vocab import vocabulary
    first = text.split("\n")[0]
    assert find_definitions(first, 0, len(first), vocabulary()) == []


def test_a_definite_phrase_points_back_to_the_one_defined_character_of_its_kind():
    text = 'Joon: elderly man with a cane.\nA young man runs in and shouts, "Fire!" The old man replies, "Not yet."'
    assert [name for name, _ in _speakers(text)] == ["A young man", "Joon"]


# --- a possessive phrase for the person's own body is that person ----------------------------------

SELF_PHRASES = {
    "his figure": ('A warrior kneels and says flatly, "Fine." Lightning silhouettes his figure. '
                   'He points the sword and screams, "A monster!"'),
    "her silhouette": ('A dancer says softly, "Watch." The spotlight catches her silhouette as she '
                       'whispers, "Now."'),
    "his shadow": ('An old man mutters quietly, "Late." His shadow stretches long as he adds calmly, "Again."'),
}


@pytest.mark.parametrize("text", SELF_PHRASES.values(), ids=SELF_PHRASES.keys())
def test_a_possessive_for_the_persons_own_body_is_no_second_speaker(text):
    text = "# Scene {duration=6}\n" + text + "\n"
    speakers = {d.speaker.key for d in lines(text)}
    assert len(speakers) == 1
    quiet(text, "multiple-speakers")


def test_a_possessive_for_a_relative_is_someone_new():
    text = '# Scene {duration=6}\nA woman waits by the door. Her brother arrives and says softly, "Hi." She answers calmly, "Hello."\n'
    assert len({d.speaker.key for d in lines(text)}) == 2


# --- a number or letter after a person noun names one of several ------------------------------------

def test_numbered_people_are_told_apart_and_known_again_by_their_number():
    text = ('# Photo {duration=8}\nThe Figure 2 character rushes in, shouting: "Move over!" The Figure 3 character '
            'peeks in, yelling: "Hi there!"\nFigure 2: "Left!"\nFigure 3: "Right!"\n')
    names = [d.speaker.name for d in lines(text)]
    assert names == ["The Figure 2", "The Figure 3", "The Figure 2", "The Figure 3"]
    assert "2 people speak" in one(text, "multiple-speakers").message


def test_a_number_after_a_preposition_is_no_name():
    text = '# Row {duration=6}\nA man in row 2 says calmly, "Go." The woman I love answers softly, "No."\n'
    assert [d.speaker.name for d in lines(text)] == ["A man", "The woman"]


# --- a screenplay parenthetical between a speaker's name and the line is its direction -------------

@pytest.mark.parametrize("text", [
    'Coworker (mouth full): "Nope. You forgot the sugar."',
    'Mara (barely audible): "Go now."',
    'TOM (through gritted teeth): "Fine."',
])
def test_a_parenthetical_after_the_speakers_name_styles_the_line(text):
    quiet("# Scene {duration=6}\n" + text + "\n", "missing-speaking-style")


@pytest.mark.parametrize("text", [
    'Mara (40s): "Go now."',
    'TOM (CONT\'D): "Fine."',
    'Mara (V.O.): "Go now."',
])
def test_an_age_or_an_extension_is_no_direction(text):
    assert of_rule("# Scene {duration=6}\n" + text + "\n", "missing-speaking-style")


# --- a likeness is nobody new; several people under one verb are a group ----------------------------

@pytest.mark.parametrize("text", [
    'A referee stands like a judge, silent. The boxer grins and says calmly, "Again."',
    'A woman dressed as a pirate waves. She says brightly, "Ahoy!"',
    'A boy, smaller than a child should be, says quietly, "Hi."',
])
def test_a_person_noun_in_a_comparison_is_not_a_second_speaker(text):
    text = "# Scene {duration=6}\n" + text + "\n"
    assert len(lines(text)) == 1 and lines(text)[0].speaker is not None
    assert "judge" not in lines(text)[0].speaker.name and "pirate" not in lines(text)[0].speaker.name


def test_a_conjunction_as_still_brings_someone_new():
    text = '# Scene {duration=6}\nShe smiles as a man enters and says calmly, "Hi."\n'
    assert lines(text)[0].speaker.name == "a man"


def test_a_plural_subject_of_a_speech_verb_is_a_group():
    text = ('# Yoga {duration=8}\nThe old instructor says calmly, "We are one." All the frogs answer softly: '
            '"Ommm."\n')
    assert [d.speaker.source for d in lines(text)] == ["subject", "group"]
    quiet(text, "multiple-speakers")


# --- a speaker's key alone on its line names the speaker of the quote on the next -------------------

def test_a_key_line_carries_its_speaker_and_direction_to_the_next_lines_quote():
    text = ('# News {duration=10}\nA reporter stands by the tape.\nReporter (grinning):\n'
            '"Here it is, folks."\nTECH:\n"Rolling."\n')
    found = lines(text)
    assert [(d.speaker.name, d.style.text if d.style else None) for d in found] == [
        ("A reporter", "grinning"), ("TECH", None)]
    assert "2 people speak" in one(text, "multiple-speakers").message


def test_a_field_line_alone_carries_nothing():
    text = '# Sign {duration=6}\nCaption:\n"Open all night"\n'
    assert lines(text) == [] or all(d.speaker is None for d in lines(text))


# --- a sentence about the talk itself styles its lines ----------------------------------------------

@pytest.mark.parametrize("text", [
    'Two men on a corner, deep in a heated, animated conversation. One says, "It is a pretzel!" '
    'The other says, "Who cares."',
    'A hushed argument in a library aisle. She says, "Not here." He says, "Then where?"',
    'Two old friends trade playful banter over coffee. He says, "You lost." She says, "Never."',
])
def test_a_sentence_about_the_conversation_styles_its_lines(text):
    quiet("# Corner {duration=8}\n" + text + "\n", "missing-speaking-style")


def test_a_conversation_without_a_word_on_its_sound_styles_nothing():
    text = '# Corner {duration=8}\nTwo men have a conversation on a corner. One says, "It is a pretzel!"\n'
    assert of_rule(text, "missing-speaking-style")


# --- a bracketed header that opens with a section word is a section, and names no one ---------------

@pytest.mark.parametrize("header", ["【Dialogue lip-sync guidance】", "[Dialogue notes]", "【Audio cue】"])
def test_a_bracketed_section_header_is_no_speaker(header):
    text = (f'# Wedding {{duration=10}}\nA groom stands at the altar.\n{header}"Take this and go!"\n'
            f'{header}The butler shouts: "Welcome back!"\n')
    names = [d.speaker.name if d.speaker else None for d in lines(text)]
    assert not any(n and ("Dialogue" in n or "Audio" in n) for n in names)
    assert names[-1] == "The butler"


def test_a_bracketed_label_with_a_person_is_still_a_speaker():
    text = '# Shop {duration=6}\n[Old man, gravelly voice]: "We are closed."\n'
    assert lines(text)[0].speaker.name == "Old man"


# --- gender from a person's own possessive; an unresolved pronoun stops the walk back ---------------

def test_a_possessive_in_the_persons_clause_gives_their_gender():
    text = ('# Arena {duration=8}\nThe android crosses her arms, unimpressed. A tall man walks in and says calmly, '
            '"Let us begin." She answers coldly, "Fine."\n')
    assert [d.speaker.name for d in lines(text)] == ["A tall man", "The android"]


def test_a_pronoun_no_one_matches_is_someone_unnamed_and_counted_as_no_one():
    text = ('# Arena {duration=8}\nA woman crosses her arms and says calmly, "Begin." Saitama walks out. '
            'He looks around and says, "Huh. This again."\n')
    assert [d.speaker.source for d in lines(text)] == ["subject", "unnamed"]
    quiet(text, "multiple-speakers")


# --- screenplay dialogue: a name in capitals on its own line, the words under it --------------------

SCREENPLAY = (
    "# Argument {duration=10}\nInterior. Apartment. WOMAN (30s) and MAN (32) mid-argument.\n\n"
    "WOMAN\nYou promised. You said you'd be here.\n\nMAN\n(quietly)\nI got held up at work.\n\n"
    "WOMAN (CONT'D)\nOur appointment was at three.\nWhere were you?\n\nHOLD ON THE DOOR\nThe dog tilts its head.\n"
)


def test_screenplay_blocks_are_dialogue_with_their_speakers_and_directions():
    found = lines(SCREENPLAY)
    assert [(d.speaker.name, d.text) for d in found] == [
        ("WOMAN", "You promised. You said you'd be here."), ("MAN", "I got held up at work."),
        ("WOMAN", "Our appointment was at three.\nWhere were you?")]
    assert found[1].style.text == "quietly"
    assert "2 people speak" in one(SCREENPLAY, "multiple-speakers").message


@pytest.mark.parametrize("text", [
    "# Notes {duration=6}\nTECHNICAL\nCamera on a slider, 8K.\n",
    "# Notes {duration=6}\nA quiet harbour.\n\nSLOW PUSH IN\nThe boat rocks at its mooring.\n",
])
def test_capitals_that_name_no_one_are_no_screenplay_cue(text):
    assert lines(text) == []


def test_a_second_timeline_under_the_shots_is_no_shot():
    text = ("# Beats {duration=8}\n0:00-0:04: A woman by the door.\n0:04-0:08: A man turns away.\n\n"
            "Sound layers:\n0:00-0:04: quiet breathing\n0:04-0:08: rising voices\n")
    clip = parse(text).clips[0]
    assert [s.duration for s in clip.shots] == [4.0, 4.0]


@pytest.mark.parametrize("text, sources", [
    ('The master says calmly, "Breathe." The other frogs resume their chant: "Ommm."', ["subject", "group"]),
    ('One twin says calmly, "Go." The other smiles and says softly, "No."', ["subject", "subject"]),
    ('One guard says calmly, "Go." The other nods slowly and says, "No."', ["subject", "subject"]),
])
def test_other_before_a_plural_noun_is_several_and_before_a_verb_is_one(text, sources):
    assert [d.speaker.source for d in lines("# S {duration=6}\n" + text + "\n")] == sources


def test_a_group_that_goes_on_speaking_stays_a_group():
    text = ('# Yoga {duration=8}\nThe old instructor says calmly, "We are one." All the frogs answer softly: '
            '"Ommm." "We are one with the mud."\n')
    assert [d.speaker.source for d in lines(text)] == ["subject", "group", "group"]
    quiet(text, "multiple-speakers")


def test_the_protagonist_is_the_person_introduced_first():
    text = ('# Selfie {duration=8}\nA young woman lifts a camera and says softly, "Selfie time." A friend rushes in '
            'and shouts, "Me too!" The protagonist laughs helplessly: "Help!"\n')
    assert [d.speaker.name for d in lines(text)] == ["A young woman", "A friend", "A young woman"]


# --- a hard-wrapped paragraph is one line to read speakers in ---------------------------------------

def test_a_speaker_named_on_the_line_before_a_hard_break_speaks_the_line_after_it():
    text = ("# Room {duration=8}\nThe seasoned detective says: \n'Your story has holes.' The nervous informant, "
            "sweating under a bare bulb, \nreplies: 'I'm telling you everything I know.'\n")
    assert [d.speaker.name for d in lines(text)] == ["The seasoned detective", "The nervous informant"]
    assert "2 people speak" in one(text, "multiple-speakers").message


def test_lines_that_start_a_new_sentence_or_field_are_not_joined():
    text = ('# Room {duration=8}\nA detective leans in\nShe says calmly, "Sit."\n'
            'Audio: rain on the window, and\nMusic: none\n')
    assert [d.speaker.name for d in lines(text)] == ["She"] or [d.speaker.source for d in lines(text)] != []


def test_a_key_of_a_person_and_a_verb_names_the_person_and_styles_the_line():
    text = '# S {duration=6}\nThe old man laughs helplessly: "Help!"\n'
    [line] = lines(text)
    assert (line.speaker.name, line.style.text) == ("The old man", "laughs helplessly")
    quiet(text, "missing-speaking-style")


# --- speakers named in Chinese and Japanese -------------------------------------------------------

@pytest.mark.parametrize("text, speakers", [
    ('雨夜街头。男主嘶吼："你凭什么替我做决定！"女主推开他，哭着喊："因为我爱你啊！"', ["男主", "女主"]),
    ("少女轻声说：“谢谢你。”老人笑着回答：“不客气。”", ["少女", "老人"]),
    ("老人说：「我们走吧。」他低声说：「快点。」", ["老人", "老人"]),
])
def test_chinese_speakers_are_read_and_counted(text, speakers):
    found = lines("# 雨夜 {duration=8 language=zh}\n" + text + "\n")
    assert [d.speaker.name for d in found] == speakers
    assert bool(of_rule("# 雨夜 {duration=8 language=zh}\n" + text + "\n", "multiple-speakers")) == \
        (len(set(speakers)) > 1)


def test_a_chinese_sentence_that_names_no_one_gives_no_speaker():
    found = lines('# 雨夜 {duration=8 language=zh}\n大油泡"啪啪"炸开。张伟说："走吧。"\n')
    assert all(d.speaker is None for d in found)


def test_a_tone_word_in_the_speakers_own_phrase_styles_the_line():
    text = ("# Room {duration=8}\nThe seasoned detective says: 'Your story has holes.' The nervous informant, "
            "sweating under a bare bulb, \nreplies: 'I'm telling you everything I know.'\n")
    assert [under_text for under_text in [text[f.span.start:f.span.end] for f in of_rule(text, "missing-speaking-style")]] \
        == ["Your story has holes."]
