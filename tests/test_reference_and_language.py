"""Who a definite phrase points back to, and which words kling can read a style in.

`the woman` after `a young woman` is the same person; `the old woman` after `a young woman` is not.
A line led in by words of a language kling has no manner vocabulary for (Korean, Spanish prose, …)
may be styled there: a missing style would be a guess, so nothing is reported. Each mechanism is tried
in several invented forms, with the near misses that must still be reported.
"""

from __future__ import annotations

import pytest

from kling_lsp.core.parser import parse
from rulekit import of_rule, quiet


def clip(body: str, heading: str = "# Scene {duration=10}") -> str:
    return f"{heading}\n{body}\n"


def speakers(text: str) -> list[str]:
    return [d.speaker.name for c in parse(text).clips for d in c.dialogue if d.speaker is not None]


def keys(text: str) -> list[str]:
    return [d.speaker.key for c in parse(text).clips for d in c.dialogue if d.speaker is not None]


# --- a definite phrase points back to the person of that kind --------------------------------

@pytest.mark.parametrize("first, later", [
    ("A young woman", "the woman"),
    ("An old fisherman", "the fisherman"),
    ("A tall man in a grey coat", "the man"),
    ("A young woman", "this woman"),
    ("An elderly man", "the elderly man"),
])
def test_a_definite_phrase_is_the_person_introduced_before(first, later):
    text = clip(f'{first} leans on the railing and says softly, "The tide is late." '
                f'Then {later} turns and asks, "Did you hear that?"')
    assert len(set(keys(text))) == 1
    quiet(text, "multiple-speakers")


def test_the_same_reference_across_shots_keeps_the_style_given_before():
    text = clip('Shot 1 (5s): A young woman sighs softly and says, "I always forget the sea."\n'
                'Shot 2 (5s): Behind the woman as she turns, she asks, "Do you ever stop?"')
    quiet(text, "missing-speaking-style")
    quiet(text, "multiple-speakers")


@pytest.mark.parametrize("first, later", [
    ("A young woman", "the old woman"),
    ("A young woman", "the man"),
    ("A fisherman", "the baker"),
])
def test_a_definite_phrase_of_another_kind_is_another_person(first, later):
    text = clip(f'{first} says softly, "The tide is late." {later.capitalize()} replies calmly, "It always is."')
    assert len(set(keys(text))) == 2
    assert of_rule(text, "multiple-speakers")


def test_an_indefinite_phrase_introduces_someone_new():
    text = clip('A young woman says softly, "The tide is late." A woman at the bar replies calmly, "It always is."')
    assert len(set(keys(text))) == 2


def test_a_definite_phrase_two_people_fit_is_not_taken_for_either():
    text = clip('A young woman says warmly, "Come in." An old woman nods and says gently, "Thanks." '
                'The woman smiles and says quietly, "Sit down."')
    assert keys(text) == ["young woman", "old woman", "woman"]


# --- a style is looked for only in words kling can read -------------------------------------

@pytest.mark.parametrize("body", [
    '그녀가 부드럽게 한숨 쉬며 말함: "바다가 이렇게 시끄러운 건 맨날 잊어버려."',
    '바리스타가 밝게 말함: "음료 곧 준비됩니다."',
    'Una mujer joven se apoya en la barandilla mientras las olas rompen abajo. Ella suspira suavemente y dice: '
    '"Siempre olvido lo ruidoso que es el mar."',
    'Une femme regarde la mer depuis le balcon, puis elle murmure doucement : "Je reviens demain."',
    'Молодая женщина тихо говорит: "Я скоро вернусь."',
])
def test_a_line_led_in_by_words_kling_cannot_read_gets_no_style_finding(body):
    quiet(clip(body), "missing-speaking-style")


@pytest.mark.parametrize("body", [
    'A young woman leans on the railing and says: "Siempre olvido lo ruidoso que es el mar."',
    '@Image1の人物を保持。Character A says "I am ready" in English, locked medium close-up.',
    'A barista looks up and says, "Your drink is ready."',
])
def test_a_line_led_in_by_english_words_is_still_read(body):
    assert of_rule(clip(body), "missing-speaking-style")


@pytest.mark.parametrize("body", [
    'Una mujer joven se apoya en la barandilla mientras las olas rompen abajo. Ella dice con calma: '
    '"Siempre olvido lo ruidoso que es el mar."',
    'Un anciano mira la lluvia desde la ventana de su casa. Murmura en voz baja: "Mañana será mejor."',
])
def test_a_line_in_the_language_the_prompt_is_written_in_needs_no_reminder(body):
    quiet(clip(body), "dialogue-language")


