"""The sound rules: subtle-sound, undescribed-sound, silence-conflict, mood-conflict and
complex-audio."""

from __future__ import annotations

import pytest

from kling_lsp.core.findings import Severity
from rulekit import apply_all_fixes, apply_fix, clean, config, findings, fix_titled, of_rule, one, quiet, under


def clip(body: str, heading: str = "# Scene {duration=6}") -> str:
    return f"{heading}\n{body}\n"


# --- subtle-sound --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "body, sound",
    [
        ("A tailor pins a hem; we hear fabric rustling as she works.", "fabric rustling"),
        ("A tailor pins a hem, her scissors snipping. Sound: the clock ticking on the wall.", "clock ticking"),
        ("A tailor pins a hem while a clock ticks on the wall.", "clock ticks"),
        ("An old archive, long oak tables. We hear pages turning as a student searches for a name.", "pages turning"),
        ("A cat purring on a windowsill in the sun.", "cat purring"),
        ("Audio: keys jingling in a coat pocket.", "keys jingling"),
    ],
)
def test_subtle_sound_fires_on_the_sound(body, sound):
    text = clip(body)
    finding = one(text, "subtle-sound")
    assert under(text, finding) == sound
    assert finding.severity == Severity.INFORMATION


def test_each_subtle_sound_is_reported_once():
    text = clip("A librarian shelves books in an empty reading room. We hear pages turning and the clock ticking. "
                "The clock ticking slows.")
    assert [under(text, f) for f in of_rule(text, "subtle-sound")] == ["pages turning", "clock ticking"]


@pytest.mark.parametrize(
    "body",
    [
        # described as clear and distinct
        "A tailor pins a hem. A distinct clock ticking on the wall.",
        "A tailor pins a hem; the clearly audible clock ticking fills the room.",
        "A tailor pins a hem while fabric rustles loudly.",
        # a quiet scene wants faint sounds
        "A quiet workshop; a tailor pins a hem while the clock ticking fills the room.",
        "A silent library, only the faint turning of pages.",
        # negated
        "No clock ticking, only the street outside.",
        # no sound context: a quiet sound word used for the picture
        "A librarian turns the pages of an old atlas.",
    ],
)
def test_subtle_sound_quiet(body):
    quiet(clip(body), "subtle-sound")


def test_a_person_who_remains_silent_does_not_make_the_scene_quiet():
    text = clip("The tailor remains silent; we hear the clock ticking.")
    assert under(text, one(text, "subtle-sound")) == "clock ticking"
    quiet(text, "silence-conflict")


def test_figurative_swallowing_is_not_a_sound():
    quiet(clip("Clouds roll in from the west, swallowing the peaks one by one until only the pass itself is lit."),
          "subtle-sound")


@pytest.mark.parametrize(
    "body, fixed",
    [
        ("A tailor pins a hem; we hear fabric rustling as she works.",
         "A tailor pins a hem; we hear clearly audible fabric rustling as she works."),
        ("Clock ticking. A tailor pins a hem by the window.",
         "Clearly audible clock ticking. A tailor pins a hem by the window."),
    ],
)
def test_subtle_sound_fix(body, fixed):
    text = clip(body)
    finding = one(text, "subtle-sound")
    make = fix_titled(finding, "clearly audible")
    assert make.safe
    assert apply_fix(text, finding, make) == clip(fixed)


# --- undescribed-sound ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "body, action",
    [
        ("A photographer kneels on the gravel and takes a picture of the bride and groom.", "takes a picture"),
        ("In a rain-soaked alley, a boxer throws a punch at his rival.", "throws a punch"),
        ("At midnight the knight parries the blow and steps back.", "parries the blow"),
        ("A cook chops vegetables on a wooden board.", "chops vegetables"),
        ("At noon the church bell rings in the tower above the square.", "church bell rings"),
    ],
)
def test_undescribed_sound_fires_on_the_action(body, action):
    text = clip(body)
    finding = one(text, "undescribed-sound")
    assert under(text, finding) == action
    assert finding.severity == Severity.HINT


