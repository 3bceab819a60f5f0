"""The dialogue rules: dialogue-too-long, multiple-speakers, missing-speaking-style,
dialogue-language and dialogue-exceeds-duration. Each fires on the exact words, stays quiet
on well-written prompts, and every fix it offers removes it without breaking the file."""

from __future__ import annotations

import pytest

from kling_lsp.core.findings import Severity
from kling_lsp.core.parser import parse
from rulekit import (
    apply_all_fixes,
    apply_fix,
    clean,
    config,
    findings,
    fix_titled,
    of_rule,
    one,
    quiet,
    under,
)

# --- dialogue-too-long ---------------------------------------------------------------------

MONOLOGUE = (
    "# Gallery tour {duration=15}\n"
    "A tour guide in a burgundy blazer gestures at a bronze horse and says enthusiastically, "
    "\"This horse was cast in a single pour in 1791, and the foundry nearly burned down twice before anyone saw it.\"\n"
)
TWO_LINES = (
    "# Pitch {duration=15}\n"
    "A chef in a white apron says warmly, \"Tonight we cook with whatever the river gives us.\" "
    "She lifts a trout and adds proudly, \"This one fought hard, so it gets the best butter in the kitchen.\"\n"
)


def words(n: int) -> str:
    pool = ("keep the lamp lit for the boats that come home late across the bay tonight and every "
            "night after until the spring tides turn again and the fleet is safe").split()
    return " ".join(pool[i % len(pool)] for i in range(n))


def test_too_long_fires_on_the_one_long_line():
    finding = one(MONOLOGUE, "dialogue-too-long")
    assert under(MONOLOGUE, finding) == (
        "This horse was cast in a single pour in 1791, and the foundry nearly burned down twice before anyone saw it."
    )
    assert finding.severity == Severity.WARNING
    assert "21 words" in finding.message and "20" in finding.message


def test_too_long_points_at_the_line_that_crosses_the_limit():
    finding = one(TWO_LINES, "dialogue-too-long")
    assert under(TWO_LINES, finding) == "This one fought hard, so it gets the best butter in the kitchen."


@pytest.mark.parametrize("count, fires", [(19, False), (20, False), (21, True)])
def test_too_long_limit_is_twenty_words(count, fires):
    text = f'# Harbour {{duration=15}}\nAn old harbour master says slowly, "{words(count).capitalize()}."\n'
    assert bool(of_rule(text, "dialogue-too-long")) is fires


def test_too_long_follows_max_dialogue_words():
    assert not of_rule(MONOLOGUE, "dialogue-too-long", config(max_dialogue_words=30))
    text = '# Short {duration=5}\nA porter says calmly, "Your room is on the second floor."\n'
    quiet(text, "dialogue-too-long")
    finding = one(text, "dialogue-too-long", config(max_dialogue_words=5))
    assert under(text, finding) == "Your room is on the second floor."


def test_voiceover_is_not_lip_synced_so_not_counted():
    text = (
        "# Keeper {duration=15}\n"
        "A lighthouse on a cliff at dawn, gulls wheeling above the lamp room.\n"
        "Voiceover (deep calm voice): Every night for forty years my grandfather climbed these stairs and lit the lamp "
        "so that strangers could find their way home.\n"
    )
    [line] = parse(text).clips[0].dialogue
    assert line.delivery == "voiceover" and line.words > 20
    quiet(text, "dialogue-too-long")
    quiet(text, "multiple-speakers")


@pytest.mark.parametrize("chars, fires", [(40, False), (41, True)])
def test_chinese_characters_count_as_half_a_word(chars, fires):
    line = ("我们明天一早就出发去山里看日出然后在湖边吃早饭再沿着小路走回村子里找那位老师傅学做竹篮子" * 2)[:chars]
    text = f"# 江边 {{duration=15 language=zh}}\n一位老渔夫轻声说：“{line}。”\n"
    found = of_rule(text, "dialogue-too-long")
    assert bool(found) is fires
    if fires:
        assert under(text, found[0]) == line + "。"
        assert "41 characters (about 21 words)" in found[0].message  # a character is half a word


