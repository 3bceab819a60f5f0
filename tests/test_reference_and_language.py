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