@pytest.mark.parametrize(
    "body",
    [
        "In a rain-soaked alley, a boxer throws a punch; it lands with a meaty thud.",
        "At noon the church bell rings in the tower, its deep toll rolling over the square.",
        "A photographer takes a picture of the bride; the shutter clicks crisply.",
        "A cook chops vegetables, the knife tapping a steady rhythm on the board.",
        "She never takes a photo of the sea.",
    ],
)
def test_described_or_negated_actions_are_quiet(body):
    quiet(clip(body), "undescribed-sound")


@pytest.mark.parametrize(
    "body",
    [
        "A man runs down the stairs, his footsteps echoing in the stairwell.",
        "She opens the door and steps out onto the porch.",
        "The door closes behind him with a soft click.",
        "Rain streams down the window of a late-night diner.",
        "Thunder rolls over the hills as the storm comes in.",
        "A car engine starts in the empty parking lot.",
        "Waves crash against the harbour wall.",
        "She types on her laptop in a busy open-plan office.",
        "He pours water into a glass and a plate breaks on the floor.",
        "A woman walks across a gravel courtyard, opens the door and steps into the rain; thunder rumbles and a car "
        "engine starts in the street.",
    ],
)
def test_automatic_sounds_never_need_describing(body):
    quiet(clip(body), "undescribed-sound")


def test_each_action_is_reported_once_per_clip():
    text = clip("A boy takes a photo. Then another photographer takes a photo.")
    assert [under(text, f) for f in of_rule(text, "undescribed-sound")] == ["takes a photo"]


def test_undescribed_sound_fix_writes_the_sound_out():
    text = clip("In a rain-soaked alley, a boxer throws a punch at his rival. The crowd gasps.")
    finding = one(text, "undescribed-sound")
    [describe] = finding.fixes
    assert not describe.safe
    fixed = apply_fix(text, finding, describe)
    assert fixed == clip("In a rain-soaked alley, a boxer throws a punch at his rival. The punch lands with a heavy, "
                         "meaty thud. The crowd gasps.")


@pytest.mark.parametrize(
    "body",
    [
        "At noon the church bell rings in the tower above the square",
        "A cook chops vegetables on a wooden board.",
        "In a rain-soaked alley, a boxer throws a punch at his rival.",
    ],
)
def test_every_undescribed_sound_fix_works(body):
    [fixed] = apply_all_fixes(clip(body), "undescribed-sound")
    clean(fixed)


def test_the_shutter_fix_removes_its_finding():
    text = clip("A photographer kneels on the gravel and takes a picture of the bride and groom.")
    [fixed] = apply_all_fixes(text, "undescribed-sound")
    assert "The camera shutter clicks crisply with each frame." in fixed


def test_the_shutter_fix_leaves_a_clean_prompt():
    text = clip("A photographer kneels on the gravel and takes a picture of the bride and groom.")
    [fixed] = apply_all_fixes(text, "undescribed-sound")
    clean(fixed)


def test_silent_fireworks_need_a_boom():
    text = clip("At midnight over the harbour, fireworks light up the sky.")
    assert under(text, one(text, "undescribed-sound")) == "fireworks light up the sky"


def test_a_match_strike_needs_its_scrape():
    text = clip("A cowboy strikes a match in the dark saloon.")
    assert under(text, one(text, "undescribed-sound")) == "strikes a match"


# --- silence-conflict ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "body, quiet_word, loud_word",
    [
        ("A silent snowfield at dawn. Suddenly an explosion tears through the ridge.", "silent", "explosion"),
        ("The hall falls silent as the crowd cheers for the winner.", "falls silent", "crowd cheers"),
        ("A quiet street at night; a car horn blares twice.", "quiet", "car horn"),
        ("A hushed chapel, candles flickering, until gunfire erupts outside.", "hushed", "gunfire"),
    ],
)
def test_silence_conflict_fires_on_the_silence(body, quiet_word, loud_word):
    text = clip(body)
    finding = one(text, "silence-conflict")
    assert under(text, finding) == quiet_word
    assert finding.severity == Severity.WARNING
    assert [under(text, r.span) for r in finding.related] == [loud_word]