def test_a_language_kling_does_not_voice_is_reported_even_in_prose_of_that_language():
    text = clip('Ein alter Mann sitzt am Fenster und schaut hinaus auf den Regen. Er sagt leise: "Morgen wird es besser."')
    assert [f.message.split(",")[0] for f in of_rule(text, "dialogue-language")] == ["this line is in German"]


def test_a_line_in_another_language_than_the_prose_gets_the_reminder():
    text = clip('A young woman leans on the railing and says calmly: "Siempre olvido lo ruidoso que es el mar."')
    assert of_rule(text, "dialogue-language")


# --- a with-phrase on a speech verb says how -------------------------------------------------

@pytest.mark.parametrize("tag", ["says with cool detachment,", "replies with a weary sigh:", "speaks through gritted teeth,",
                                 "says with an irrepressible smile,"])
def test_a_with_phrase_on_the_verb_styles_the_line(tag):
    quiet(clip(f'The woman {tag} "I need you to find someone."'), "missing-speaking-style")


def test_the_bare_verb_is_still_unstyled():
    assert of_rule(clip('The woman says, "I need you to find someone."'), "missing-speaking-style")


# --- a quote hard-wrapped over several lines closes where its paragraph closes it ------------

@pytest.mark.parametrize("body", [
    'A young man speaks with a trembling voice, "I never\nmeant for any of this to happen. You have to believe me.\n'
    'When I left that night... I thought I was doing\nthe right thing."\n\nShallow depth of field.',
    'The detective replies in a weary voice, "Lady, in this\ncity, everyone is hiding\nfrom something."',
])
def test_a_quote_wrapped_over_several_lines_is_one_closed_line(body):
    text = clip(body)
    quiet(text, "unclosed-quote")
    line, = [d for c in parse(text).clips for d in c.dialogue]
    assert line.closed and line.text.endswith(("thing.", "something."))


@pytest.mark.parametrize("body", [
    'He says calmly, "Go now.\nThe rain keeps falling on the roof.\nShe whispers "stay" and turns away.',
    'He says calmly, "Go now.\n\nThe rain falls."',
    'He says calmly, "Go now.\nAudio: rain on the roof, a door slams."',
    'He says calmly, "Go now.\n- rain on the roof"',
])
def test_a_quote_left_open_before_a_new_part_stays_unclosed(body):
    assert of_rule(clip(body), "unclosed-quote")


# --- a line quoted again is a reference to it, not a new line --------------------------------

def words_said(text: str) -> list[str]:
    return [d.text for c in parse(text).clips for d in c.dialogue]


@pytest.mark.parametrize("body, said", [
    ('She says softly, "I never left this town." Timing: the line "I never left this town" lands at 3 s.',
     ["I never left this town."]),
    ('Shot 1 (4s): He whispers, "Meet me at the pier tonight."\nShot 2 (4s): His line "meet me at the pier" '
     'carries over the cut.', ["Meet me at the pier tonight."]),
    ('0-3秒：女主低声说“你可知我是谁”。3-6秒：镜头推进，对白内容压在“你可知我是谁”。',
     ["你可知我是谁"]),
    ('He says calmly, "Go home." She replies warmly, "Not yet, my love." Beat: "Go home / Not yet, my love" '
     'overlap for a moment.', ["Go home.", "Not yet, my love."]),
])
def test_a_quote_repeating_a_line_already_spoken_refers_to_it(body, said):
    assert words_said(clip(body)) == said


def test_the_same_words_given_to_someone_else_by_a_speech_verb_are_spoken_again():
    text = clip('[Girlfriend, teasing voice]: "It is just a bit burnt." Then both smile and say together: '
                '"It is just a bit burnt."')
    assert len(words_said(text)) == 2


def test_a_short_line_said_twice_is_said_twice():
    assert len(words_said(clip('He says calmly, "No way." She laughs and says, "No way."'))) == 2


def test_a_line_quoted_again_in_a_later_shot_runs_on_into_it():
    text = clip('Shot 1 (2s): She says slowly, "I have waited here for you through every single winter."\n'
                'Shot 2 (5s): Close-up; her line "through every single winter" carries over the cut.',
                heading="# Scene {duration=7}")
    quiet(text, "dialogue-exceeds-duration")
    alone = clip('Shot 1 (2s): She says slowly, "I have waited here for you through every single winter."\n'
                 'Shot 2 (5s): Close-up of her hands.', heading="# Scene {duration=7}")
    assert of_rule(alone, "dialogue-exceeds-duration")


# --- time codes and shots written in Chinese, Japanese and Korean ----------------------------

def shots(text: str) -> list[tuple[int | None, float | None]]:
    return [(s.number, s.duration) for s in parse(text).clips[0].shots]  # numbered in order when unnumbered


