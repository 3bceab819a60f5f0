"""Dialogue: quotes, apostrophes, unclosed quotes, on-screen text, word counts, speakers,
speaking styles, pronouns, groups, voices, voiceover and singing (docs/format.md)."""

from __future__ import annotations

import pytest

from kling_lsp.core.checker import check
from kling_lsp.core.findings import Severity
from kling_lsp.core.parser import parse


# --- helpers -------------------------------------------------------------------------

def at(text: str, span) -> str:
    return text[span.start:span.end]


def clip_of(text: str):
    doc = parse(text)
    assert len(doc.clips) == 1
    return doc.clips[0]


def spoken(text: str) -> list[str]:
    return [d.text for d in clip_of(text).dialogue]


def speakers(text: str) -> list[str | None]:
    return [d.speaker.key if d.speaker else None for d in clip_of(text).dialogue]


def unclosed(text: str):
    return [f for f in check(parse(text)) if f.rule == "unclosed-quote"]


# --- quote kinds ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, words, open_mark, close_mark",
    [
        ('A tailor says, "Stand still please." He pins the hem.', "Stand still please.", '"', '"'),
        ("A tailor says, “Stand still please.” He pins the hem.", "Stand still please.", "“", "”"),
        ("A tailor says, 'Stand still please.' He pins the hem.", "Stand still please.", "'", "'"),
        ("A tailor says, ‘Stand still please.’ He pins the hem.", "Stand still please.", "‘", "’"),
        ("A tailor says, 「じっとして」 and pins the hem.", "じっとして", "「", "」"),
        ("A tailor says, 『動かないで』 and pins the hem.", "動かないで", "『", "』"),
        ("A tailor says, «No te muevas» and pins the hem.", "No te muevas", "«", "»"),
        ('A tailor says, “Stand still please." He pins the hem.', "Stand still please.", "“", '"'),
    ],
)
def test_quote_kinds(line, words, open_mark, close_mark):
    clip = clip_of(line + "\n")
    [d] = clip.dialogue
    assert d.text == words
    assert (d.open_mark, d.close_mark, d.closed) == (open_mark, close_mark, True)
    assert at(line, d.inner) == words
    assert at(line, d.span) == open_mark + words + close_mark
    assert d.speaker is not None and d.speaker.key == "tailor"
    assert clip.findings == []


@pytest.mark.parametrize(
    "line",
    [
        'A tailor says, "Stand still."',
        "A tailor says, “Stand still.”",
        "A tailor says, 「じっとして」",
        "A tailor says, 『動かないで』",
        "A tailor says, «Quieto»",
    ],
)
def test_quote_closed_at_line_end(line):
    clip = clip_of(line + "\nNext line.\n")
    [d] = clip.dialogue
    assert d.closed
    assert unclosed(line) == []


@pytest.mark.parametrize("line", ["A tailor says, 'Stand still.'", "A tailor says, ‘Stand still.’"])
def test_single_quote_closed_at_line_end(line):
    clip = clip_of(line + "\n")
    [d] = clip.dialogue
    assert d.closed and d.text == "Stand still."
    assert unclosed(line) == []


# --- apostrophes ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line",
    [
        "I don't think the ferry's coming tonight.",
        "The dogs' bowls sit empty by the door.",
        "What'll happen next is anyone's guess.",
        "Posters from the '90s peel off the wall.",
        "Round 'em up before the storm.",
        "A jukebox plays rock 'n' roll in the corner.",
        "[Cellist]'s bow trembles above the strings.",
        "The twins' bikes lean on the fence, rollin’ slightly.",
        "We’re late ’cause the bridge was up.",
    ],
)
def test_apostrophes_are_not_quotes(line):
    clip = clip_of(line + "\n")
    assert clip.dialogue == [] and clip.quotes == []
    assert clip.findings == []


