"""The music rules: music-over-dialogue and unsupported-music-detail."""

from __future__ import annotations

import pytest

from kling_lsp.core.findings import Severity
from kling_lsp.core.fixes import fix_text
from kling_lsp.core.parser import parse
from rulekit import apply_all_fixes, apply_fix, clean, config, findings, fix_titled, of_rule, one, quiet, under

LINE = 'A barista wipes the counter and says warmly, "We close in five minutes."'


def clip(*sentences: str, heading: str = "# Café {duration=6}") -> str:
    return heading + "\n" + " ".join(sentences) + "\n"


# --- music-over-dialogue: fires ------------------------------------------------------------

def test_loud_music_under_dialogue_fires_on_the_music_word():
    text = clip(LINE, "Upbeat jazz music fills the café.")
    finding = one(text, "music-over-dialogue")
    assert under(text, finding) == "music"
    assert finding.severity == Severity.WARNING
    assert [under(text, r.span) for r in finding.related] == ["We close in five minutes."]


@pytest.mark.parametrize(
    "music, word",
    [
        ("A brooding score builds behind her.", "score"),
        ("A melancholic piano melody drifts from the back room.", "melody"),
        ("Music plays.", "Music"),
        ("A brass anthem blares from the radio.", "anthem"),
    ],
)
def test_music_words(music, word):
    text = clip(LINE, music)
    assert under(text, one(text, "music-over-dialogue")) == word


def test_music_before_the_line_also_fires():
    text = clip("Music plays.", 'A barista says warmly, "We close in five minutes."')
    assert under(text, one(text, "music-over-dialogue")) == "Music"


def test_music_set_low_then_made_louder_fires_on_the_louder_mention():
    text = clip("Soft piano music plays in the background.", LINE, "The music swells as the lights dim.")
    finding = one(text, "music-over-dialogue")
    assert finding.span.start > text.index("swells") - 10
    assert under(text, finding) == "music"


def test_implied_music_is_information():
    text = clip(LINE, "A street musician strums a guitar outside the window.")
    finding = one(text, "music-over-dialogue")
    assert under(text, finding) == "street musician"
    assert finding.severity == Severity.INFORMATION
    assert "acoustic" in finding.message


@pytest.mark.parametrize(
    "scene, trigger",
    [
        ("A DJ works the turntables behind her.", "DJ"),
        ("A pianist plays in the corner of the café.", "pianist"),
        ("Couples dance the tango between the tables.", "tango"),
        ("A jukebox glows by the door.", "jukebox"),
    ],
)
def test_scenes_that_bring_their_own_music(scene, trigger):
    text = clip(LINE, scene)
    assert under(text, one(text, "music-over-dialogue")) == trigger


def test_sung_line_and_a_spoken_line_fire():
    text = clip('A singer sings softly, "Stay with me."', "A loud piano ballad fills the bar.",
                'The barman says calmly, "Last call."', heading="# Bar {duration=8}")
    assert under(text, one(text, "music-over-dialogue")) == "ballad"


# --- music-over-dialogue: quiet ------------------------------------------------------------

@pytest.mark.parametrize(
    "music",
    [
        "Soft jazz music fills the café.",
        "Upbeat jazz music plays in the background.",
        "Upbeat jazz music plays at low volume.",
        "A subtle score hums under the scene.",
        "Gentle acoustic guitar music.",
        "Faint piano music drifts from a radio.",
        "Music: a lo-fi hip-hop beat, low in the mix.",
        "Upbeat jazz music plays quietly.",
    ],
)
def test_music_kept_low_is_quiet(music):
    clean(clip(LINE, music))


@pytest.mark.parametrize(
    "text",
    [
        clip(LINE, "There is no music, only the hiss of the steam wand."),
        clip(LINE, "The café is empty, without music tonight."),
        clip(LINE, "No background music."),
    ],
)
def test_negated_music_is_quiet(text):
    quiet(text, "music-over-dialogue")


def test_music_set_low_once_keeps_that_level():
    text = clip("Soft piano music plays in the background.", LINE, "The music continues as the lights dim.")
    clean(text)