@pytest.mark.parametrize(
    "body",
    [
        "The witness remains silent while sirens wail outside.",
        "The old soldier stays quiet while fireworks burst over the square with deep booms.",
        "A hushed chapel, candles flickering. No gunshots, no shouting, only soft breathing.",
        "A silent snowfield at dawn, a single line of ski tracks leading up the slope.",
        "A quiet cabin in the snow, a kettle whistling on the stove.",
    ],
)
def test_silence_conflict_quiet(body):
    quiet(clip(body), "silence-conflict")


def test_silence_conflict_fixes_remove_one_side():
    text = clip("A silent snowfield at dawn. Suddenly an explosion tears through the ridge.")
    finding = one(text, "silence-conflict")
    drop_quiet = apply_fix(text, finding, fix_titled(finding, "“silent”"))
    drop_loud = apply_fix(text, finding, fix_titled(finding, "“explosion”"))
    assert drop_quiet == clip("A snowfield at dawn. Suddenly an explosion tears through the ridge.")
    assert "explosion" not in drop_loud and "A silent snowfield at dawn." in drop_loud


def test_removing_a_loud_noun_takes_its_article_along():
    text = clip("A silent snowfield at dawn. Suddenly an explosion tears through the ridge.")
    finding = one(text, "silence-conflict")
    drop_loud = apply_fix(text, finding, fix_titled(finding, "“explosion”"))
    assert " an tears" not in drop_loud


def test_silence_conflict_both_fixes_work_with_a_phrase():
    text = clip("The hall falls silent as the crowd cheers for the winner.")
    results = apply_all_fixes(text, "silence-conflict")
    assert "falls silent" not in results[0] and "crowd cheers" in results[0]
    assert "crowd cheers" not in results[1] and "falls silent" in results[1]


def test_quiet_music_is_not_a_silent_scene():
    text = clip('A barista says warmly, "We close in five minutes." Quiet piano music plays in the background.')
    clean(text)


# --- mood-conflict -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "body, first, second",
    [
        ("A tranquil lake at sunrise, then a frantic chase on jet skis.", "tranquil", "frantic"),
        ("A tense standoff in a serene garden.", "tense", "serene"),
        ("An eerie silence settles over the bustling market.", "eerie silence", "bustling"),
        ("A joyful wedding, a somber toast.", "joyful", "somber"),
        ("A romantic dinner for two that ends in total mayhem.", "romantic", "mayhem"),
    ],
)
def test_mood_conflict_fires_on_the_later_mood(body, first, second):
    text = clip(body)
    finding = one(text, "mood-conflict")
    assert under(text, finding) == second
    assert [under(text, r.span) for r in finding.related] == [first]
    assert finding.severity == Severity.WARNING


@pytest.mark.parametrize(
    "body",
    [
        "Not peaceful at all: a chaotic kitchen at rush hour.",
        "A romantic candlelit dinner, the waiter calm and attentive.",
        "A peaceful, serene garden at dawn, tranquil and meditative.",
        "An ominous, brooding sky over an eerie silence in the valley.",
    ],
)
def test_mood_conflict_quiet(body):
    quiet(clip(body), "mood-conflict")


def test_a_tone_word_in_a_speaker_label_is_not_a_scene_mood():
    text = clip('[Mia: host, cheerful voice]: "Welcome back to the show." A tense quiz round begins.')
    quiet(text, "mood-conflict")


def test_mood_conflict_is_reported_once_per_clip():
    text = clip("A tranquil lake turns frantic, then chaotic, then serene again.")
    assert len(of_rule(text, "mood-conflict")) == 1


def test_mood_conflict_fixes_remove_either_mood():
    text = clip("A tranquil lake at sunrise, then a frantic chase on jet skis.")
    finding = one(text, "mood-conflict")
    assert apply_fix(text, finding, fix_titled(finding, "“frantic”")) == clip(
        "A tranquil lake at sunrise, then a chase on jet skis.")
    assert apply_fix(text, finding, fix_titled(finding, "“tranquil”")) == clip(
        "A lake at sunrise, then a frantic chase on jet skis.")


