"""What belongs to one line and what to the whole clip or character.

A screenplay cue's direction (`MARA (nervous, hushed):`) is that line's; a speaker is named as the cue
names them; a manner phrase on the speech verb (`with quiet conviction as she says`) is a style;
a quoted word that runs on into its phrase (`a blurry, "dreamy" look`) is a modifier, not a line;
a line's own time range (`(0-15s, continuous):`) carries it past the shot it is written in; and a
JSON string line is delimited by its straight marks only. Each mechanism is tried in several
invented forms, with near misses.
"""

from __future__ import annotations

import pytest

from kling_lsp.core.parser import parse
from kling_lsp.core.quotes import scan_line
from rulekit import of_rule, quiet, under


def clip(body: str, heading: str = "# Scene {duration=10}") -> str:
    return f"{heading}\n{body}\n"


def lines(text: str) -> list[tuple[str, str | None, str | None]]:
    """(spoken words, speaker as named, style) of every line of dialogue."""
    return [(d.text, d.speaker.name if d.speaker else None, d.style.text if d.style else None)
            for c in parse(text).clips for d in c.dialogue]


# --- a cue's direction is its line's ---------------------------------------------------------------

@pytest.mark.parametrize("body", [
    'ANA (nervous, hushed):\n"They are here."\n\nANA:\n"Run."',
    'ANA (nervous, hushed): "They are here."\nANA: "Run."',
    'Ana (nervous, hushed): "They are here."\nAna: "Run."',
])
def test_a_cue_direction_styles_only_the_line_it_heads(body):
    found = lines(clip(body))
    assert found[0][2] == "nervous, hushed"
    assert found[1][2] is None
    assert len(of_rule(clip(body), "missing-speaking-style")) == 0  # her voice is set: it carries


def test_a_cue_direction_does_not_style_another_speaker_or_the_clip():
    text = clip('HOST:\n"Welcome back to the show."\n\nGUEST (dry tone):\n"Thanks."')
    assert lines(text) == [("Welcome back to the show.", "HOST", None), ("Thanks.", "GUEST", "dry tone")]
    assert [under(text, f) for f in of_rule(text, "missing-speaking-style")] == ["Welcome back to the show."]


@pytest.mark.parametrize("body", [
    'ANA (40s, husky, unhurried voice) waits by the door.\nANA: "We leave at dawn."',
    'Characters: Ana (husky, unhurried voice), a ferry pilot.\nANA: "We leave at dawn."',
])
def test_a_description_that_heads_no_line_still_styles_the_character(body):
    assert lines(clip(body))[0][2] is not None
    quiet(clip(body), "missing-speaking-style")


# --- a speaker is named as the cue names them -----------------------------------------------------

@pytest.mark.parametrize("cast, cue", [
    ("LEFT: a white cat host in silver glasses.", "HOST"),
    ("CENTRE: a nervous young reporter.", "REPORTER"),
    ("FOREGROUND: a tired talk-show host, 50s.", "HOST"),
])
def test_a_speaker_introduced_under_a_position_is_named_by_the_cue(cast, cue):
    text = clip(f'{cast}\n{cue}: "Good evening, everyone."\nGUEST (flat): "Hello."')
    message = of_rule(text, "multiple-speakers")[0].message
    assert f"({cue}, GUEST)" in message, message


def test_a_definition_name_used_again_stays_the_name():
    text = clip('Mina: a tired talk-show host.\nMina smiles at the camera.\nHOST: "Good evening, everyone."\n'
                'GUEST (flat): "Hello."')
    assert "(Mina, GUEST)" in of_rule(text, "multiple-speakers")[0].message


# --- a manner phrase on the verb ------------------------------------------------------------------

@pytest.mark.parametrize("body, style", [
    ('Her lips move with absolute conviction as she says: "We win tonight."', "with absolute conviction"),
    ('The captain, with grim determination, says: "We leave at dawn."', "with grim determination"),
    ('He answers with obvious reluctance: "Fine."', None),  # right on the verb: the verb's own style
    ('She speaks with quiet confidence: "Trust me."', None),
])
def test_a_with_phrase_of_manner_on_the_speech_verb_is_a_style(body, style):
    found = lines(clip(body))
    assert found[0][2] is not None
    if style is not None:
        assert found[0][2] == style
    quiet(clip(body), "missing-speaking-style")


@pytest.mark.parametrize("body", [
    'She hugs the toy, looks at it with adoration, and says: "I love it."',  # another verb's manner
    'A man with glasses says: "We leave at dawn."',  # a description of him, not a manner
    'A nurse with her equipment says: "Hold still."',  # a determiner: a thing she has
])
def test_a_with_phrase_that_is_not_the_verbs_manner_styles_nothing(body):
    assert len(of_rule(clip(body), "missing-speaking-style")) == 1