def test_background_section_keeps_music_low():
    text = "# Café {duration=6}\n" + LINE + "\nBackground: rain on the window and piano music.\n"
    quiet(text, "music-over-dialogue")


def test_music_without_dialogue_is_quiet():
    clean("# Drive {duration=6}\nA convertible races along a coastal highway at night. Loud synthwave music plays.\n")


def test_sung_lines_are_the_music_itself():
    text = clip('A singer on a small stage sings softly, "Stay with me till the morning light."',
                "A slow piano ballad fills the bar.", heading="# Bar {duration=8}")
    quiet(text, "music-over-dialogue")
    quiet(clip('A busker sings cheerfully, "Pennies in the hat!"', "A guitar song rings down the alley."),
          "music-over-dialogue")


def test_music_words_inside_the_dialogue_are_not_music():
    clean(clip('A teenager grins and shouts, "Turn the music up!"'))


def test_explicit_low_music_covers_implied_music():
    clean(clip(LINE, "A street musician plays outside; soft background music."))


def test_voiceover_counts_as_dialogue_for_music():
    text = ("# Valley {duration=10}\nA river winds through a green valley at dawn.\n"
            "Voiceover (warm female voice): Every river remembers its source.\nEpic string music swells.\n")
    assert under(text, one(text, "music-over-dialogue")) == "music"


# --- music-over-dialogue: fixes --------------------------------------------------------------

@pytest.mark.parametrize(
    "music, soft, subtle",
    [
        ("Upbeat jazz music fills the café.", "Soft background upbeat jazz music fills the café.",
         "Subtle upbeat jazz music fills the café."),
        ("Music plays.", "Soft background music plays.", "Subtle music plays."),
    ],
)
def test_both_music_fixes(music, soft, subtle):
    text = clip(LINE, music)
    finding = one(text, "music-over-dialogue")
    assert all(fix.safe for fix in finding.fixes)
    fixed_soft = apply_fix(text, finding, fix_titled(finding, "soft background"))
    fixed_subtle = apply_fix(text, finding, fix_titled(finding, "subtle"))
    assert fixed_soft == clip(LINE, soft)
    assert fixed_subtle == clip(LINE, subtle)


def test_music_fixes_on_a_later_louder_mention():
    text = clip("Soft piano music plays in the background.", LINE, "The music swells as the lights dim.")
    fixed = apply_all_fixes(text, "music-over-dialogue")
    # the swell would turn the music up again: it goes with the fix
    assert "The soft background music plays as the lights dim" in fixed[0]
    assert "The subtle music plays as the lights dim" in fixed[1]


def test_implied_music_fix_adds_a_level():
    text = clip(LINE, "A street musician strums a guitar outside the window.")
    finding = one(text, "music-over-dialogue")
    [add] = finding.fixes
    assert add.safe
    fixed = apply_fix(text, finding, add)
    assert "outside the window. Soft background music.\n" in fixed


def test_fix_text_settles_music_in_one_go():
    text = clip(LINE, "Upbeat jazz music fills the café.")
    result = fix_text(text)
    assert result.applied == 1 and not result.remaining


def test_music_fix_does_not_leave_loud_next_to_soft():
    text = clip('A waitress leans on the counter and says with a tired smile, "Long road tonight, huh?"',
                "Loud rockabilly music fills the room.", heading="# Diner {duration=8}")
    finding = one(text, "music-over-dialogue")
    fixed = apply_fix(text, finding, fix_titled(finding, "soft background"))
    assert "loud" not in fixed.lower()


def test_jingling_keys_are_not_music():
    text = clip('A janitor walks the hallway; his keys jingle as he says wearily, "Last round."',
                heading="# Night shift {duration=6}")
    quiet(text, "music-over-dialogue")


def test_music_playing_faintly_is_low():
    text = clip('A detective turns up his collar and says in a low voice, "Not tonight."',
                "Jazz music drifts faintly from a bar across the street.", heading="# Noir {duration=8}")
    quiet(text, "music-over-dialogue")