def test_apostrophes_inside_a_single_quoted_line():
    line = "The boy grins and says, 'Told you I'd win, didn't I?' Music from the '80s plays."
    clip = clip_of(line + "\n")
    [d] = clip.dialogue
    assert d.text == "Told you I'd win, didn't I?"
    assert d.closed
    assert clip.findings == []


def test_rock_n_roll_inside_single_quoted_dialogue():
    line = "He says, 'We play rock 'n' roll tonight.' Then he bows."
    [d] = clip_of(line + "\n").dialogue
    assert d.text == "We play rock 'n' roll tonight."


def test_plural_possessive_inside_single_quotes():
    line = "She says, 'The dogs' bowls are empty.' He nods."
    [d] = clip_of(line + "\n").dialogue
    assert d.text == "The dogs' bowls are empty."


# --- nested quotes ------------------------------------------------------------------------------

def test_single_quotes_nested_in_double_quotes_are_part_of_the_words():
    line = "The teacher says, \"She wrote 'never again' on the board.\" Then she sits."
    clip = clip_of(line + "\n")
    [d] = clip.dialogue
    assert d.text == "She wrote 'never again' on the board."
    assert clip.findings == []


def test_corner_quotes_nested_in_white_corner_quotes():
    line = "先生が言う、『彼は「はい」と答えた』"
    clip = clip_of(line + "\n")
    [d] = clip.dialogue
    assert d.text == "彼は「はい」と答えた"
    assert clip.findings == []


# --- unclosed quotes ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, closer",
    [
        ('A sergeant shouts, "Get down!', '"'),
        ("A sergeant shouts, “Get down!", "”"),
        ("A sergeant shouts, ‘Get down!", "’"),
        ("A sergeant shouts, 「伏せろ", "」"),
        ("A sergeant shouts, 『伏せろ", "』"),
        ("A sergeant shouts, «¡Al suelo!   ", "»"),
    ],
)
def test_unclosed_quote_at_line_end(line, closer):
    text = line + "\nA dog barks, \"Woof.\" loudly.\n"
    found = unclosed(text)
    [f] = found
    assert f.severity == Severity.ERROR
    open_at = len("A sergeant shouts, ")
    assert f.span == (open_at, open_at + 1)
    [fix] = f.fixes
    assert fix.safe
    [edit] = fix.edits
    # inserted right after the last word, before any trailing blanks
    assert edit.start == edit.end == len(line.rstrip())
    assert edit.new_text == closer
    clip = clip_of(text)
    first, second = clip.dialogue
    assert not first.closed and first.close_mark == ""
    assert first.span.end == len(line.rstrip())  # the quote ends at its own line
    # the next line is unaffected
    assert second.closed and second.text == "Woof." and second.speaker.key == "dog"


def test_reopened_curly_quote_is_unclosed_with_an_unsafe_fix():
    line = "He whispers, “Wait, “they're here.”"
    [f] = unclosed(line + "\n")
    assert f.span == (line.index("“"), line.index("“") + 1)
    [fix] = f.fixes
    assert not fix.safe
    [edit] = fix.edits
    assert edit.new_text == "”"
    assert edit.start == line.index("Wait,") + len("Wait,")
    clip = clip_of(line + "\n")
    assert [(d.text, d.closed) for d in clip.dialogue] == [("Wait,", False), ("they're here.", True)]


def test_reopened_straight_quote_after_a_space():
    line = 'She calls, "Come in. "Sit down," he adds.'
    found = unclosed(line + "\n")
    assert len(found) == 1
    assert not found[0].fixes[0].safe


def test_unclosed_quote_does_not_swallow_the_next_clip():
    text = "# One\nA sergeant shouts, \"Get down!\n# Two\nA medic says, \"Hold still.\"\n"
    doc = parse(text)
    assert [d.closed for d in doc.clips[0].dialogue] == [False]
    assert [(d.text, d.closed) for d in doc.clips[1].dialogue] == [("Hold still.", True)]
    assert [f.rule for f in check(doc) if f.rule == "unclosed-quote"] == ["unclosed-quote"]