# --- a quoted word inside a phrase ----------------------------------------------------------------

@pytest.mark.parametrize("body", [
    'The room has a blurry, "dreamy" look. He sighs and says, "I give up."',
    'Warm light, soft focus, "vintage" grain. She says softly, "Again."',
    'A slow, "floaty" camera drifts in. He says quietly, "Wake up."',
])
def test_a_quoted_modifier_after_a_comma_is_no_line(body):
    assert [w for w, _, _ in lines(clip(body))] == [body.rsplit('"', 2)[1]]
    quiet(clip(body), "missing-speaking-style")


@pytest.mark.parametrize("body, words", [
    ('He turns to her, "We should go." She nods.', "We should go."),  # its own punctuation: a line
    ('El chico dice: "ya voy" y se levanta.', "ya voy"),  # a colon always hands over a line
    ('The guard, "Halt" — then silence.', "Halt"),  # a dash follows: the phrase does not run on
])
def test_a_quote_handed_over_by_its_clause_is_still_a_line(body, words):
    assert [w for w, _, _ in lines(clip(body))] == [words]


# --- a line's own time range ----------------------------------------------------------------------

SHOTS = ("Shot 1 (0-5s): a wide view of the deck. Shot 2 (5-10s): the chair. "
         "Shot 3 (10-15s): pull back. Audio: [Speaker: a warm, lively young man]")


@pytest.mark.parametrize("window", ["(0-15s, continuous):", "(0-15 s):", "[0-12s, over all shots]:"])
def test_a_line_with_its_own_window_is_not_charged_to_its_shot(window):
    text = clip(f'{SHOTS} {window} "This chair folds flat, holds four hundred pounds, has a cup holder, and my grandma loves our trips now."',
                "# Ad {duration=15}")
    assert not [f for f in of_rule(text, "dialogue-exceeds-duration") if "of shot" in f.message]


def test_a_window_no_longer_than_its_shot_leaves_the_shot_check():
    text = clip(f'{SHOTS} (10-15s): "This chair folds flat, holds four hundred and fifty pounds, has a padded '
                'headrest, a cup holder, and my grandma finally loves our camping trips again."',
                "# Ad {duration=15}")
    assert [f for f in of_rule(text, "dialogue-exceeds-duration") if "of shot 3" in f.message]


# --- JSON string lines ----------------------------------------------------------------------------

def inner(line: str) -> list[tuple[str, bool]]:
    return [(line[q.inner_start:q.inner_end], q.closed) for q in scan_line(line, 0, len(line))]


@pytest.mark.parametrize("line, expected", [
    ('  "description": "A crate labeled “FRAGILE” rattles.",',
     [("description", True), ("A crate labeled “FRAGILE” rattles.", True)]),
    ('  "ending": "a ‘SEND IT’ sign flickers"', [("ending", True), ("a ‘SEND IT’ sign flickers", True)]),
    ('    "a crate with a “HANDLE WITH CARE” stencil",', [("a crate with a “HANDLE WITH CARE” stencil", True)]),
    ('"k": "one “open curly only",', [("k", True), ("one “open curly only", True)]),
])
def test_a_json_string_line_is_delimited_by_its_straight_marks(line, expected):
    assert inner(line) == expected


@pytest.mark.parametrize("line, whole", [
    ('"He called it “home” once."', "He called it “home” once."),  # no key and no list comma: prose
    ('scene: "A crate labeled “FRAGILE” rattles."', "A crate labeled “FRAGILE” rattles."),  # YAML: prose
])
def test_lines_that_are_not_one_json_string_are_scanned_as_prose(line, whole):
    assert (whole, True) not in inner(line)


def test_two_strings_after_a_key_are_two_quotes():
    assert inner('"k": "a" "b"') == [("k", True), ("a", True), ("b", True)]


def test_a_json_prompt_with_curly_words_inside_a_string_has_no_unclosed_quote():
    text = clip('{\n  "description": "A crate labeled “HANDLE WITH PRAYER” rattles, then bursts open.",\n'
                '  "ending": "a ‘SEND IT’ neon sign flickers above the bed."\n}')
    quiet(text, "unclosed-quote")


# --- a list under a shown-text key ----------------------------------------------------------------

@pytest.mark.parametrize("body", [
    'On-screen text:\nUse only these short phrases:\n- "Fresh every day"\n- "Open till late"',
    'Text overlay:\n"Fresh every day"\n"Open till late"',
    'Captions:\n* "Fresh every day"\n* "Open till late"',
])
def test_quotes_listed_under_a_shown_text_key_are_shown_not_spoken(body):
    text = clip(f"A bakery at dawn, steam on the windows.\n\n{body}")
    assert lines(text) == []
    assert [q.text for c in parse(text).clips for q in c.quotes] == ["Fresh every day", "Open till late"]