def test_japanese_kana_and_kanji_count_as_half_a_word():
    line = "あしたのあさはやくえきのまえでまっていてくださいね、わすれないでください、おねがいします"  # 43 kana
    text = f"# 駅 {{duration=15 language=ja}}\n駅員が静かに言う、「{line}」\n"
    finding = one(text, "dialogue-too-long")
    assert under(text, finding) == line
    assert not of_rule(text, "dialogue-too-long", config(max_dialogue_words=22))


def test_too_long_trim_fix():
    finding = one(MONOLOGUE, "dialogue-too-long")
    trim = fix_titled(finding, "Trim")
    assert not trim.safe
    fixed = apply_fix(MONOLOGUE, finding, trim)
    [line] = parse(fixed).clips[0].dialogue
    assert line.words == 20 and line.text.endswith(".")
    assert line.text.startswith("This horse was cast in a single pour in 1791")


def test_too_long_trim_fix_on_chinese_ends_with_a_chinese_full_stop():
    line = "我们明天一早就出发去山里看日出然后在湖边吃早饭再沿着小路走回村子里找那位老师傅学做竹篮子"
    text = f"# 江边 {{duration=15 language=zh}}\n一位老渔夫轻声说：“{line}”\n"
    finding = one(text, "dialogue-too-long")
    fixed = apply_fix(text, finding, fix_titled(finding, "Trim"))
    [spoken] = parse(fixed).clips[0].dialogue
    assert spoken.text == line[:40] + "。"


def test_too_long_split_fix_moves_the_rest_into_a_new_clip():
    finding = one(TWO_LINES, "dialogue-too-long")
    fixed = apply_fix(TWO_LINES, finding, fix_titled(finding, "new clip"))
    doc = parse(fixed)
    assert [c.name for c in doc.clips] == ["Pitch", "Pitch (continued)"]
    assert doc.clips[1].settings.duration == 15
    assert [d.text for d in doc.clips[0].dialogue] == ["Tonight we cook with whatever the river gives us."]
    assert [d.text for d in doc.clips[1].dialogue] == ["This one fought hard, so it gets the best butter in the kitchen."]


def test_too_long_offers_every_fix_and_each_one_works():
    assert len(apply_all_fixes(TWO_LINES, "dialogue-too-long")) == 2


def test_too_long_split_is_not_offered_for_the_first_line_of_a_clip():
    finding = one(MONOLOGUE.replace("A tour guide in a burgundy blazer gestures at a bronze horse and says enthusiastically, ", "(enthusiastically) "),
                  "dialogue-too-long")
    assert [fix.title.split()[0] for fix in finding.fixes] == ["Trim"]


# --- multiple-speakers ---------------------------------------------------------------------

KITCHEN = (
    "# Kitchen {duration=10}\n"
    "A grandmother stirs a pot and says softly, \"Taste this.\" "
    "Her grandson grins and replies eagerly, \"It needs salt.\"\n"
)
DESK = (
    "# Desk {duration=10}\n"
    "[Mara: detective, low tired voice]: \"Where were you at nine?\"\n"
    "[Oskar: suspect, nervous voice]: \"At home. Alone.\"\n"
)


def test_two_inline_speakers_fire_on_the_second_speakers_first_line():
    finding = one(KITCHEN, "multiple-speakers")
    assert under(KITCHEN, finding) == "It needs salt."
    assert finding.severity == Severity.WARNING
    assert [under(KITCHEN, r.span) for r in finding.related] == ["Taste this."]
    assert "2 people" in finding.message


def test_two_labelled_speakers_fire():
    finding = one(DESK, "multiple-speakers")
    assert under(DESK, finding) == "At home. Alone."


def test_third_speaker_is_reported_when_two_are_allowed():
    text = (
        "# Trio {duration=12}\n"
        "[Ana: captain, firm voice]: \"Hold the line.\"\n"
        "[Ben: medic, urgent voice]: \"He's losing blood.\"\n"
        "[Cleo: pilot, calm voice]: \"Two minutes out.\"\n"
    )
    assert under(text, one(text, "multiple-speakers")) == "He's losing blood."
    assert under(text, one(text, "multiple-speakers", config(max_speakers=2))) == "Two minutes out."
    quiet(text, "multiple-speakers", config(max_speakers=3))


def test_max_speakers_two_allows_a_conversation():
    quiet(KITCHEN, "multiple-speakers", config(max_speakers=2))
    quiet(DESK, "multiple-speakers", config(max_speakers=2))