# --- quoted text that is not speech ------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, words",
    [
        ('A neon sign that reads "OPEN LATE" flickers above the bar.', "OPEN LATE"),
        ('A shop sign reads "FRESH FISH" above the stall.', "FRESH FISH"),
        ('A paperback titled "The Long Tide" lies open on the bench.', "The Long Tide"),
        ('A banner with the slogan "Run Further" hangs over the track.', "Run Further"),
        ('Big caption: "Day One" fades in.', "Day One"),
        ('She pours a warm "golden hour" glow over the hills.', "golden hour"),
        ('He wears a "lucky" scarf.', "lucky"),
    ],
)
def test_on_screen_text_and_scare_quotes_are_not_dialogue(line, words):
    clip = clip_of(line + "\n")
    assert clip.dialogue == []
    assert [q.text for q in clip.quotes] == [words]
    assert at(line, clip.quotes[0].inner) == words


def test_quotes_in_negative_line_are_not_dialogue():
    clip = clip_of('A pier at dusk.\nNegative: "subtitles", "watermark"\n')
    assert clip.dialogue == [] and clip.quotes == []


# --- word counts ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "words, expected",
    [
        ("Stand still, please.", 3),
        ("We're late, aren't we?", 4),
        ("Well-known faces don't lie.", 4),
        ("我们走吧。", 4),
        ("いらっしゃいませ", 8),
        ("괜찮아, 천천히 해.", 3),
        ("¿Cuánto cuesta?", 2),
        ("OK... 3 2 1!", 4),
    ],
)
def test_word_counts(words, expected):
    [d] = clip_of(f"A courier says, \u201c{words}\u201d\n").dialogue
    assert d.text == words
    assert d.words == expected


def test_dialogue_word_count():
    text = 'A man says, "We\'re nearly there, don\'t stop." A girl says, 「もう少しだよ」\n'
    clip = clip_of(text)
    assert [d.words for d in clip.dialogue] == [5, 6]


# --- labelled speakers ---------------------------------------------------------------------------

def test_label_shapes():
    text = (
        '[Ivo]: "We\'re late."\n'
        '[Ivo: night porter, weary low voice]: "Room four."\n'
        '[Ivo, hoarse whisper] says: "Room five."\n'
        '[Ivo, calm] as he hands over the key: "Room six."\n'
    )
    clip = clip_of(text)
    got = [(d.speaker.key, d.speaker.name, d.speaker.source, d.style.text if d.style else None, d.labelled)
           for d in clip.dialogue]
    assert got == [
        ("ivo", "Ivo", "label", None, True),
        ("ivo", "Ivo", "label", "weary low voice", True),
        ("ivo", "Ivo", "label", "hoarse whisper", True),
        ("ivo", "Ivo", "label", "calm", True),
    ]
    assert clip.dialogue[1].speaker.role == "night porter"
    assert clip.dialogue[1].style.source == "label"
    assert at(text, clip.dialogue[1].style.span) == "weary low voice"
    assert len(clip.speakers) == 1


def test_label_role_used_later_is_the_same_speaker():
    text = (
        '[Character A: Lighthouse Keeper, gravelly low voice]: "Storm tonight."\n'
        '[Lighthouse Keeper, calm]: "Light the lamp."\n'
    )
    clip = clip_of(text)
    first, second = clip.dialogue
    assert first.speaker.key == second.speaker.key == "character a"
    assert first.speaker.role == "Lighthouse Keeper"
    assert (first.style.text, second.style.text) == ("gravelly low voice", "calm")
    assert len(clip.speakers) == 1


def test_guard_a_and_guard_b_are_two_speakers():
    text = '[Guard A]: "Halt."\n[Guard B]: "Who goes there?"\n[Guard A]: "Show your pass."\n'
    clip = clip_of(text)
    assert [d.speaker.key for d in clip.dialogue] == ["guard a", "guard b", "guard a"]
    assert [s.name for s in clip.speakers] == ["Guard A", "Guard B"]