def test_mood_conflict_fixes_with_a_phrase():
    text = clip("An eerie silence settles over the bustling market.")
    results = apply_all_fixes(text, "mood-conflict")
    assert results[0] == clip("An eerie silence settles over the market.")
    assert "eerie silence" not in results[1] and "bustling market" in results[1]


# --- complex-audio -------------------------------------------------------------------------

HARBOUR = (
    "# Harbour rush {duration=10}\n"
    "A fishmonger shouts cheerfully, \"Fresh mackerel!\" Gulls cry overhead, crashing waves hit the pier, a truck horn "
    "honks, and a dog barks at the crates. Upbeat accordion music plays softly.\n"
)


def test_complex_audio_fires_on_the_clip_name():
    finding = one(HARBOUR, "complex-audio")
    assert under(HARBOUR, finding) == "Harbour rush"
    assert finding.severity == Severity.INFORMATION
    assert finding.message.startswith("6 audio layers")
    for layer in ("dialogue", "music", "gulls", "crashing waves", "horn", "dog barks"):  # in the writer's words
        assert layer in finding.message


def test_complex_audio_without_a_heading_fires_on_the_first_line():
    text = HARBOUR.split("\n", 1)[1]
    assert under(text, one(text, "complex-audio")) == text.rstrip("\n")


def test_complex_audio_follows_max_audio_layers():
    quiet(HARBOUR, "complex-audio", config(max_audio_layers=6))
    text = clip("Waves lapping at the pier, gulls crying overhead; a dog barks once.", heading="# Calm {duration=6}")
    quiet(text, "complex-audio")
    finding = one(text, "complex-audio", config(max_audio_layers=2))
    assert under(text, finding) == "Calm" and finding.message.startswith("3 audio layers")


def test_negated_sounds_are_not_layers():
    text = clip("Waves lapping at the pier, gulls crying overhead; a dog barks once. No music, no footsteps, no thunder.",
                heading="# Calm {duration=6}")
    quiet(text, "complex-audio")
    assert one(text, "complex-audio", config(max_audio_layers=2)).message.startswith("3 audio layers")


def test_complex_audio_in_one_clip_only():
    text = HARBOUR + "\n# Quay {duration=5}\nThe empty quay at dusk, waves lapping at the stones.\n"
    assert [under(text, f) for f in of_rule(text, "complex-audio")] == ["Harbour rush"]


# --- suppression and configuration -----------------------------------------------------------

@pytest.mark.parametrize(
    "rule, text",
    [
        ("subtle-sound", clip("A tailor pins a hem; we hear fabric rustling as she works.")),
        ("undescribed-sound", clip("In a rain-soaked alley, a boxer throws a punch at his rival.")),
        ("silence-conflict", clip("A silent snowfield at dawn. Suddenly an explosion tears through the ridge.")),
        ("mood-conflict", clip("A tranquil lake at sunrise, then a frantic chase on jet skis.")),
        ("complex-audio", HARBOUR),
    ],
)
def test_suppression_and_configuration(rule, text):
    assert of_rule(text, rule)
    heading, body = text.split("\n", 1)
    quiet(f"{heading}\n// kling-ignore {rule}\n{body}", rule)
    quiet(f"{heading}\n{body}// kling-ignore: {rule}, unclosed-quote\n", rule)
    quiet(f"// kling-ignore {rule}\n\n{text}", rule)
    quiet(text, rule, config(rules={rule: "off"}))
    assert all(f.severity == Severity.WARNING for f in of_rule(text, rule, config(rules={rule: "warning"})))
    assert all(f.severity == Severity.ERROR for f in of_rule(text, rule, config(rules={rule: "error"})))
    # turning one rule off leaves the others alone
    others = [f.rule for f in findings(text) if f.rule != rule]
    assert [f.rule for f in findings(text, config(rules={rule: "off"}))] == others


# --- word forms and paraphrases of actions -------------------------------------------------