@pytest.mark.parametrize(
    "text",
    [
        # one speaker, several lines, a pronoun
        '# Porch {duration=10}\nAn old farmer leans on the fence and says slowly, "Rain by supper." He spits and adds, "Mark my words."\n',
        # a later label that uses the role is the same speaker
        '# Porter {duration=8}\n[Character A: Night Porter, weary low voice]: "Room four."\n[Night Porter, calm]: "Breakfast is at seven."\n',
        # groups are not a new speaker
        '# Pair {duration=8}\nA bride and groom turn to their guests. The two say together warmly, "Thank you for coming!"\n',
        '# Finish {duration=8}\nA coach claps and shouts, "Again!" The two sprinters groan together, "Not again."\n',
        '# Party {duration=8}\nA father lifts a cake and says cheerfully, "Make a wish!" Both of them shout, "Thank you!"\n',
        # a voiceover has no lips
        '# Dock {duration=10}\nA fisherman mends a net and mutters, "Storm by noon."\nVoiceover (warm female voice): He was never wrong about the weather.\n',
        '# Dock {duration=10}\nA fisherman mends a net and mutters, "Storm by noon." with a voiceover (warm female voice): "He was never wrong."\n',
        # quotes in a row belong to the same speaker
        '# Pass {duration=8}\nThe chef says briskly, "Two minutes." (beat) "Plates up!"\n',
    ],
)
def test_one_speaker_groups_and_voiceover_do_not_fire(text):
    quiet(text, "multiple-speakers")


def test_each_clip_counts_its_own_speakers():
    text = (
        "# Her {duration=5}\nA grandmother stirs a pot and says softly, \"Taste this.\"\n\n"
        "# Him {duration=5}\nHer grandson grins and replies eagerly, \"It needs salt.\"\n"
    )
    quiet(text, "multiple-speakers")


def test_speaker_names_read_as_part_of_the_sentence():
    text = '# Porch {duration=5}\nA woman says calmly, "Hi." Her friend replies warmly, "Hello."\n'
    finding = one(text, "multiple-speakers")
    assert "(a woman, her friend)" in finding.message
    assert "Give her friend a clip of their own" in finding.message
    assert finding.fixes[0].title.startswith("Move her friend\u2019s lines")


def test_move_speaker_fix_inline():
    finding = one(KITCHEN, "multiple-speakers")
    [move] = finding.fixes
    assert not move.safe
    fixed = apply_fix(KITCHEN, finding, move)
    doc = parse(fixed)
    assert len(doc.clips) == 2
    assert [d.text for d in doc.clips[0].dialogue] == ["Taste this."]
    assert [d.text for d in doc.clips[1].dialogue] == ["It needs salt."]
    assert doc.clips[1].settings.duration == 10
    assert "It needs salt" not in fixed[doc.clips[0].span.start:doc.clips[0].span.end]


def test_move_speaker_fix_labelled_lines_runs_cleanly():
    finding = one(DESK, "multiple-speakers")
    apply_fix(DESK, finding, finding.fixes[0])


def test_move_speaker_fix_keeps_the_label_brackets():
    finding = one(DESK, "multiple-speakers")
    fixed = apply_fix(DESK, finding, finding.fixes[0])
    doc = parse(fixed)
    assert "\n[\n" not in fixed
    moved = doc.clips[1].dialogue[0]
    assert moved.labelled and moved.speaker.name == "Oskar"
    assert moved.style is not None and moved.style.text == "nervous voice"


def test_a_speaker_with_its_own_custom_voice_is_a_new_speaker():
    text = (
        "# Crew {duration=10}\n"
        "The captain <<<voice_1>>> says firmly, \"Hold the line.\" The radio operator <<<voice_2>>> whispers, \"Copy that.\"\n"
    )
    assert under(text, one(text, "multiple-speakers")) == "Copy that."


# --- missing-speaking-style ----------------------------------------------------------------

def test_neutral_verb_without_manner_fires():
    text = '# Porch {duration=6}\nAn old farmer leans on the fence and says, "Rain by supper."\n'
    finding = one(text, "missing-speaking-style")
    assert under(text, finding) == "Rain by supper."
    assert finding.severity == Severity.INFORMATION