def test_voice_tag_in_label_is_not_part_of_the_name():
    text = "[Guard A @My Brother's Voice]: \"Halt.\"\n[Guard A]: \"I said halt.\"\n"
    clip = clip_of(text)
    assert [d.speaker.key for d in clip.dialogue] == ["guard a", "guard a"]
    assert clip.dialogue[0].speaker.name == "Guard A"


def test_label_right_after_a_quote():
    text = '[Aunt Ros, stern voice]: "Stay here."[Nephew]: "Fine."\n'
    clip = clip_of(text)
    assert [(d.text, d.speaker.key) for d in clip.dialogue] == [("Stay here.", "aunt ros"), ("Fine.", "nephew")]


def test_stage_direction_in_brackets_is_not_a_speaker():
    text = '[Ana]: "Ready?"\n[pause]\n[Ana, softly]: "Go."\n'
    clip = clip_of(text)
    assert [d.speaker.key for d in clip.dialogue] == ["ana", "ana"]
    assert clip.dialogue[1].style.text == "softly"
    assert len(clip.speakers) == 1


# --- prose speakers and styles ----------------------------------------------------------------

def test_prose_subject_and_verb_style():
    text = (
        'A man in a grey coat steps off the tram and says calmly, "This is my stop."\n'
        'His wife replies nervously, "Then go."\n'
    )
    clip = clip_of(text)
    man, wife = clip.dialogue
    assert man.speaker.key == "man"
    assert man.speaker.name.lower() == "a man"
    assert man.speaker.source == "subject"
    assert man.speaker.gender == "male"
    assert man.style.text == "says calmly" and man.style.source == "verb"
    assert man.verb == "says"
    assert wife.speaker.key == "wife"
    assert wife.speaker.name == "His wife"
    assert wife.speaker.gender == "female"
    assert "replies nervously" in wife.style.text
    assert [s.key for s in clip.speakers] == ["man", "wife"]


def test_manner_phrase_is_part_of_the_style():
    text = 'An old farmer replies in a slow, dry voice, "Rain by noon."\n'
    [d] = clip_of(text).dialogue
    assert d.speaker.key == "old farmer"
    assert d.style.text.startswith("replies in a slow, dry voice")


def test_subject_without_speech_verb():
    text = 'The girl nods eagerly, "Yes!"\n'
    [d] = clip_of(text).dialogue
    assert d.speaker.key == "girl"
    assert d.verb is None


def test_name_before_verb():
    text = 'Sarah whispers, "Over here."\n'
    [d] = clip_of(text).dialogue
    assert d.speaker.key == "sarah"
    assert d.style.text == "whispers"


def test_parenthesis_style():
    text = 'The boy (whispering, scared), "Did you hear that?"\n'
    [d] = clip_of(text).dialogue
    assert d.speaker.key == "boy"
    assert d.style.text == "whispering, scared"


def test_parenthesis_style_without_a_verb():
    text = 'The boy (shaky, scared), "Did you hear that?"\n'
    [d] = clip_of(text).dialogue
    assert d.speaker.key == "boy"
    assert (d.style.text, d.style.source) == ("shaky, scared", "parenthesis")


# --- pronouns ----------------------------------------------------------------------------------

def test_pronouns_resolve_by_gender_not_recency():
    text = (
        "A tall woman pushes open the bakery door. A young man stands behind the counter, "
        "flour on his apron.\n"
        'She asks softly, "Is the rye fresh?"\n'
        'He answers, "Baked at dawn."\n'
        'She smiles, "Two loaves, then."\n'
    )
    clip = clip_of(text)
    got = [(d.speaker.key, d.speaker.source) for d in clip.dialogue]
    assert got == [("tall woman", "pronoun"), ("young man", "pronoun"), ("tall woman", "pronoun")]
    assert at(text, clip.dialogue[0].speaker.span) == "She"
    assert len(clip.speakers) == 2