def test_a_train_conductor_brings_no_orchestra():
    text = clip('A train conductor in a grey coat checks his watch and says firmly, "Doors are closing."',
                heading="# Platform {duration=6}")
    clean(text)


# --- unsupported-music-detail --------------------------------------------------------------

RUN = "# Run {duration=6}\nA runner laces her shoes at dawn. "


@pytest.mark.parametrize(
    "music, detail",
    [
        ("Electronic music at 128 BPM builds as she sets off.", "at 128 BPM"),
        ("Slow piano music, 70 bpm, fills the room.", "70 bpm"),
        ("A drum beat of 140 beats per minute.", "of 140 beats per minute"),
        ("A soft piano piece in D minor plays.", "in D minor"),
        ("A melancholic piano melody in the key of F-sharp minor.", "in the key of F-sharp minor"),
        ("A soft piano piece in E-flat major plays.", "in E-flat major"),
        ("A gentle track by Nils Frahm plays.", "Nils Frahm"),
        ("Her headphones play the song \"Morning Light\" quietly.", "\"Morning Light\""),
    ],
)
def test_unsupported_detail_fires_on_the_detail(music, detail):
    text = RUN + music + "\n"
    finding = one(text, "unsupported-music-detail")
    assert under(text, finding) == detail
    assert finding.severity == Severity.WARNING


def test_tempo_suggestion_follows_the_bpm():
    assert "a slow tempo" in one(RUN + "Piano music at 70 BPM.\n", "unsupported-music-detail").message
    assert "a moderate tempo" in one(RUN + "Piano music at 100 BPM.\n", "unsupported-music-detail").message
    assert "a fast, driving tempo" in one(RUN + "Piano music at 150 BPM.\n", "unsupported-music-detail").message


def test_a_bpm_and_a_key_in_one_sentence_are_two_findings():
    text = RUN + "Driving synthwave with a pulsing bass at 118 BPM, written in A minor, carries the clip.\n"
    found = of_rule(text, "unsupported-music-detail")
    assert [under(text, f) for f in found] == ["at 118 BPM", "in A minor"]


@pytest.mark.parametrize(
    "line",
    [
        "A runner in bay 12 laces her shoes; she has run 120 miles this month.",
        "A runner in the key of the city laces her shoes.",
        "A painting in the style of Van Gogh hangs in the hallway.",
        "A runner laces her shoes in a flat in Berlin. She is in A good mood.",
        'A poster titled "Run Free" hangs above her bed.',
        'Her coach says firmly, "We run at 180 bpm cadence today."',
        "Soft background music with a slow, steady tempo and a melancholic feel.",
    ],
)
def test_unsupported_detail_quiet(line):
    quiet(f"# Run {{duration=6}}\n{line}\n", "unsupported-music-detail")


@pytest.mark.parametrize(
    "music, removed, replaced",
    [
        ("Electronic music at 128 BPM builds as she sets off.",
         "Electronic music builds as she sets off.", None),
        ("A soft piano piece in D minor plays.",
         "A soft piano piece plays.", "A soft piano piece with a melancholic feel plays."),
        ("A soft piano piece in E-flat major plays.",
         "A soft piano piece plays.", "A soft piano piece with a bright, open feel plays."),
        ("A melancholic piano melody in the key of F-sharp minor.",
         "A melancholic piano melody.", "A melancholic piano melody with a melancholic feel."),
    ],
)
def test_remove_and_replace_fixes(music, removed, replaced):
    text = RUN + music + "\n"
    finding = one(text, "unsupported-music-detail")
    remove = fix_titled(finding, "Remove")
    assert remove.safe
    assert apply_fix(text, finding, remove) == RUN + removed + "\n"
    replace = fix_titled(finding, "instead")
    assert not replace.safe
    result = apply_fix(text, finding, replace)
    if replaced is not None:
        assert result == RUN + replaced + "\n"


def test_artist_remove_fix_runs_cleanly():
    text = RUN + "A gentle track by Nils Frahm plays.\n"
    [result] = apply_all_fixes(text, "unsupported-music-detail")
    assert "Frahm" not in result