@pytest.mark.parametrize("body, expected", [
    ("0-3秒：女主转身坐下。3-5秒：快速摇镜头，男人咬牙切齿。", [(1, 3.0), (2, 2.0)]),
    ("0.0-5.0秒，镜头从右肩后方切入；5.0-8.0秒，镜头平移。", [(1, 5.0), (2, 3.0)]),
    ("샷 1 (5초): 해안 발코니의 석양 장면.\n샷 2 (4초): 미디엄 클로즈업으로 전환.", [(1, 5.0), (2, 4.0)]),
    ("0-2秒：猫が窓辺で伸びをする。2-4秒：カメラがゆっくり寄る。", [(1, 2.0), (2, 2.0)]),
])
def test_time_codes_in_seconds_of_the_prompt_language_are_shots(body, expected):
    assert shots(clip(body)) == expected


@pytest.mark.parametrize("body", ["他等了3-5秒，然后转身离开。", "持续约3秒，画面渐暗。"])
def test_a_length_inside_a_chinese_sentence_is_no_shot(body):
    assert shots(clip(body)) == []


# --- a Chinese word for a man or a woman points back to the one already there ----------------

@pytest.mark.parametrize("later", ["女人", "女子"])
def test_a_generic_word_for_a_woman_is_the_woman_already_speaking(later):
    text = clip(f'女主转身坐下，并说"你输了"。后来，{later}看着窗外静静地说"我们走着瞧"。')
    assert len(set(keys(text))) == 1
    quiet(text, "multiple-speakers")


@pytest.mark.parametrize("later", ["另一个女人", "一个女人"])
def test_a_generic_word_with_a_counter_is_someone_new(later):
    text = clip(f'女主转身坐下，并说"你输了"。后来，{later}看着窗外静静地说"我们走着瞧"。')
    assert len(set(keys(text))) == 2


def test_chinese_dialogue_is_measured_in_characters():
    line = "看来你不仅是个流氓还是个骗子真是让人失望透顶我们走着瞧吧你会后悔的今天的事情我记住了"
    found = of_rule(clip(f'女主冷冷地说"{line}"'), "dialogue-too-long")
    assert found and f"{len(line)} characters (about {-(-len(line) // 2)} words)" in found[0].message


# --- a negative prompt pasted after the prompt on its line ----------------------------------

from kling_lsp.core.export import export_clip  # noqa: E402


@pytest.mark.parametrize("marker", ["Negative prompt:", "Negative:", "NEGATIVE PROMPT:"])
def test_a_negative_prompt_after_a_sentence_on_the_same_line_is_the_negative_prompt(marker):
    text = clip(f"A lighthouse keeper climbs the stairs at dusk. {marker} blur, warped hands, text overlays")
    document = parse(text)
    exported = export_clip(document, document.clips[0])
    assert exported.prompt == "A lighthouse keeper climbs the stairs at dusk."
    assert exported.negative_prompt == "blur, warped hands, text overlays"


def test_the_negative_part_does_not_count_toward_the_prompt_length():
    scene = "A lighthouse keeper climbs the stairs at dusk while the storm builds over the bay. " * 27
    text = clip(scene.strip() + " Negative prompt: " + "no blur, no warping, no extra limbs, " * 12)
    assert len(scene) < 2500 < len(text)
    quiet(text, "prompt-too-long")


@pytest.mark.parametrize("body", [
    'She says calmly, "Stay positive. Negative: nothing." and leaves.',
    "The photographer holds the film negative: a grainy image of the harbour.",
])
def test_negative_inside_a_quote_or_mid_sentence_is_prompt_text(body):
    document = parse(clip(body))
    assert document.clips[0].negatives == []


# --- a few quoted words in a comma list of tags are a tag ------------------------------------

@pytest.mark.parametrize("body", [
    'A monk fights on the roof. "Overcast diffused light", 85 mm lens, dolly-in, volumetric lighting.',
    'A warrior stands in the rain, "Blade Runner feel", "neon noir", slow motion, 4k.',
    'Style: cinematic, "moody teal grade", anamorphic flares, film grain.',
])
def test_a_quoted_tag_in_a_list_is_not_speech(body):
    text = clip(body)
    assert words_said(text) == []
    quiet(text, "missing-speaking-style")


@pytest.mark.parametrize("body", [
    'He says, "Hello there", and walks away.',
    'The monk nods. "Not today", he says calmly, and turns.',
    'She whispers, "Run", then vanishes into the fog, silent.',
])
def test_a_short_quote_in_a_sentence_of_speech_is_still_speech(body):
    assert len(words_said(clip(body))) == 1


# --- what an action happens to decides its sense; footsteps are heard -------------------------

@pytest.mark.parametrize("body", [
    "The punch lands and debris explodes outward across the ring.",
    "As she wins, the crowd explodes in the stands.",
    "An explosion of confetti fills the hall.",
])
def test_an_explosion_of_things_that_scatter_is_a_figure(body):
    quiet(clip(body), "undescribed-sound")