ACTION_FORMS = {
    "a past tense": ("The rocket exploded over the empty bay.", "exploded"),
    "a progressive": ("A car is exploding behind the hero as he walks.", "exploding"),
    "an irregular past": ("The old man struck a match in the dark.", "struck a match"),
    "a doubled consonant": ("She slammed the book shut on the desk.", "slammed the book shut"),
    "a noun for the event": ("An explosion rocks the freighter.", "explosion"),
    "a paraphrase of a fight": ("Two boxers trade blows in the ring.", "trade blows"),
    "a paraphrase in the past": ("A blast tore through the warehouse.", "blast tore through"),
    "a subject's verb in the past": ("In the ring the punch landed with no warning.", "punch landed"),
}


@pytest.mark.parametrize("body, action", ACTION_FORMS.values(), ids=ACTION_FORMS.keys())
def test_an_action_is_found_in_its_word_forms(body, action):
    text = clip(body)
    assert under(text, one(text, "undescribed-sound")) == action


@pytest.mark.parametrize("body", [
    "The rocket exploded, booming over the bay.",
    "Fighters trading blows, fists thudding on ribs.",
    "He struck a match; it scraped and flared with a hiss.",
])
def test_an_inflected_description_counts_as_described(body):
    quiet(clip(body), "undescribed-sound")


def test_an_inflected_loud_cue_breaks_a_silence():
    text = clip("Complete silence in the desert. The fuel truck exploded behind him.")
    finding = one(text, "silence-conflict")
    assert "exploded" in finding.message


def test_inflection_keeps_function_words_and_irregular_forms():
    from kling_lsp.core.inflect import phrase_forms
    irregular = {"throw": ("throw", "throws", "threw", "thrown", "throwing"),
                 "throws": ("throw", "throws", "threw", "thrown", "throwing")}
    forms = phrase_forms("throws a punch", frozenset({"a"}), irregular)
    assert forms[0] == "throws a punch"
    assert {"threw a punch", "throwing a punch", "thrown a punch"} <= set(forms)
    assert not any(f.split()[1] != "a" for f in forms)
    assert {"slam", "slammed", "slamming"} <= set(phrase_forms("slams", frozenset(), {}))
    assert {"galloped", "galloping"} <= set(phrase_forms("gallops", frozenset(), {}))
    assert phrase_forms("wind", frozenset(), {}) == ["wind"]  # no ending: `a winding road` is no wind
    assert {"fire", "fired", "firing"} <= set(phrase_forms("fires", frozenset(), {}))
    assert {"hurry", "hurries", "hurried"} <= set(phrase_forms("hurries", frozenset(), {}))


def test_one_clause_is_one_source_and_a_sound_word_before_a_picture_noun_is_none():
    busy = ("Static camera. Birds chirping faintly, a soft breeze rustles through tall grass, footsteps on gravel "
            "crunch softly, a dog barks once. Light piano music plays.")
    finding = one(clip(busy), "complex-audio", config(max_audio_layers=3))
    assert finding.message.startswith("5 audio layers")
    assert "rustl" not in finding.message and "crunch" not in finding.message  # same clause, same source
    assert "static" not in finding.message.lower()
    quiet(clip(busy), "complex-audio")


@pytest.mark.parametrize("body", [
    "SOUND: the argument stops. Only the puppy's small breathing. Silence.",
    "A cave at night. Water dripping somewhere; the silence between each drop is thick.",
])
def test_a_clip_built_around_silence_wants_its_faint_sounds_faint(body):
    quiet(clip(body), "subtle-sound")


def test_no_silence_still_leaves_a_faint_sound_reported():
    text = clip("A tailor pins a hem; we hear fabric rustling as she works. No silence here, a radio plays.")
    assert of_rule(text, "subtle-sound")


def test_moods_of_different_shots_do_not_clash():
    text = ("# Photo {duration=8}\n0-4s: A bright and cozy living room, a girl lifts a camera.\n"
            "4-8s: Friends pile in, the frame bursting with chaotic joy.\n")
    quiet(text, "mood-conflict")
    same_shot = "# Photo {duration=8}\n0-8s: A cozy living room turns into chaotic mayhem.\n"
    assert of_rule(same_shot, "mood-conflict")