@pytest.mark.parametrize(
    "line",
    [
        'An old farmer leans on the fence and says, "Rain by supper."',
        '[Hal]: "Rain by supper."',
        '[Hal: farmer]: "Rain by supper."',
        '[Hal @Farmer Voice]: "Rain by supper."',
        'An old farmer leans on the fence. "Rain by supper."',
        'The old farmer nods, "Rain by supper."',
    ],
)
def test_lines_with_no_tone_fire(line):
    text = f"# Porch {{duration=6}}\n{line}\n"
    assert under(text, one(text, "missing-speaking-style")) == "Rain by supper."


@pytest.mark.parametrize(
    "line",
    [
        'An old farmer leans on the fence and says slowly, "Rain by supper."',
        'An old farmer leans on the fence and whispers, "Rain by supper."',
        'An old farmer mutters, "Rain by supper."',
        'An old farmer says in a dry, gravelly voice, "Rain by supper."',
        'The old farmer (squinting, gruff), "Rain by supper."',
        '[Hal: farmer, gruff low voice]: "Rain by supper."',
        '[Hal, hoarse whisper] says: "Rain by supper."',
        'An old farmer <<<voice_1>>> says calmly, "Rain by supper."',
    ],
)
def test_lines_with_a_tone_are_quiet(line):
    text = f"# Porch {{duration=6}}\n{line}\n"
    clean(text)


def test_a_sentence_wrapped_before_the_quote_keeps_its_style():
    text = ("# Noodles {duration=6}\nThe owner, a grandmother in a flowered apron, sets down a bowl and says gently,\n"
            "\"Eat slowly, it's hot.\"\n")
    clean(text)


def test_a_wrapped_line_gives_its_speaker_and_verb_to_the_quote_below():
    text = ('# Beach {duration=10}\nA man and his daughter walk along the shore. He says,\n"Look at the waves."\n'
            'She replies softly:\n"They are huge."\n')
    [first, second] = parse(text).clips[0].dialogue
    assert (first.speaker.name, first.style.text) == ("A man", "says")
    assert (second.speaker.name, second.style.text) == ("his daughter", "replies softly")
    # a bare "says" is still unstyled when the sentence is wrapped
    assert under(text, one(text, "missing-speaking-style")) == "Look at the waves."


@pytest.mark.parametrize("before", ["A boy waits at the corner.", "A boy waits at the corner, arms crossed:"])
def test_a_line_without_a_speech_verb_does_not_lead_into_the_next_quote(before):
    text = f'# Sign {{duration=5}}\n{before}\n"Closed" is painted on the door.\n'
    assert all(d.speaker is None for d in parse(text).clips[0].dialogue)


def test_a_style_once_given_carries_for_the_speaker():
    text = ('# Porch {duration=10}\nAn old farmer leans on the fence and says slowly, "Rain by supper." '
            'He spits and adds, "Mark my words."\n')
    clean(text)


def test_one_finding_per_unstyled_speaker():
    text = ('# Porch {duration=10}\nAn old farmer leans on the fence and says, "Rain by supper." '
            'He spits and adds, "Mark my words."\n')
    assert under(text, one(text, "missing-speaking-style")) == "Rain by supper."


def test_continuation_after_a_pause_speaks_like_the_first_part():
    quiet('# Pass {duration=8}\nThe chef says briskly, "Two minutes." (beat) "Plates up!"\n', "missing-speaking-style")


def test_chinese_text_before_the_line_may_hold_the_style():
    quiet("# 茶 {duration=8 language=zh}\n老掌柜提起铜壶，慢慢地说：“您先尝一口。”\n", "missing-speaking-style")


def test_style_fix_after_the_verb():
    text = '# Porch {duration=6}\nAn old farmer leans on the fence and says, "Rain by supper."\n'
    results = apply_all_fixes(text, "missing-speaking-style")
    assert [r.split("fence and ")[1].split(",")[0] for r in results] == [
        "says calmly", "says in a whisper", "says loudly", "says nervously"]