def test_named_song_fix_runs_cleanly():
    text = RUN + "Her headphones play the song \"Morning Light\" quietly.\n"
    [result] = apply_all_fixes(text, "unsupported-music-detail")
    assert "Morning Light" not in result and "play the song quietly" in result


def test_fix_text_removes_tempo_and_key_together():
    text = RUN + "Driving synthwave with a pulsing bass at 118 BPM, written in A minor, carries the clip.\n"
    result = fix_text(text)
    assert "BPM" not in result.text and "minor" not in result.text
    assert not [f for f in result.remaining if f.rule == "unsupported-music-detail"]


def test_artist_span_stops_before_the_full_stop():
    text = RUN + "Music: a song by Taylor Swift.\n"
    assert under(text, one(text, "unsupported-music-detail")) == "Taylor Swift"


def test_artist_remove_fix_keeps_the_music_noun():
    text = RUN + "She stretches while a soft soundtrack by Max Richter plays.\n"
    finding = one(text, "unsupported-music-detail")
    fixed = apply_fix(text, finding, finding.fixes[0])
    assert "a soft soundtrack plays." in fixed


def test_named_song_replacement_reads_as_english():
    text = RUN + "Her headphones play the song \"Morning Light\" quietly.\n"
    finding = one(text, "unsupported-music-detail")
    fixed = apply_fix(text, finding, finding.fixes[0])
    assert "the song an original song" not in fixed


def test_tempo_replacement_keeps_a_preposition():
    text = RUN + "Electronic music at 128 BPM builds as she sets off.\n"
    finding = one(text, "unsupported-music-detail")
    fixed = apply_fix(text, finding, fix_titled(finding, "instead"))
    assert "music a fast" not in fixed


def test_bpm_remove_fix_leaves_no_stray_comma():
    text = RUN + "Slow piano music, 70 bpm, fills the room.\n"
    finding = one(text, "unsupported-music-detail")
    assert apply_fix(text, finding, fix_titled(finding, "Remove")) == RUN + "Slow piano music fills the room.\n"


# --- suppression and configuration -----------------------------------------------------------

@pytest.mark.parametrize(
    "rule, text",
    [
        ("music-over-dialogue", clip(LINE, "Upbeat jazz music fills the café.")),
        ("unsupported-music-detail", RUN + "Electronic music at 128 BPM builds as she sets off.\n"),
    ],
)
def test_suppression_and_configuration(rule, text):
    assert of_rule(text, rule)
    heading, body = text.split("\n", 1)
    quiet(f"{heading}\n// kling-ignore {rule}\n{body}", rule)
    quiet(f"// kling-ignore {rule}\n{text}", rule)
    quiet(f"{heading}\n// kling-ignore\n{body}", rule)
    assert of_rule(f"// kling-ignore multiple-speakers\n{text}", rule)
    quiet(text, rule, config(rules={rule: "off"}))
    assert [f.severity for f in of_rule(text, rule, config(rules={rule: "error"}))] == [Severity.ERROR]
    assert [f.severity for f in of_rule(text, rule, config(rules={rule: "information"}))] == [Severity.INFORMATION]


def test_suppression_in_one_clip_leaves_the_next_clip_checked():
    text = (
        "# Jazz bar {duration=8}\n// kling-ignore music-over-dialogue\n"
        'A bartender sets down a glass and says warmly, "Last call, folks." A loud jazz band plays on the stage.\n\n'
        "# Street {duration=6}\n"
        'Outside, a man in a fedora says calmly, "Nice night." Music blares from the open door.\n'
    )
    [finding] = of_rule(text, "music-over-dialogue")
    assert under(text, finding) == "Music"
    assert parse(text).clip_at(finding.span.start).name == "Street"
    assert [f.rule for f in findings(text)] == ["music-over-dialogue"]


def test_a_song_title_by_an_artist_in_a_music_sentence():
    text = RUN + "Music: driving rock, exactly like Highway Dreams by The Night Riders, kept soft.\n"
    finding = one(text, "unsupported-music-detail")
    assert under(text, finding) == "Highway Dreams by The Night Riders"
    [result] = apply_all_fixes(text, "unsupported-music-detail")
    assert "Night Riders" not in result