def test_he_skips_the_more_recent_women():
    text = (
        "A fisherman mends a net on the jetty. A girl and her grandmother walk past with a kite. "
        'He calls out gruffly, "Mind the hooks!" The girl answers, "Sorry!" She waves, "Bye!"\n'
    )
    clip = clip_of(text)
    assert [d.speaker.key for d in clip.dialogue] == ["fisherman", "girl", "girl"]
    assert clip.dialogue[0].style.text == "calls out gruffly"
    assert [s.key for s in clip.speakers] == ["fisherman", "girl"]


def test_pronoun_after_a_labelled_speaker_picks_the_new_person():
    text = (
        '[Rosa: florist, bright quick voice]: "Last bunch of tulips!"\n'
        'An elderly gentleman leans on his cane. He says slowly, "I will take them."\n'
    )
    clip = clip_of(text)
    assert [d.speaker.key for d in clip.dialogue] == ["rosa", "elderly gentleman"]
    assert clip.dialogue[1].speaker.source == "pronoun"
    assert clip.dialogue[1].style.text == "says slowly"
    assert len(clip.speakers) == 2


def test_character_list_registers_the_name_for_pronouns():
    text = (
        "Tove: adult woman, yellow raincoat\n"
        'She says, "The ferry is late."\n'
        '[Tove]: "Again."\n'
    )
    clip = clip_of(text)
    assert [d.speaker.key for d in clip.dialogue] == ["tove", "tove"]


# --- groups, voices, continuation -----------------------------------------------------------------

@pytest.mark.parametrize(
    "line, subject",
    [
        ('They shout, "Again!"', "They"),
        ('The two laugh, "Never!"', "The two"),
        ('Both reply, "Fine by us."', "Both"),
    ],
)
def test_group_subjects(line, subject):
    text = 'A boy and a girl race to the gate.\n' + line + "\n"
    clip = clip_of(text)
    [d] = clip.dialogue
    assert d.speaker.source == "group"
    assert d.speaker.key == "group"
    assert d.speaker.name == subject
    assert clip.speakers == []  # a group is not counted as a speaker


def test_twins_say_together_is_a_group():
    [d] = clip_of('The twins say together, "Happy birthday!"\n').dialogue
    assert d.speaker.source == "group"


def test_custom_voice_after_subject():
    text = 'The man <<<voice_1>>> says, "Hello."\nThe woman <<<voice_2>>> says, "Hi."\n'
    clip = clip_of(text)
    assert [(d.speaker.key, d.voice) for d in clip.dialogue] == [("man", 1), ("woman", 2)]


def test_quotes_in_a_row_are_the_same_speaker():
    text = 'A chef says, "Two minutes." (beat) "Plates up!"\n'
    clip = clip_of(text)
    first, second = clip.dialogue
    assert first.speaker.key == second.speaker.key == "chef"
    assert second.speaker.source == "continuation"
    assert second.style is not None and second.style.text == "beat"
    assert len(clip.speakers) == 1


def test_continuation_with_pause():
    text = 'A waiter says, "Left here." (pause) "Then straight on."\n'
    first, second = clip_of(text).dialogue
    assert first.speaker.key == second.speaker.key == "waiter"
    assert second.style.text == "pause"


# --- voiceover and singing ----------------------------------------------------------------------

def test_quoted_voiceover():
    text = 'A river at dawn, with a voiceover (warm female voice, slow pace): "Every river remembers."\n'
    [d] = clip_of(text).dialogue
    assert d.delivery == "voiceover"
    assert d.speaker.key == "narrator"
    assert d.style.text == "warm female voice, slow pace"
    assert d.text == "Every river remembers."


def test_unquoted_voiceover_line():
    text = "Voiceover (deep voice): Some journeys start with a wrong turn.  \n"
    clip = clip_of(text)
    [d] = clip.dialogue
    assert d.delivery == "voiceover"
    assert d.speaker.key == "narrator"
    assert d.speaker.source == "voiceover"
    assert d.text == "Some journeys start with a wrong turn."
    assert at(text, d.span) == d.text
    assert (d.style.text, d.style.source) == ("deep voice", "parenthesis")
    assert d.words == 7
    assert clip.findings == []