@pytest.mark.parametrize(
    "label, expected",
    [
        ("[Hal]", ["[Hal, calm voice]", "[Hal, whispering]", "[Hal, shouting]", "[Hal, nervous voice]"]),
        ("[Hal: farmer]", ["[Hal: farmer, calm voice]", "[Hal: farmer, whispering]", "[Hal: farmer, shouting]",
                           "[Hal: farmer, nervous voice]"]),
        ("[Hal @Farmer Voice]", ["[Hal, calm voice @Farmer Voice]", "[Hal, whispering @Farmer Voice]",
                                 "[Hal, shouting @Farmer Voice]", "[Hal, nervous voice @Farmer Voice]"]),
    ],
)
def test_style_fix_in_the_label(label, expected):
    text = f'# Porch {{duration=6}}\n{label}: "Rain by supper."\n'
    results = apply_all_fixes(text, "missing-speaking-style")
    assert [r.splitlines()[1] for r in results] == [f'{e}: "Rain by supper."' for e in expected]
    for result in results:
        [line] = parse(result).clips[0].dialogue
        assert line.speaker.name == "Hal" and line.style is not None


def test_style_fix_as_a_parenthesis_before_the_line():
    text = '# Porch {duration=6}\nAn old farmer leans on the fence. "Rain by supper."\n'
    results = apply_all_fixes(text, "missing-speaking-style")
    assert [r.splitlines()[1] for r in results] == [
        f'An old farmer leans on the fence. ({word}) "Rain by supper."'
        for word in ("calmly", "whispering", "shouting", "nervously")]


def test_style_fix_on_the_second_speaker():
    text = ('# Kitchen {duration=10}\nA grandmother stirs a pot and says softly, "Taste this." '
            'Her grandson grins and replies, "It needs salt."\n')
    cfg = config(max_speakers=2)
    finding = one(text, "missing-speaking-style", cfg)
    assert under(text, finding) == "It needs salt."
    for fix in finding.fixes:
        apply_fix(text, finding, fix, cfg)


def test_a_line_of_someone_who_sings_gets_no_speaking_style_fix():
    # her second line may well be the song going on: "(calmly)" or "(shouting)" would make it speech
    text = '# Swing {duration=5}\nA girl sings along, "La la." She smiles. "La la la."\n'
    for finding in of_rule(text, "missing-speaking-style"):
        assert finding.fixes == ()


# --- dialogue-language ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "heading, line, code",
    [
        ("# 茶 {duration=8}", "An old shopkeeper says softly, “今天的龙井刚到，您先尝一口。”", "zh"),
        ("# 駅 {duration=8}", "A station clerk says quietly, 「次の電車は十分後に到着します。」", "ja"),
        ("# 시장 {duration=8}", 'An old woman at a market stall says gently, "괜찮아, 천천히 골라요."', "ko"),
        ("# Mercado {duration=8}", "A fruit seller calls out cheerfully, «¡Mangos frescos, dos por un euro!»", "es"),
    ],
)
def test_voiced_non_english_line_without_a_declared_language_is_information(heading, line, code):
    text = f"{heading}\n{line}\n"
    finding = one(text, "dialogue-language")
    assert finding.severity == Severity.INFORMATION
    spoken = parse(text).clips[0].dialogue[0]
    assert under(text, finding) == spoken.text
    assert f"language={code}" in finding.message
    [declare] = finding.fixes
    fixed = apply_fix(text, finding, declare)
    assert parse(fixed).clips[0].settings.language == code
    clean(fixed)


@pytest.mark.parametrize(
    "text",
    [
        "# 茶 {duration=8 language=zh}\n老掌柜轻声说：“今天的龙井刚到，您先尝一口。”\n",
        "# 駅 {duration=8 language=ja}\n駅員が静かに言う、「次の電車は十分後に到着します。」\n",
        '# 시장 {duration=8 language=ko}\nAn old woman at a market stall says gently, "괜찮아, 천천히 골라요."\n',
        "# Mercado {duration=8 language=es}\nA fruit seller calls out cheerfully, «¡Mangos frescos, dos por un euro!»\n",
        '---\nlanguage: es\n---\n# Plaza {duration=6}\nAn old man raises his glass and says cheerfully, "¡Por los que vuelven a casa!"\n',
        '# Porch {duration=6 language=en}\nAn old farmer leans on the fence and says slowly, "Rain by supper, mark my words."\n',
    ],
)
def test_a_line_in_the_declared_language_is_quiet(text):
    clean(text)