def test_a_name_by_a_window_is_no_song():
    quiet(RUN + "She waves at Tom by the window and smiles.\n", "unsupported-music-detail")


NAMED_MUSIC = {
    "an artist as a style suffix": ("A Vangelis-style synth score plays as the ship lands.", "Vangelis"),
    "a comparison after the music": ("Music like John Williams swells over the battle.", "John Williams"),
    "reminiscent of an artist": ("A jazz trio plays something reminiscent of Miles Davis.", "Miles Davis"),
    "a quoted song by an artist in a soundtrack field": (
        'Soundtrack: "Moonlit Drive" by The Night Owls. A driver taps the wheel.', '"Moonlit Drive"'),
}


@pytest.mark.parametrize("text, named", NAMED_MUSIC.values(), ids=NAMED_MUSIC.keys())
def test_named_music_in_any_form_is_reported(text, named):
    finding = one(text, "unsupported-music-detail")
    assert under(text, finding) == named


def test_a_comparison_that_is_not_about_the_music_is_not_a_named_artist():
    quiet("She looks like Audrey Hepburn in a black dress as soft music plays.", "unsupported-music-detail")
    quiet("Music: soft piano, like a lullaby. A girl dreams of Alice.", "unsupported-music-detail")


NAMED_AFTER_MUSIC = {
    "a comparison after an instrument of a music cue": (
        "Orchestral brass like Ada Lindqvist, heroic and rising, as the ship launches.", "Ada Lindqvist"),
    "a title by an artist after a verb of music": (
        "She hums along to Paper Lanterns by The Quiet Hours while she cooks.", "Paper Lanterns by The Quiet Hours"),
    "a quoted title by an artist is one finding with its quote": (
        "The DJ drops 'Neon Tide' by Marlo Venn and the crowd jumps.", "'Neon Tide' by Marlo Venn"),
    "a comparison after a riff": ("Music: a guitar riff like Tomas Brandt.", "Tomas Brandt"),
}


@pytest.mark.parametrize("text, named", NAMED_AFTER_MUSIC.values(), ids=NAMED_AFTER_MUSIC.keys())
def test_a_name_that_follows_the_music_in_its_clause_is_named_music(text, named):
    finding = one(text, "unsupported-music-detail")
    assert under(text, finding) == named


@pytest.mark.parametrize("text", [
    "A pianist in a band who looks like Elton Brandt plays softly.",
    "Soft orchestral music. A man dressed like Tomas Brandt walks in.",
    "Orchestral music swells. Like Ada Lindqvist before her, she climbs.",
])
def test_a_comparison_of_looks_or_in_another_clause_is_not_named_music(text):
    quiet(text, "unsupported-music-detail")


# --- fixes leave text a writer keeps (issue 11) -----------------------------------------------

def test_softening_takes_out_every_loudness_word_of_the_cue():
    text = clip(LINE, "Blasting, ear-splitting house music pounds at full volume as the lights flash.")
    finding = one(text, "music-over-dialogue")
    soft = fix_titled(finding, "soft background")
    assert soft.safe
    assert apply_fix(text, finding, soft) == clip(LINE, "Soft background house music plays as the lights flash.")


def test_softening_is_unsafe_when_a_loud_word_it_cannot_take_out_stays():
    text = clip(LINE, "A swelling score plays, building to a huge crescendo.")
    finding = one(text, "music-over-dialogue")
    assert not any(fix.safe for fix in finding.fixes)
    assert fix_text(text).text == text


def test_removing_a_named_song_takes_its_comparison_along():
    text = RUN + "Music: heavy folk-metal, exactly like Enter Sandman by Metallica, war drums and a hurdy-gurdy lead.\n"
    [finding] = [f for f in of_rule(text, "unsupported-music-detail") if "Sandman" in f.message]
    fixed = apply_fix(text, finding, finding.fixes[0])
    assert fixed == RUN + "Music: heavy folk-metal, war drums and a hurdy-gurdy lead.\n"