@pytest.mark.parametrize("body", [
    'On-screen text:\nUse only these short phrases:\n- "毎日焼きたて"\n- "AIで、パンを美しく"',
    'Text overlay:\n「毎日焼きたて」\n「AIで、パンを美しく」',
])
def test_japanese_phrases_listed_under_a_shown_text_key_are_shown_not_spoken(body):
    text = clip(f"A bakery at dawn, steam on the windows.\n\n{body}")
    assert lines(text) == []
    quiet(text, "dialogue-language")
    after_a_line = clip(f'The baker says warmly, "Welcome in."\n\n{body}')  # no one speaks on into the list
    assert [w for w, _, _ in lines(after_a_line)] == ["Welcome in."]


@pytest.mark.parametrize("body", [
    'On-screen text:\n- "Fresh every day"\n\nThe baker smiles and says warmly, "Come in."',  # a blank line ends it
    'On-screen text:\n- "Fresh every day"\nThe baker smiles and says warmly, "Come in."',  # a speech verb speaks
    'On-screen text:\n- "Fresh every day"\nDialogue:\n- "Come in, come in."',  # a new section ends it
])
def test_a_line_after_the_shown_list_is_still_spoken(body):
    assert [w for w, _, _ in lines(clip(body))][-1:] in (["Come in."], ["Come in, come in."])


# --- a Chinese or Japanese quote after a Latin key ------------------------------------------------

@pytest.mark.parametrize("body, spoken", [
    ('Pronunciation guide: "けいばエーアイ".', []),  # an English key's colon hands over no Japanese line
    ('Make viewers feel this: "美しい".', []),
    ('老人说："我们走吧。"', ["我们走吧。"]),  # a Chinese speaker's colon still does
    ('セリフ：「行こう」', ["行こう"]),
])
def test_a_speakers_colon_before_a_cjk_quote_must_follow_cjk_words(body, spoken):
    assert [w for w, _, _ in lines(clip(body))] == spoken


# --- a capitalised word before a colon in running prose -------------------------------------------

@pytest.mark.parametrize("body, speaker", [
    ('He mutes himself, chaos on his face. Unmutes: "Sorry, I was on mute."', None),  # a verb, not a name
    ('The door opens. Mara (softly): "We leave at dawn."', "Mara"),  # a cue with a direction names her
    ('Mara waits by the door. It opens. Mara: "We leave at dawn."', "Mara"),  # a name written again
    ('The door opens. Nurse: "Hold still."', "Nurse"),  # a word for a person
])
def test_a_key_in_running_prose_names_a_speaker_only_when_it_is_someone(body, speaker):
    assert [who for _, who, _ in lines(clip(body))] == [speaker]


# --- a verbless line of someone named singing ---------------------------------------------------

@pytest.mark.parametrize("body", [
    'A vocalist closes her eyes as she sings a long, rising note. "Let the rhythm lift your soul!"',
    'On stage, they sing the chorus, arms raised. The lights sweep. "Set it free tonight!"',
])
def test_a_verbless_line_after_its_speaker_sings_is_sung(body):
    text = clip(body)
    assert [d.delivery for c in parse(text).clips for d in c.dialogue] == ["singing"]
    quiet(text, "missing-speaking-style")


@pytest.mark.parametrize("body", [
    'A man hums to himself. He turns around: "Who is there?"',  # another verb for this subject
    'A woman sings softly, then stops. She says, "Thank you all."',  # a speech verb of its own
])
def test_a_line_of_someone_who_sang_earlier_but_speaks_now_is_speech(body):
    assert [d.delivery for c in parse(clip(body)).clips for d in c.dialogue] == ["speech"]


# --- a thing that shows words, then its colon -----------------------------------------------------

@pytest.mark.parametrize("body", [
    'The robot looks up at a massive inscription on the wall: "HOMO SAPIENS: 300,000 BCE."',
    'She points at the sign above the door: "Closed until spring."',
    'A banner across the street: "Welcome home, heroes."',
])
def test_a_quote_handed_over_by_a_thing_that_shows_words_is_shown(body):
    text = clip(f'{body} He says softly, "Look."')
    assert [w for w, _, _ in lines(text)] == ["Look."]


def test_a_speech_verb_after_the_thing_makes_it_spoken():
    text = clip('She points at the sign and says: "We are closed."')
    assert [w for w, _, _ in lines(text)] == ["We are closed."]