def test_fix_adds_braces_to_a_heading_without_attributes():
    text = "# Mercado\nA fruit seller calls out cheerfully, «¡Mangos frescos, dos por un euro!»\n"
    finding = one(text, "dialogue-language")
    fixed = apply_fix(text, finding, finding.fixes[0])
    assert fixed.startswith("# Mercado {language=es}\n")


def test_no_heading_means_no_declare_fix():
    text = "A fruit seller calls out cheerfully, «¡Mangos frescos, dos por un euro!»\n"
    assert one(text, "dialogue-language").fixes == ()


def test_cyrillic_line_is_a_warning():
    text = '# Station {duration=8}\nA guard in a grey coat says firmly, "Поезд отправляется через пять минут."\n'
    finding = one(text, "dialogue-language")
    assert under(text, finding) == "Поезд отправляется через пять минут."
    assert finding.severity == Severity.WARNING
    assert "Cyrillic" in finding.message
    assert finding.fixes == ()


def test_unvoiced_latin_language_is_a_warning():
    text = '# Cafe {duration=8}\nA waiter in a black vest says politely, "Votre table est prête, suivez-moi s\'il vous plaît."\n'
    finding = one(text, "dialogue-language")
    assert finding.severity == Severity.WARNING and "French" in finding.message


def test_line_not_in_the_declared_language_is_a_warning():
    text = "# Mercado {duration=8 language=en}\nA fruit seller calls out cheerfully, «¡Mangos frescos, dos por un euro!»\n"
    finding = one(text, "dialogue-language")
    assert finding.severity == Severity.WARNING and "Spanish" in finding.message and "English" in finding.message
    text = '# Cafe {duration=6 language=es}\nA waiter in a black vest says politely, "Your table is ready, follow me please."\n'
    assert one(text, "dialogue-language").severity == Severity.WARNING
    text = '# 서울 {duration=6 language=ja}\nShe squeezes his hand and whispers, "내일 또 만나."\n'
    assert "Korean" in one(text, "dialogue-language").message


def test_voiced_languages_option():
    text = "# Mercado {duration=8 language=es}\nA fruit seller calls out cheerfully, «¡Mangos frescos, dos por un euro!»\n"
    clean(text)
    finding = one(text, "dialogue-language", config(voiced_languages=("en",)))
    assert finding.severity == Severity.WARNING
    text = '# Station {duration=8}\nA guard says firmly, "Votre train part dans cinq minutes, messieurs."\n'
    assert of_rule(text, "dialogue-language")
    assert of_rule(text, "dialogue-language", config(voiced_languages=("en", "fr")))[0].severity == Severity.INFORMATION


def test_one_finding_per_language_per_clip():
    text = ('# T {duration=8}\nA guard says politely, "Поезд отправляется." '
            'Then he adds warmly, "Спасибо большое, до свидания."\n')
    assert under(text, one(text, "dialogue-language")) == "Поезд отправляется."


def test_short_latin_lines_are_not_guessed():
    quiet('# Cafe {duration=6}\nA waiter in a black vest says politely, "Bonjour madame."\n', "dialogue-language")


def test_english_is_quiet_without_a_declaration():
    clean('# Porch {duration=6}\nAn old farmer leans on the fence and says slowly, "Rain by supper, mark my words."\n')


# --- dialogue-exceeds-duration -------------------------------------------------------------

TICKETS = '# Ticket {duration=3}\nA ticket inspector taps the glass and says sternly, "Tickets out, please, all of you, right now."\n'


def test_exceeds_duration_fires_on_the_line_that_runs_over():
    finding = one(TICKETS, "dialogue-exceeds-duration")
    assert under(TICKETS, finding) == "Tickets out, please, all of you, right now."
    assert finding.severity == Severity.WARNING and "3 s" in finding.message


def test_exceeds_duration_points_at_the_crossing_line():
    text = ('# Auction {duration=5}\nThe auctioneer says briskly, "Twelve thousand." '
            'He points and adds rapidly, "Do I hear thirteen, thirteen at the back, going once, going twice?"\n')
    assert under(text, one(text, "dialogue-exceeds-duration")).startswith("Do I hear thirteen")


def test_exceeds_duration_quiet_when_the_clip_is_long_enough():
    clean(TICKETS.replace("duration=3", "duration=6"))