def test_a_shot_title_on_its_own_line_holds_no_sound():
    text = ("# Reveal {duration=10}\n[0-5s] Shot 1: Truth explosion (close-ups).\nHe holds up a ring, rain on his face.\n"
            "[5-10s] Shot 2: The car explodes.\n")
    assert [under(text, f) for f in of_rule(text, "undescribed-sound")] == ["explodes"]


def test_an_audio_section_is_the_soundscape_and_prose_adds_no_layers():
    text = clip("Pages fluttering in a magic wind, the book explodes into light, thunder far off. "
                "Audio: pages rustling, soft wind, ethereal chimes.")
    quiet(text, "complex-audio", config(max_audio_layers=3))
    assert one(text, "complex-audio", config(max_audio_layers=2)).message.startswith("3 audio layers")


def test_a_mood_word_on_a_person_is_their_character_not_the_mood():
    quiet(clip("A passionate artist paints in the chaotic beauty of her studio."), "mood-conflict")


def test_the_verb_that_hands_over_a_line_is_no_extra_layer():
    text = clip('Rain pours, thunder rumbles, a dog barks, sirens wail. He screams: "Run!"')
    finding = one(text, "complex-audio", config(max_audio_layers=3))
    assert "screams" not in finding.message and finding.message.startswith("5 audio layers")


def test_a_silence_word_on_a_sound_is_its_level_not_a_silent_scene():
    text = clip("An artist paints at night. Audio: the artist's quiet breathing, a distant siren.")
    assert [under(text, f) for f in of_rule(text, "subtle-sound")] == ["quiet breathing"]
    quiet(text, "silence-conflict")


# --- removals take the whole phrase (issue 11) -------------------------------------------------

def test_removing_silence_takes_its_adverb_and_leaves_one_colon():
    text = clip("Black-and-white flashback, completely silent: a longship rows past a fort. The fort explodes.")
    finding = one(text, "silence-conflict")
    fixed = apply_fix(text, finding, finding.fixes[0])
    assert "Black-and-white flashback: a longship rows past a fort." in fixed


def test_removing_no_sound_takes_at_all_along():
    text = clip("A monk walks through the hall, no sound at all. Thunder crashes outside.")
    finding = one(text, "silence-conflict")
    quiet_gone, loud_gone = (apply_fix(text, finding, fix) for fix in finding.fixes)
    assert "A monk walks through the hall. Thunder crashes outside." in quiet_gone
    assert "A monk walks through the hall, no sound at all.\n" in loud_gone  # not `. crashes outside.`


def test_making_a_sound_audible_replaces_its_soft_word():
    text = clip('A librarian says calmly, "Quiet, please." The only sound is the soft rustle of the fabric.')
    finding = one(text, "subtle-sound")
    [audible] = finding.fixes
    assert audible.safe
    assert "the clearly audible rustle of the fabric" in apply_fix(text, finding, audible)


# --- silence as a moment after the noise --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "# Slope {duration=8}\nA slab avalanche roars down the ridge. The valley is quiet again.\n",
    "# Slope {duration=8}\nThe sound arrives late: a deep roar of the avalanche, then silence.\n",
    "# Slope {duration=8}\nThunder cracks overhead, followed by an eerie silence.\n",
    "# Slope {duration=8}\nThe avalanche thunders past and the mountain goes quiet.\n",
])
def test_silence_after_the_noise_is_a_moment_not_a_clash(text):
    assert of_rule(text, "silence-conflict") == []


@pytest.mark.parametrize("text", [
    "# Slope {duration=8}\nA silent, still valley. A slab avalanche roars down the ridge.\n",
    "# Slope {duration=8}\nComplete silence while the avalanche roars down the ridge.\n",
])
def test_silence_asked_for_the_scene_still_clashes_with_the_noise(text):
    assert len(of_rule(text, "silence-conflict")) == 1
