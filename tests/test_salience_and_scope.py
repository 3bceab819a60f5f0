"""Who a pronoun means, where a time phrase starts a beat, and what a still frame holds.

A person named after another in the same clause is its object (`speaks to a stranger`,
`vanquishes the enemy`): a later `she` or `he` goes on with the subject, not with the object.
Each mechanism is tried in several invented forms, with the near misses that must still be read.
"""

from __future__ import annotations

import pytest

from kling_lsp.core.beats import beat_at
from kling_lsp.core.parser import parse
from rulekit import of_rule, quiet


def clip(body: str, heading: str = "# Scene {duration=10}") -> str:
    return f"{heading}\n{body}\n"


def names(text: str) -> list[str | None]:
    return [d.speaker.name if d.speaker else None for c in parse(text).clips for d in c.dialogue]


# --- a pronoun goes on with the subject, not with the object -----------------------------------

@pytest.mark.parametrize("body, listener", [
    ('She is talking to a stranger off camera. She says calmly, "The flat was cheap."', "a stranger"),
    ('He fights on to vanquish the enemy. He says coldly: "You will never win."', "the enemy"),
    ('She turns toward an unseen guest and smiles. She whispers, "Come in."', "an unseen guest"),
    ('He waves at the courier across the street, then he shouts, "Wait for me!"', "the courier"),
])
def test_a_person_named_as_an_object_is_not_who_the_next_pronoun_means(body, listener):
    assert listener not in names(clip(body))
    quiet(clip(body), "multiple-speakers")


def test_an_unnamed_she_who_speaks_again_later_is_one_person_with_the_woman():
    text = clip('She speaks to someone off camera. She says warmly, "I took the flat." '
                'Later the woman laughs and says softly, "I signed that afternoon."')
    quiet(text, "multiple-speakers")


@pytest.mark.parametrize("body, speaker", [
    ('A tall man hands the courier a parcel. He says quietly, "Sign here."', "A tall man"),
    ('A young woman pushes past the porter. She says sharply, "Move."', "A young woman"),
])
def test_an_object_between_a_person_and_their_pronoun_does_not_hide_them(body, speaker):
    assert names(clip(body)) == [speaker]


def test_an_object_is_still_the_fallback_when_no_one_else_fits():
    body = 'A man hands the courier a parcel. She says quietly, "Thank you."'
    assert names(clip(body)) == ["the courier"]


def test_someone_of_unknown_gender_as_a_subject_still_leaves_the_pronoun_open():
    text = clip('A man enters the room. The stranger sits down by the fire. He says slowly, "It is late."')
    assert names(text) == ["He"]  # someone unnamed: counted as no one


def test_two_named_speakers_are_still_two():
    text = clip('A man speaks to a woman at the bar. He says calmly, "We leave tonight." '
                'She answers softly, "Then we leave."')
    assert len(of_rule(text, "multiple-speakers")) == 1


# --- a time phrase opens a beat; silence and loud cues clash only within one -----------------

@pytest.mark.parametrize("later", [
    "At 5 seconds, a tree explodes with a deafening blast.",
    "At 0:05, a tree explodes with a deafening blast.",
    "From 5 to 8 seconds, a tree explodes with a deafening blast.",
    "In the final 3 seconds, a tree explodes with a deafening blast.",
    "After 6 seconds the tree explodes with a deafening blast.",
    "- At 5s: a tree explodes with a deafening blast.",
])
def test_a_quiet_opening_and_a_loud_timed_beat_are_a_progression(later):
    text = clip(f"A quiet forest at dawn, mist between the trunks.\n\n{later}")
    quiet(text, "silence-conflict")


@pytest.mark.parametrize("mark", ["第5秒，", "5秒后，"])
def test_a_chinese_second_mark_opens_a_beat(mark):
    text = clip(f"清晨的森林，一片寂静。\n\n{mark}一棵树轰然爆炸，巨响震耳。")
    scene = parse(text).clips[0]
    assert beat_at(scene, text.index("寂静")) != beat_at(scene, text.index("爆炸")) == beat_at(scene, text.index(mark))


def test_timed_beats_in_one_paragraph_are_apart():
    text = clip("At 2 seconds, the hall is silent. At 6 seconds, an explosion tears through the wall.")
    quiet(text, "silence-conflict")


def test_shots_are_beats_too():
    text = clip("Shot 1 (0-5s): The street is silent.\nShot 2 (5-10s): A car bomb explodes with a deafening roar.")
    quiet(text, "silence-conflict")