def test_exceeds_duration_follows_words_per_second():
    text = TICKETS.replace("duration=3", "duration=6")
    assert of_rule(text, "dialogue-exceeds-duration", config(words_per_second=1.0))


def test_without_a_duration_only_the_longest_clip_counts():
    line = "Tickets out, please. " + words(40).capitalize() + "."
    text = f'# Ticket\nA ticket inspector says sternly, "{line}"\n'
    cfg = config(max_dialogue_words=100)
    finding = one(text, "dialogue-exceeds-duration", cfg)
    assert "15 s" in finding.message and finding.fixes == ()
    short = '# Ticket\nA ticket inspector says sternly, "Tickets out, please, all of you, right now."\n'
    quiet(short, "dialogue-exceeds-duration")


def test_kling_26_clips_are_at_most_ten_seconds():
    line = words(28).capitalize() + "."
    text = f'# Old model {{model=kling-2.6}}\nA ticket inspector says sternly, "{line}"\n'
    cfg = config(max_dialogue_words=100)
    assert "10 s" in one(text, "dialogue-exceeds-duration", cfg).message
    quiet(text.replace("model=kling-2.6", "model=kling-3.0"), "dialogue-exceeds-duration", cfg)


def test_exceeds_duration_fix_lengthens_the_heading_duration():
    finding = one(TICKETS, "dialogue-exceeds-duration")
    [longer] = finding.fixes
    assert not longer.safe
    fixed = apply_fix(TICKETS, finding, longer)
    assert fixed.startswith("# Ticket {duration=4}\n")


def test_exceeds_duration_fix_lengthens_the_front_matter_duration():
    text = ('---\nduration: 4\n---\nA ticket inspector taps the glass and says sternly, '
            '"Tickets out, please, all of you, right now, thank you."\n')
    finding = one(text, "dialogue-exceeds-duration")
    fixed = apply_fix(text, finding, finding.fixes[0])
    assert fixed.startswith("---\nduration: 5\n---\n")


def test_exceeds_duration_fix_in_a_file_with_shared_front_matter_touches_only_this_clip():
    text = ('---\nduration: 4\n---\n# Ticket\nA ticket inspector taps the glass and says sternly, '
            '"Tickets out, please, all of you, right now, thank you."\n\n'
            '# Platform\n[0-2s] A whistle blows.\n[2-4s] The train pulls out.\n')
    finding = one(text, "dialogue-exceeds-duration")
    fixed = apply_fix(text, finding, finding.fixes[0])
    doc = parse(fixed)
    assert [c.settings.duration for c in doc.clips] == [5, 4]


def test_no_fix_when_the_speech_needs_more_than_fifteen_seconds():
    line = words(45).capitalize() + "."
    text = f'# Speech {{duration=10}}\nA mayor on a podium says proudly, "{line}"\n'
    finding = one(text, "dialogue-exceeds-duration", config(max_dialogue_words=100))
    assert finding.fixes == ()


def test_a_shot_with_too_little_time_for_its_line():
    text = (
        "# Ferry {duration=8}\n"
        "Shot 1 (2s): A captain lifts the radio and says urgently, \"All passengers to the lower deck, now, please, quickly.\"\n"
        "Shot 2 (6s): The ferry turns into the wind as spray hits the windows.\n"
    )
    finding = one(text, "dialogue-exceeds-duration")
    assert under(text, finding) == "All passengers to the lower deck, now, please, quickly."
    assert "shot 1" in finding.message and "2 s" in finding.message
    quiet(text.replace("(2s)", "(5s)").replace("(6s)", "(3s)"), "dialogue-exceeds-duration")


def test_a_shot_without_a_duration_is_not_timed():
    text = (
        "# Ferry {duration=8}\n"
        "Shot 1: A captain lifts the radio and says urgently, \"All passengers to the lower deck, now, please, quickly.\"\n"
        "Shot 2: The ferry turns into the wind as spray hits the windows.\n"
    )
    quiet(text, "dialogue-exceeds-duration")


def test_chinese_speaking_time_uses_characters_per_second():
    line = "今天的龙井刚到，您先尝一口，不着急，慢慢喝。"
    text = f"# 茶 {{duration=3 language=zh}}\n老掌柜轻声说：“{line}”\n"
    assert under(text, one(text, "dialogue-exceeds-duration")) == line
    quiet(text.replace("duration=3", "duration=6"), "dialogue-exceeds-duration")