@pytest.mark.parametrize("body", ["The fuel depot explodes at dawn.", "A car explodes behind them.",
                                  "An explosion of the gas main rocks the street."])
def test_a_real_explosion_still_needs_its_sound(body):
    assert of_rule(clip(body), "undescribed-sound")


@pytest.mark.parametrize("body", [
    "She walks the autumn path. Leaves crunch underfoot, a bird calls in the distance.",
    "His boots crunch on the frozen gravel as he walks.",
    "Footsteps crunch through the snow outside the cabin.",
    "The floorboards creak under his boots as he crosses the hall.",
])
def test_a_sound_made_by_footsteps_is_not_quiet(body):
    quiet(clip(body), "subtle-sound")


def test_the_same_sound_made_another_way_is_still_quiet():
    assert of_rule(clip("In the empty house, floorboards creak."), "subtle-sound")


def test_a_piece_of_a_recent_line_quoted_to_point_at_it_is_no_new_line():
    text = clip('Dialog: "That is when I found it. Eight drops per gallon, wait an hour, done." '
                'Her left hand makes an "eight drops" counting gesture while explaining.')
    assert words_said(text) == ["That is when I found it. Eight drops per gallon, wait an hour, done."]


def test_a_single_quoted_word_from_a_line_is_not_taken_for_it():
    text = clip('He says calmly, "Run to the boat now." She answers, "Run."')
    assert len(words_said(text)) == 2


def test_earlier_and_new_lines_run_together_count_only_the_new_one():
    text = clip('0-3秒：男主低声说“去就去真是小神仙啊”。3-6秒：镜头推进，对白内容压在“去就去真是小神仙啊 / 你接下来有什么打算”。')
    assert words_said(text) == ["去就去真是小神仙啊", "你接下来有什么打算"]


def test_lines_run_together_with_none_said_before_are_one_line():
    text = clip('The captain says calmly, "Hold the line / wait for my signal."')
    assert words_said(text) == ["Hold the line / wait for my signal."]


# --- a voice picked by name sets who speaks, not how: the message says it was seen -----------

@pytest.mark.parametrize("body, voice", [
    ('[Teacher] @Intellectual Female Voice: "Turn to page twenty."', "@Intellectual Female Voice"),
    ('[Student] @Teen Male Voice: "Okay, teacher!"', "@Teen Male Voice"),
])
def test_a_line_in_a_voice_picked_by_name_names_that_voice_in_its_finding(body, voice):
    found = of_rule(clip(body), "missing-speaking-style")
    assert found and f"the voice {voice} is picked for this line" in found[0].message


def test_a_line_without_a_picked_voice_gets_the_plain_message():
    found = of_rule(clip('[Teacher]: "Turn to page twenty."'), "missing-speaking-style")
    assert found and "is picked" not in found[0].message


# --- a Chinese person word that owns what follows is not the speaker -------------------------

@pytest.mark.parametrize("owner", ["女主耳道", "女主的耳边", "她的手心"])
def test_a_person_word_owning_a_body_part_is_not_the_speaker(owner):
    text = clip(f'男主俯身低声说“你可知我是谁”。声源贴近{owner}，他又说“我会回来的，等我”。')
    assert len(set(keys(text))) == 1
    quiet(text, "multiple-speakers")


# --- a translation in parentheses beside a line is not a second line -------------------------

@pytest.mark.parametrize("body, said", [
    ('She looks at camera saying "이제 깨끗하다" ("It is clean now").', ["이제 깨끗하다"]),
    ('老人轻声说“我们回家吧”（"Let us go home"）。', ["我们回家吧"]),
    ('He says softly, "Let us go home" ("我们回家吧").', ["Let us go home"]),
])
def test_a_quote_in_parentheses_in_another_script_is_the_lines_translation(body, said):
    assert words_said(clip(body)) == said


def test_a_line_in_another_script_outside_parentheses_is_still_a_line():
    text = clip('He says softly, "Let us go home." She answers warmly, "我们回家吧。"')
    assert len(words_said(text)) == 2


# --- a sound's words that modify a noun of looks are not heard -------------------------------

@pytest.mark.parametrize("body, rule", [
    ("Fast cuts, lens flares, a Michael Bay explosion aesthetic throughout.", "undescribed-sound"),
    ("A mascot in a quiet studio, gentle breathing animation on its chest.", "subtle-sound"),
    ("Orange teal grade, explosion-style flash frames.", "undescribed-sound"),
])
def test_sound_words_modifying_a_look_ask_for_no_sound(body, rule):
    quiet(clip(body), rule)


def test_the_same_words_as_an_event_still_need_their_sound():
    assert of_rule(clip("Fast cuts, lens flares, then the tanker explodes on the bridge."), "undescribed-sound")