@pytest.mark.parametrize("body", [
    "A silent library, explosions shaking the shelves.",
    "At 5 seconds, the hall falls silent as explosions shake the walls.",
    "The silent hall shakes as the bomb explodes at 5 seconds.",
    "Shot 1 (0-5s): The silent street erupts with explosions.",
])
def test_silence_and_a_loud_cue_in_one_beat_still_clash(body):
    assert of_rule(clip(body), "silence-conflict")


def test_a_paragraph_after_the_timed_beats_is_about_the_whole_clip():
    text = clip("At 2 seconds, a door creaks open.\n\nAt 6 seconds, she steps inside.\n\n"
                "Sound: complete silence throughout, explosions rumbling.")
    assert of_rule(text, "silence-conflict")


def test_moods_of_different_timed_beats_do_not_clash():
    text = clip("An eerie silence hangs over the empty square.\n\n"
                "At 6 seconds, the square fills with bustling energy as the market opens.")
    quiet(text, "mood-conflict")


# --- an action named again beside a sound has its sound described ---------------------------

@pytest.mark.parametrize("body", [
    "A grenade explodes in the field. Sound: wind and a faint whoosh during the explosion.",
    "Chili flakes become fiery explosions.\n\nSound design: deep bass whooshes during each explosion.",
    "The tanker detonates at the pier.\n\nAudio: gulls scream and scatter as the tanker detonates.",
])
def test_an_action_named_again_with_its_sound_is_described(body):
    quiet(clip(body), "undescribed-sound")


@pytest.mark.parametrize("body", [
    "A bomb explodes behind the car. The driver looks back.",
    "The two fighters trade punches in the alley. Nobody moves to stop them.",
])
def test_an_action_never_named_with_a_sound_is_still_reported(body):
    assert of_rule(clip(body), "undescribed-sound")


# --- a key alone on its line decides the role of the quote on the next ---------------------

def lines_of(text: str) -> list[str]:
    return [d.text for c in parse(text).clips for d in c.dialogue]


@pytest.mark.parametrize("key", ["Final frame:", "End card:", "Tagline:", "On-screen text:", "Last frame -"])
def test_a_quote_under_a_key_for_text_is_not_speech(key):
    text = clip(f'The ball hits the net and the stadium erupts.\n{key}\n"The World Plays As One."')
    assert lines_of(text) == []
    quiet(text, "missing-speaking-style")


def test_a_quote_under_a_key_nothing_marks_as_speech_is_left_out():
    text = clip('A quiet street at dusk.\nEnding:\n"See you tomorrow."')
    assert lines_of(text) == []


def test_a_quote_under_a_speakers_key_is_still_their_line():
    text = clip('A quiet street at dusk.\nMARA (tired):\n"We leave at dawn."')
    assert lines_of(text) == ["We leave at dawn."]


def test_a_line_under_a_text_key_with_a_speech_verb_is_speech():
    text = clip('A quiet street at dusk.\nFinal frame:\n"We made it," she whispers.')
    assert lines_of(text) == ["We made it,"]


def test_a_colon_on_the_same_line_still_hands_its_clause_to_the_line():
    text = clip('En la cocina, la abuela dice con calma: "Ya casi está."')
    assert lines_of(text) == ["Ya casi está."]


@pytest.mark.parametrize("body, style", [
    ('"We made it," she whispers.', "whispers"),
    ('"Not now," he mutters under his breath.', "mutters under his breath"),
])
def test_a_tag_with_an_unnamed_pronoun_still_gives_the_verb_and_its_manner(body, style):
    lines = [d for c in parse(clip(body)).clips for d in c.dialogue]
    assert [d.style.text for d in lines] == [style]
    quiet(clip(body), "missing-speaking-style")


# --- `spoken Korean` describes speech; it hands over no line ---------------------------------

@pytest.mark.parametrize("body", [
    'She hangs the shirt, saying "Good enough" with a shrug. Dialogue is natural spoken Korean (except "Good enough").',
    'The film is in spoken English only ("Hello" and "Goodbye" included).',
    'A teacher writes on the board. Spoken word poetry plays: "Rise."',
])
def test_a_participle_before_a_speech_noun_is_no_speech_verb(body):
    assert all(d.verb != "spoken" for c in parse(clip(body)).clips for d in c.dialogue)


def test_spoken_as_a_verb_still_hands_over_its_line():
    lines = [d for c in parse(clip('Spoken softly by the captain: "We leave at dawn."')).clips for d in c.dialogue]
    assert [d.verb for d in lines] == ["spoken"]


# --- `one says`: one person of a group ----------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ('Two friends at a bar, one says softly, "Ready?" The other replies calmly, "Always."',
     ["one of them", "The other"]),
    ('Three kids on a bench. One of them whispers, "Look!"', ["one of them"]),
    ('Two people in a cafe, one asks nervously, "Did you see it?"', ["one of them"]),
])
def test_one_of_a_group_who_speaks_is_one_person(body, expected):
    assert names(clip(body)) == expected