# --- suppression and configuration -----------------------------------------------------------

@pytest.mark.parametrize(
    "rule, text",
    [
        ("dialogue-too-long", MONOLOGUE),
        ("multiple-speakers", KITCHEN),
        ("missing-speaking-style", '# Porch {duration=6}\nAn old farmer leans on the fence and says, "Rain by supper."\n'),
        ("dialogue-language", "# Mercado {duration=8}\nA fruit seller calls out cheerfully, «¡Mangos frescos, dos por un euro!»\n"),
        ("dialogue-exceeds-duration", TICKETS),
    ],
)
def test_suppression_and_configuration(rule, text):
    assert of_rule(text, rule)
    heading, body = text.split("\n", 1)
    in_clip = f"{heading}\n// kling-ignore {rule}\n{body}"
    quiet(in_clip, rule)
    above = f"// kling-ignore: {rule}\n\n{text}"
    quiet(above, rule)
    assert not [f for f in findings(above) if f.rule == "unknown-rule"]
    # a suppression in another clip does not reach this one
    other = f"# Other {{duration=5}}\n// kling-ignore {rule}\nA gull lands on a post.\n\n{text}"
    assert of_rule(other, rule)
    quiet(text, rule, config(rules={rule: "off"}))
    raised = of_rule(text, rule, config(rules={rule: "error"}))
    assert raised and all(f.severity == Severity.ERROR for f in raised)
    lowered = of_rule(text, rule, config(rules={rule: "hint"}))
    assert lowered and all(f.severity == Severity.HINT for f in lowered)


MOUTHED = {
    "mouths after a nod": 'A driver in a helmet gives a small nod and mouths "Let\'s go." His rival whispers "Focus."',
    "mouthed, past tense": 'Across the crowded hall she mouthed "I love you" and turned away. A man shouts, "Wait!"',
}


@pytest.mark.parametrize("text", MOUTHED.values(), ids=MOUTHED.keys())
def test_a_mouthed_line_is_silent_so_it_needs_no_style_and_is_no_second_voice(text):
    text = "# Race {duration=6}\n" + text + "\n"
    mouthed = text.index('"', text.index("mouth"))
    assert not [f for f in of_rule(text, "missing-speaking-style") if f.span.start <= mouthed + 1 < f.span.end]
    quiet(text, "multiple-speakers")


def test_a_lip_synced_line_is_still_spoken():
    text = '# Song {duration=6}\nA man lip-syncs "We ride at dawn" and a woman answers calmly, "Then ride."\n'
    assert of_rule(text, "multiple-speakers")


def test_moved_speaker_gets_the_scene_and_the_negative_prompt():
    text = ('# Porch {duration=5}\nA sunny porch at noon, two chairs. A woman says calmly, "Hi." '
            'Her friend replies warmly, "Hello."\nNegative: blur, text\n')
    finding = one(text, "multiple-speakers")
    fixed = apply_fix(text, finding, finding.fixes[0])
    first, second = parse(fixed).clips
    assert fixed[first.span.start:first.span.end].rstrip().endswith('"Hi."\nNegative: blur, text')
    assert second.text[second.body.start:second.body.end].strip() == (
        'A sunny porch at noon, two chairs.\nHer friend replies warmly, "Hello."\nNegative: blur, text')
    assert second.settings.duration == 5


def test_moved_pronoun_line_names_its_speaker_and_leaves_no_empty_separator():
    text = ('# Den {duration=8}\nA dentist frowns at a vampire. The dentist says calmly, "Open wide."; '
            'the vampire mutters nervously, "Must I?"; the dentist nods calmly, "Yes."\n')
    finding = one(text, "multiple-speakers")
    fixed = apply_fix(text, finding, finding.fixes[0])
    assert "; ;" not in fixed
    assert '\nThe vampire mutters nervously, "Must I?"' in fixed


def test_trim_does_not_end_a_line_on_a_word_that_leads_into_more():
    text = '# Desk {duration=15}\nA clerk says calmly, "' + " ".join(["word"] * 19) + ' to the end of it all."\n'
    finding = one(text, "dialogue-too-long")
    trim = fix_titled(finding, "Trim")
    assert "word to." not in apply_fix(text, finding, trim)