def test_unquoted_voiceover_after_a_sentence():
    text = "A fox crosses the snow.\nVoiceover: Winter keeps its secrets.\n"
    [d] = clip_of(text).dialogue
    assert (d.delivery, d.speaker.key, d.text) == ("voiceover", "narrator", "Winter keeps its secrets.")


def test_unquoted_voiceover_under_a_heading():
    text = "# Snow\nVoiceover (deep voice): Winter keeps its secrets.\n"
    [d] = clip_of(text).dialogue
    assert (d.delivery, d.speaker.key) == ("voiceover", "narrator")


def test_narrator_label_is_a_voiceover():
    [d] = clip_of('Narrator: "By spring, the valley was green again."\n').dialogue
    assert d.speaker.key == "narrator"
    assert d.delivery == "voiceover"


def test_singing_verbs():
    text = (
        'A girl on a swing sings softly, "La la la, the sky is blue."\n'
        'An old sailor hums, "Mm-hm-hm."\n'
        'A waiter says, "Table for two?"\n'
    )
    clip = clip_of(text)
    assert [(d.speaker.key, d.delivery) for d in clip.dialogue] == [
        ("girl", "singing"), ("old sailor", "singing"), ("waiter", "speech")]
    assert clip.dialogue[0].style.text == "sings softly"


def test_dialogue_is_sorted_and_speakers_listed_in_order():
    text = (
        'A baker says, "Morning." He waves.\n'
        'Voiceover: The town wakes slowly.\n'
        'A cyclist shouts, "Out of the way!"\n'
    )
    clip = clip_of(text)
    assert [d.span.start for d in clip.dialogue] == sorted(d.span.start for d in clip.dialogue)
    assert [s.key for s in clip.speakers] == ["baker", "narrator", "cyclist"]


def test_quote_opened_with_a_closing_mark_and_left_open_gets_a_fix():
    # ”…” pairs written with closing marks only; one left open must still get its closer
    text = "A clerk mutters \u201dNext\u201c then \u201dsorry\u201d\n"
    clip = clip_of(text)
    for finding in clip.findings:
        assert finding.rule == "unclosed-quote"
        assert finding.fixes[0].edits[0].new_text in ("\u201d", "\u201c")
    parse("\u201d\u201c\u201d")  # the shortest text that used to crash the fix


# --- speakers no vocabulary lists -------------------------------------------------------------

@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ('A grizzled prospector leans on his mule and says slowly, "Gold up there."', "A grizzled prospector"),
        ('The old cartographer unrolls a map and whispers, "Here be dragons."', "The old cartographer"),
        ('A fortune teller leans forward and says softly, "Your luck turns."', "A fortune teller"),
        ('An old keeper polishes the lens and says quietly, "Forty years."', "An old keeper"),
    ],
)
def test_an_opening_noun_for_someone_who_does_something_speaks(sentence, speaker):
    [line] = parse(f"# A\n{sentence}\n").clips[0].dialogue
    assert line.speaker is not None and line.speaker.name == speaker


@pytest.mark.parametrize(
    "sentence",
    ['The computer beeps twice and says, "Access denied."', 'The old radio crackles and says, "Storm warning."'],
)
def test_a_thing_that_talks_is_not_taken_for_a_person(sentence):
    [line] = parse(f"# A\n{sentence}\n").clips[0].dialogue
    assert line.speaker is None


def test_two_unlisted_people_count_as_two_speakers():
    text = ('# Camp {duration=10}\nA grizzled prospector says slowly, "Gold up there." '
            'A young cartographer replies firmly, "Only on your map."\n')
    assert [f.rule for f in check(parse(text))].count("multiple-speakers") == 1