@pytest.mark.parametrize("body, expected", [
    ('One man says calmly, "Hello."', ["One man"]),
    ('At one point the guard says calmly, "Now."', ["the guard"]),
])
def test_one_as_a_number_is_not_a_person(body, expected):
    assert names(clip(body)) == expected


# --- a thing that shows words: its quote is text -------------------------------------------

@pytest.mark.parametrize("body", [
    'Dancing cells in the sunlight with a header that says "Most people are tired"',
    'A banner which reads "Grand Opening" hangs over the door.',
    'Caption appears: "MONDAY. 07:47."',
    'Notification pops up: "Meeting in five minutes."',
    'His phone buzzes — a fitness app notification:\n"First push-up complete! 99 more to go."',
])
def test_a_quote_shown_by_a_thing_is_text(body):
    assert lines_of(clip(body)) == []


@pytest.mark.parametrize("body, line", [
    ('A woman that says little turns and says softly, "Fine."', "Fine."),
    ('The old man who says nothing finally whispers, "Go."', "Go."),
    ('A message arrives. She reads it and says quietly: "They found us."', "They found us."),
])
def test_people_who_speak_still_speak(body, line):
    assert lines_of(clip(body)) == [line]


# --- music that is a figure, denied in a list, or the singing itself ------------------------

@pytest.mark.parametrize("body", [
    "The dancer's feet move like music across the floor. She says softly, \"Again.\"",
    "His words flow as if music carried them. He says calmly, \"Listen.\"",
])
def test_music_in_a_comparison_is_a_figure(body):
    quiet(clip(body), "music-over-dialogue")


@pytest.mark.parametrize("body", [
    'Sound: one line and a breath. No second speaker, music swell, added sentences. She whispers, "Sorry."',
    'No crowd noise, music bed or laughter. He says quietly, "We are alone."',
])
def test_a_compound_noun_in_a_denied_list_is_denied(body):
    quiet(clip(body), "music-over-dialogue")


@pytest.mark.parametrize("body", [
    'No dialogue, music plays over the titles. He says calmly, "Begin."',
    'A quiet kitchen. No dialogue, music only. She says softly, "Tea?"',
])
def test_a_music_word_with_its_own_verb_after_a_denial_is_there(body):
    assert of_rule(clip(body), "music-over-dialogue")


@pytest.mark.parametrize("body", [
    'She does not speak. The song does it all: "Ruby, my Ruby."',
    'The chorus rises from the hall: "Glory, glory, morning light."',
])
def test_a_line_the_song_carries_is_sung(body):
    lines = [d for c in parse(clip(body)).clips for d in c.dialogue]
    assert [d.delivery for d in lines] == ["singing"]
    quiet(clip(body), "music-over-dialogue")


def test_a_line_said_while_a_song_plays_is_spoken():
    lines = [d for c in parse(clip('The song plays softly as she says calmly: "We made it."')).clips for d in c.dialogue]
    assert [d.delivery for d in lines] == ["speech"]


def test_her_mouth_is_no_mouthing():
    lines = [d for c in parse(clip('She opens her mouth and sings softly: "Ruby."')).clips for d in c.dialogue]
    assert [d.delivery for d in lines] == ["singing"]


# --- a burst in a direction is movement; a clip with no effects wants none ----------------

@pytest.mark.parametrize("body", [
    "Suddenly the curtain EXPLODES inward and a creature crashes through.",
    "Fractal lightning veins explode across both forearms.",
    "The containment wall violently explodes outward in a shower of sparks.",
])
def test_an_explosion_in_a_direction_is_a_burst_of_movement(body):
    quiet(clip(body), "undescribed-sound")


@pytest.mark.parametrize("tail", ["NO MUSIC / NO SFX", "No sound effects.", "Shot without foley."])
def test_a_clip_that_denies_effects_is_not_asked_for_one(tail):
    quiet(clip(f"The tanker explodes with a flash at the pier.\n{tail}"), "undescribed-sound")


def test_a_plain_explosion_is_still_reported():
    assert of_rule(clip("A grenade explodes in the field."), "undescribed-sound")


# --- shots written one line each end at their line ------------------------------------------

def shot_texts(text: str) -> list[str]:
    scene = parse(text).clips[0]
    return [scene.text[s.span.start:s.span.end] for s in scene.shots]


@pytest.mark.parametrize("body, notes", [
    ("[0-4s] A girl writes in her notebook, hair moving in a warm breeze from the window.\n"
     "[4-9s] The boy beside her steals a glance and quickly looks back at his own notes.\n"
     "Overall sound: distant cicadas, a pen scratching on paper, soft piano at the end.", "Overall sound"),
    ("0-4 秒：女孩低头专注地写着笔记，乌黑的长发被微风轻轻吹拂，嘴角不经意地微微上扬。\n"
     "4-9 秒：男孩偷偷转头凝视着她，突然注意到她的笔停顿了一下，迅速转头假装看自己的笔记。\n"
     "整体音效：远处夏日蝉鸣声隐约可闻，笔尖触纸的轻柔沙沙声，最后渐隐为非常轻盈的钢琴声。", "整体音效"),
    ("Shot 1 (3s): A deckhand coils wet rope on the deck while gulls circle the mast overhead.\n"
     "Shot 2 (3s): The engine coughs into life and blue smoke drifts over the grey harbour water.\n"
     "Keep the faces consistent and the colours muted in every shot.", "Keep the faces"),
])
def test_notes_after_shots_of_one_line_each_belong_to_the_clip(body, notes):
    assert all(notes not in shot for shot in shot_texts(clip(body)))


def test_a_shot_written_over_several_lines_keeps_them():
    body = ("Shot 1 (3s): A deckhand coils wet rope on the deck while gulls circle the mast.\n"
            "He looks up at the sky.\n"
            "Shot 2 (3s): The engine coughs into life and blue smoke drifts over the water.\n"
            "The boat pulls away from the pier.")
    assert shot_texts(clip(body))[1].endswith("pier.")


def test_a_shot_titled_on_its_marker_line_keeps_its_scene_below():
    body = ("Shot 1 (3s): A deckhand coils wet rope on the deck while gulls circle the mast.\n"
            "Shot 2 (3s): The departure.\n"
            "The engine coughs into life and blue smoke drifts over the water.")
    assert shot_texts(clip(body))[1].endswith("water.")


# --- the clip's length said in its prose; time codes as a timeline -------------------------

def duration_of(text: str) -> int:
    return parse(text).clips[0].settings.duration


@pytest.mark.parametrize("opening, seconds", [
    ("A cinematic 8-second video of a harbour at dawn.", 8),
    ("Create a 12 second vertical clip of rain on a window.", 12),
    ("短い 10 秒の動画。港の朝。", 10),
    ("15 秒电影感日剧纯爱暧昧短片，超写实画质。", 15),
])
def test_a_length_said_in_the_opening_prose_sets_the_duration(opening, seconds):
    assert duration_of(clip(opening, heading="# Scene")) == seconds


def test_two_lengths_in_the_prose_set_nothing():
    text = clip("Start from a 5-second clip and extend it to a 10-second video of the pier.", heading="# Scene")
    assert parse(text).clips[0].settings.source_of("duration") == "default"


def test_a_heading_duration_wins_over_the_prose():
    assert duration_of(clip("A cinematic 8-second video of a harbour.", heading="# Scene {duration=10}")) == 10


def test_a_length_beyond_the_model_said_in_prose_is_reported():
    assert of_rule(clip("Create a 30-second cinematic video of a harbour.", heading="# Scene"), "invalid-duration")


def test_dialogue_is_timed_against_the_length_in_the_prose():
    text = clip('A cinematic 8-second video. A woman says calmly, "We have waited so long for this day that '
                'I no longer remember what the harbour looked like before the storm came in."', heading="# Scene")
    found = of_rule(text, "dialogue-exceeds-duration")
    assert found and "8 s" in found[0].message


@pytest.mark.parametrize("codes", [
    "0–2s — The glyph pulses.\n3–7s — Her hand hovers over it.\n8–10s — A symbol appears on her arm.",
    "[00:02-00:04] He adjusts his glasses.\n[00:04-00:06] He turns to the camera.\n[00:06-00:10] He holds the pose.",
])
def test_time_codes_ending_with_the_clip_fit_it_whatever_their_gaps(codes):
    quiet(clip(codes), "shot-structure")


def test_time_codes_ending_before_the_clip_still_do_not_fit():
    assert of_rule(clip("[0-2s] The glyph pulses.\n[2-6s] Her hand hovers."), "shot-structure")


def test_no_sound_is_written_into_the_middle_of_a_hard_wrapped_sentence():
    text = clip("The titan collapses in a chain reaction explosion, storms spreading across\n"
                "the battlefield below.")
    found = of_rule(text, "undescribed-sound")
    assert found and found[0].fixes == ()


def test_a_sound_is_still_offered_at_the_end_of_a_sentence():
    found = of_rule(clip("A grenade explodes in the field."), "undescribed-sound")
    assert found and found[0].fixes
