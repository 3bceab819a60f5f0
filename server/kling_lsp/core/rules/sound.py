"""Sound effects and ambience: dropped subtle sounds, actions with no sound, silence that
loud cues break, clashing moods, and scenes with too many audio layers."""

from __future__ import annotations

import re

from ..audio import Cue, scan_audio
from ..beats import beats
from ..findings import Finding, Fix, Related, Severity, TextEdit
from ..negation import is_negated
from ..spans import Span
from . import ClipContext, Rule, register
from .edits import insert_before, line_of, phrase_start, remove_phrase, sentence_end, sentence_start

SOUND_CONTEXT = re.compile(
    r"\b(?:sound|sounds|hear|hears|heard|audio|noise|noises|audible|ambience|ambient|sfx|foley|"
    r"faint|soft|quiet)\b", re.IGNORECASE)
SOUNDISH = re.compile(r"rustl|tick|creak|crinkl|jingl|jangl|purr|chim|ping|click|gasp|sigh|buzz|whisper|drip|"
                      r"scratch|hum\b|crunch|clink|gulp", re.IGNORECASE)
EXPLICIT = re.compile(r"\b(?:clearly audible|audible|distinct|distinctly|crisp|crisply|loud|loudly|prominent|"
                      r"sharp|sharply|pronounced|clear|clearly)\b", re.IGNORECASE)
PERSON_SILENCE = re.compile(r"\b(?:remains?|remained|stays?|stayed|keeps?|kept|falls?|fell)\s+(?:completely\s+|totally\s+)?$",
                            re.IGNORECASE)


def _scene_silence(ctx: ClipContext) -> list[Cue]:
    text = ctx.clip.text
    found = []
    scan = scan_audio(ctx.clip)
    sound_starts = {c.span.start for c in scan.sounds}
    for cue in scan.silence:
        if cue.negated or cue.in_label:
            continue
        after = _NEXT_WORD.match(text, cue.span.end)
        if (after is not None and after.start(1) in sound_starts) or \
                any(c.span.start <= cue.span.start < c.span.end for c in scan.sounds):
            continue  # "her quiet breathing", "a hushed murmur": how loud a sound is, not a silent scene
        line = line_of(ctx.clip, cue.span.start)
        before = text[max(line.start, cue.span.start - 30):cue.span.start]
        if PERSON_SILENCE.search(before) and not re.search(r"\b(?:room|hall|crowd|city|world|house|street|cavern|all)\b",
                                                           text[cue.sentence.start:cue.span.start], re.IGNORECASE):
            continue  # "[Host] remains silent": a person not speaking, not a silent scene
        if _AFTERMATH_BEFORE.search(text, cue.sentence.start, cue.span.start) or \
                _AFTERMATH_AFTER.match(text, cue.span.end):
            continue  # "a deep roar, then silence", "the valley is quiet again": a moment after the noise
        found.append(cue)
    return found


# silence as a moment in a sequence, not the scene's sound: what comes after, or a change into it
_AFTERMATH_BEFORE = re.compile(
    r"(?:\b(?:then|followed[ \t]+by|after(?:wards)?|afterward|finally|until|and[ \t]+now)\b[^.;!?\n]{0,30}"
    r"|\b(?:falls?|fell|goes|went|grows?|grew|turns?|becomes?|became|settles?[ \t]+into)[ \t]+)$", re.IGNORECASE)
_AFTERMATH_AFTER = re.compile(r"[ \t]+(?:again|returns|falls|follows|descends|settles)\b", re.IGNORECASE)


# names that are only ever heard; the rest of SOUNDISH (crunch, sigh, drip, click) may be seen
SOUND_ONLY = re.compile(r"tick|purr|rustl|creak|crinkl|jingl|jangl|chim|buzz|hum\b|clink", re.IGNORECASE)
HEARING = re.compile(r"\b(?:sound|sounds|hear|hears|heard|hearing|audio|noise|noises|audible|ambience|ambiance|ambient|"
                     r"sfx|foley|soundscape|listen|listens)\b", re.IGNORECASE)
SEEN = re.compile(r"\b(?:visible|visibly|seen|looks?|appears?|as if|silhouetted)\b", re.IGNORECASE)


def _heard(ctx: ClipContext, cue, sentence: str) -> bool:
    """Whether a quiet-sound word is asked for as a sound: it stands in an audio section, or its
    sentence talks of hearing (other than through the cue's own words), or the clip is written
    with sound in mind and the word is a sound's name. `an ab crunch`, `a soft breeze moves her
    hair`, `a sigh visible in her shoulders` in a prompt about pictures are not sound cues."""
    if cue.section == "audio":
        return True
    start = cue.span.start - cue.sentence.start
    outside = sentence[:max(0, start)] + " " + sentence[max(0, start) + (cue.span.end - cue.span.start):]
    if HEARING.search(outside):
        return True
    if SEEN.search(outside) or not SOUNDISH.search(cue.phrase):
        return False
    if SOUND_ONLY.search(cue.phrase):
        return True  # a clock ticking, a cat purring: nothing to see, only to hear
    clip = ctx.clip
    return bool(clip.dialogue) or any(sec.kind == "audio" for sec in clip.sections) or \
        bool(HEARING.search(clip.text, clip.body.start, clip.body.end))


_SILENCE_NOUN = re.compile(r"\b(?:silence|stillness|hush)\b", re.IGNORECASE)


def _speaks_of_silence(ctx: ClipContext) -> bool:
    """`Only the puppy's small breathing. Silence.`, `the silence between each sound`: a clip that
    builds its sound around silence wants its faint sounds faint. (Not a silence request for
    silence-conflict, where `breaks the silence` would be a contrast, not a clash.)"""
    text = ctx.clip.text
    for line in ctx.clip.prompt_lines:
        for m in _SILENCE_NOUN.finditer(text, line.start, line.end):
            if not is_negated(text, line.start, m.start(), m.end()):
                return True
    return False


def check_subtle(ctx: ClipContext):
    clip = ctx.clip
    scan = scan_audio(clip)
    if not any(cue.entry.data.get("subtle") and not cue.negated for cue in scan.sounds):
        return
    if _scene_silence(ctx) or _speaks_of_silence(ctx):
        return  # a quiet scene: faint sounds are what the writer wants
    text = clip.text
    quiet: dict[str, list[Cue]] = {}  # each quiet sound of the clip, with every place it is asked for
    for cue in scan.sounds:
        if not cue.entry.data.get("subtle") or cue.negated:
            continue
        sentence = text[cue.sentence.start:cue.sentence.end]
        if EXPLICIT.search(sentence):
            continue
        if not _heard(ctx, cue, sentence) or _made_by_footsteps(text, cue, sentence) or _names_a_look(text, cue):
            continue
        quiet.setdefault(cue.entry.phrase, []).append(cue)
    for cues in quiet.values():
        first = cues[0]
        word = text[first.span.start:first.span.end]
        yield Finding(
            "subtle-sound", Severity.INFORMATION, first.span,
            f"\u201c{word}\u201d is a quiet sound the model often leaves out, as it favours "
            "louder, distinct sounds; if it matters, describe it as a clear, distinct sound",
            (_make_all_audible(clip, cues),),
            tuple(Related(c.span, f"\u201c{word}\u201d again; the fix makes it clearly audible here too")
                  for c in _one_a_sentence(cues)[1:]),
        )


def _one_a_sentence(cues: list[Cue]) -> list[Cue]:
    """The first cue of each sentence: `clearly audible` in a sentence makes all of it explicit."""
    firsts: dict[Span, Cue] = {}
    for cue in cues:
        firsts.setdefault(cue.sentence, cue)
    return list(firsts.values())


def _make_all_audible(clip, cues: list[Cue]) -> Fix:
    """One finding stands for a sound however often the clip asks for it (`A soft rustle. ... The
    rustle again.`), so its fix makes every such place clearly audible: mending the first alone
    would leave the finding, now on the next one (found by the fuzzer, issue 13). Safe only when
    each place's own fix is."""
    fixes = [_make_audible(clip.text, cue, line_of(clip, cue.span.start)) for cue in _one_a_sentence(cues)]
    if len(fixes) == 1:
        return fixes[0]
    return Fix(f"Make it \u201cclearly audible\u201d in all {len(fixes)} places", tuple(e for f in fixes for e in f.edits),
               safe=all(f.safe for f in fixes))


_FOOTSTEP = re.compile(r"\b(?:underfoot|under[ \t]+(?:his|her|their|its)[ \t]+(?:feet|boots|shoes|paws)|footsteps?|"
                       r"footfalls?|boots?|steps[ \t]+on|treads?|trudges?|walks?[ \t]+(?:on|over|through))\b", re.IGNORECASE)


def _made_by_footsteps(text: str, cue, sentence: str) -> bool:
    """`Leaves crunch underfoot`, `boots creak on the floorboards`: footsteps on a surface, which the
    model times and renders well, whatever the surface sounds like."""
    start = cue.span.start - cue.sentence.start
    end = cue.span.end - cue.sentence.start
    before = _SOUND_CLAUSE_END.split(sentence[:start])[-1]
    after = _SOUND_CLAUSE_END.split(sentence[end:])[0]
    return bool(_FOOTSTEP.search(before) or _FOOTSTEP.search(after))


_SOFT_MODIFIER = re.compile(r"(?:soft|subtle|faint|quiet|gentle|muted|barely|hushed|low)$", re.IGNORECASE)
_SOFT_LEFT = re.compile(r"\b(?:soft|softly|subtle|subtly|faint|faintly|quiet|quietly|gentle|gently|muted|hushed|"
                        r"in the background|barely audible)\b", re.IGNORECASE)
_SOUND_CLAUSE_END = re.compile(r"[,.;:!?\n]|\b(?:and|while|but)\b")


def _make_audible(text: str, cue: Cue, line) -> Fix:
    """`clearly audible` in front of the sound, in place of a soft word before it (`the soft
    rustle` -> `the clearly audible rustle`); unsafe when a soft word stays in its clause."""
    start = phrase_start(text, line.start, cue.span.start)
    words = list(re.finditer(r"[\w-]+", text[start:cue.span.end]))[:-1]  # the cue's own first words too
    soft = [m for m in words if _SOFT_MODIFIER.match(m.group())]
    if soft:
        first = soft[0]
        at, end = start + first.start(), start + first.end()
        edit = TextEdit(at, end, "Clearly audible" if first.group()[:1].isupper() else "clearly audible")
    else:
        edit = insert_before(text, cue.span.start, "clearly audible", line.start)
    clause_end = _SOUND_CLAUSE_END.search(text, cue.span.end, line.end)
    rest = text[cue.span.start:clause_end.start() if clause_end else line.end]
    left = len(soft) > 1 or _SOFT_LEFT.search(rest) is not None
    return Fix("Make it \u201cclearly audible\u201d", (edit,), safe=not left)


_SOUND_NOUN = r"(?:sfx|fx|sound|sounds|noise|noises|foley|sound effects?)"


def _asked_as_a_sound(text: str, clip, cue: Cue) -> bool:
    """`impact punch sfx at 4 s`, `the sound of the explosion`: the writer asks for the action's sound
    by name, which describes it as well as a `thud` would."""
    words = {w for w in re.findall(r"[a-z]{4,}", cue.phrase.lower())}
    words |= {w for p in cue.entry.phrases for w in re.findall(r"[a-z]{4,}", p.lower())}
    if not words:
        return False
    stems = "|".join(sorted(re.escape(w[:5]) for w in words))
    pattern = re.compile(rf"\b(?:{stems})\w*(?:[ \t]+\w+)?[ \t]+{_SOUND_NOUN}\b|\b{_SOUND_NOUN}[ \t]+of[ \t]+"
                         rf"(?:the[ \t]+|a[ \t]+|an[ \t]+)?(?:\w+[ \t]+)?(?:{stems})", re.IGNORECASE)
    return bool(pattern.search(text, clip.body.start, clip.body.end))


def check_undescribed(ctx: ClipContext):
    clip = ctx.clip
    scan = scan_audio(clip)
    text = clip.text
    if not scan.actions or _NO_EFFECTS.search(text, clip.body.start, clip.body.end):
        return  # nothing to describe, or `NO MUSIC / NO SFX`: the writer wants no effects
    present = {c.phrase for c in scan.described
               if not any(a.span.start <= c.span.start < a.span.end for a in scan.actions)}
    named_with_a_sound = {cue.entry.phrase for cue in scan.actions if not cue.negated and _with_a_sound(scan, cue)}
    seen: set[str] = set()
    for cue in scan.actions:
        if cue.negated or cue.in_label or cue.entry.phrase in seen:
            continue
        described_by = ctx.vocab.field_forms(cue.entry, "described_by")
        if described_by & present or _asked_as_a_sound(text, clip, cue) or _figurative(text, cue) \
                or _names_a_look(text, cue):
            continue
        if cue.entry.phrase in named_with_a_sound:
            continue  # a sentence naming it also names a sound: `deep bass whooshes during the explosion`
        seen.add(cue.entry.phrase)
        suggestion = str(cue.entry.data.get("suggestion", "")).strip().rstrip(".")
        line = line_of(clip, cue.span.start)
        end = sentence_end(text, line, cue.span.end)
        fixes = ()
        if suggestion and _sentence_ends_at(text, line, end):
            sentence = suggestion[:1].upper() + suggestion[1:] + "."
            fixes = (Fix(f"Describe the sound: \u201c{sentence}\u201d", (TextEdit(end, end, " " + sentence),)),)
        yield Finding(
            "undescribed-sound", Severity.HINT, cue.span,
            f"the model does not add a sound for \u201c{text[cue.span.start:cue.span.end]}\u201d by itself; describe "
            "the sound you want to hear",
            fixes,
        )


_NO_EFFECTS = re.compile(r"\b(?:no|without|zero)[ \t]+(?:sfx|sound[ \t-]+effects?|foley)\b", re.IGNORECASE)
# `veins explode across her arms`, `the curtain explodes inward`: a direction makes it a burst of
# movement or light, not a blast
_BURSTS_TOWARD = re.compile(r"[ \t]+(?:[a-z]+ly[ \t]+)?(?:inward|inwards|outward|outwards|across|apart|upward|upwards)\b",
                            re.IGNORECASE)


_RUNS_ON = re.compile(r"\n[ \t]*[^\s#/]")  # the next line goes on with the paragraph


def _sentence_ends_at(text: str, line: Span, end: int) -> bool:
    """Whether the action's sentence really ends at `end`: a sentence hard-wrapped onto the next line
    (`…storms spreading across` / `the battlefield below.`) would take the new sentence in its middle."""
    if end < line.end or text[:end].rstrip()[-1:] in ".!?\u2026\u3002\uff01\uff1f\"'\u201d\u2019)]":
        return True
    return not _RUNS_ON.match(text, line.end)


def _with_a_sound(scan, cue) -> bool:
    """Whether the action's sentence names a sound other than the action's own words."""
    return any(s.sentence == cue.sentence and not s.negated and not cue.span.overlaps(s.span) for s in scan.sounds)


_SUBJECT_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+(?:[^\W\d_]+ly[ \t]+)?$")
_OF_AFTER = re.compile(r"[ \t]+of[ \t]+([^\W\d_]+)(?:[ \t]+([^\W\d_]+))?")  # `of confetti`, `of golden light`


# a head noun after a sound's words that makes them a look, not a sound: `explosion aesthetic`,
# `breathing animation`, `thunder-style grade`
_LOOK_HEADS = frozenset({"aesthetic", "aesthetics", "style", "look", "looks", "vibe", "vibes", "feel", "animation",
                         "animations", "motion", "movement", "movements", "pose", "grade", "palette", "inspired"})
_HEAD_AFTER = re.compile(r"[ \t-]+([^\W\d_]+)")


def _names_a_look(text: str, cue) -> bool:
    """The cue's words modify a noun of looks or style (`Michael Bay explosion aesthetic`, `gentle
    breathing animation`): nothing is heard."""
    after = _HEAD_AFTER.match(text, cue.span.end)
    return after is not None and after.group(1).lower() in _LOOK_HEADS


def _figurative(text: str, cue) -> bool:
    """`debris explodes outward`, `an explosion of confetti`: what the action happens to says it is a
    figure for scattering or cheering, not the event whose sound the model leaves out."""
    things = cue.entry.data.get("figurative_subjects")
    if not things:
        return False
    if _BURSTS_TOWARD.match(text, cue.span.end):
        return True
    before = _SUBJECT_BEFORE.search(text, max(0, cue.span.start - 40), cue.span.start)
    after = _OF_AFTER.match(text, cue.span.end)
    words = ([before.group(1)] if before else []) + ([w for w in after.groups() if w] if after else [])
    return any(w.lower() in things for w in words)


def check_silence(ctx: ClipContext):
    silence = _scene_silence(ctx)
    if not silence:
        return
    scan = scan_audio(ctx.clip)
    low_sentences = {c.sentence for c in scan.low if not c.negated}
    loud = [c for c in scan.loud if not c.negated and c.sentence not in low_sentences]
    loud += [c for c in scan.sounds if c.entry.data.get("loud") and not c.negated and
             not any(l.span.start <= c.span.start < l.span.end for l in loud)]
    beat = beats(ctx.clip).at
    clashes = [(quiet, same) for quiet in silence
               if (same := [c for c in loud if beat(c.span.start) == beat(quiet.span.start)])]
    if not clashes:
        return  # `quiet` at the opening, an explosion at 7 seconds: a progression, not a clash
    text = ctx.clip.text
    quiet, loud = clashes[0]
    # Music that plays is loud only until something sets it low, which music-over-dialogue's fix
    # does; a loud cue outside the music's sentences is named first, so that fix never turns this
    # finding into another one about the next loud cue (found by the fuzzer, issue 13).
    music = {c.sentence for c in scan.music + scan.music_styles if not c.negated}
    noisy = min(loud, key=lambda c: (c.sentence in music, c.span.start))
    loud = [c for _, same in clashes for c in same]  # a fix must end every clash, in every beat
    quiet_word = text[quiet.span.start:quiet.span.end]
    noisy_word = text[noisy.span.start:noisy.span.end]
    yield Finding(
        "silence-conflict", Severity.WARNING, quiet.span,
        f"\u201c{quiet_word}\u201d asks for silence, but the clip also has \u201c{noisy_word}\u201d; the model cannot do "
        "both, so keep the quiet or the loud cue",
        tuple(fix for fix in (_remove(ctx, quiet) if len(silence) == 1 else None,
                              _remove_sentence(ctx, noisy, quiet, loud)) if fix is not None),
        (Related(noisy.span, f"the loud cue: {noisy_word}"),),
    )


def _remove(ctx: ClipContext, cue: Cue, noun: bool = False) -> Fix:
    """An unsafe fix that deletes one side of a conflict."""
    text = ctx.clip.text
    word = text[cue.span.start:cue.span.end]
    return Fix(f"Remove \u201c{word}\u201d", (remove_phrase(text, cue.span, line_of(ctx.clip, cue.span.start), noun=noun),))


def _remove_sentence(ctx: ClipContext, cue: Cue, keep: Cue, loud: list[Cue] = ()) -> Fix | None:
    """An unsafe fix that deletes the sentence of a loud cue: the cue is often its subject or verb
    (`Thunder crashes outside.`, `the fort explodes`), and a sentence without them is a wreck. None
    when the sentence also asks for the silence that is to be kept, or when a loud cue of `loud`
    outside it would keep the conflict (removing one sentence must end it). (Each side's removal
    is offered only when it is the side's one cue: found by the fuzzer, issue 13.)"""
    clip, text = ctx.clip, ctx.clip.text
    line = line_of(clip, cue.span.start)
    start, end = sentence_start(text, line, cue.span.start), sentence_end(text, line, cue.span.end)
    if any(not start <= other.span.start < end for other in loud):
        return None
    if start <= keep.span.start < end:
        return _remove_clause(ctx, cue, keep, start, end)
    while end < line.end and text[end] in " \t":
        end += 1
    if end == line.end:
        while start > line.start and text[start - 1] in " \t":
            start -= 1
    word = text[cue.span.start:cue.span.end]
    return Fix(f"Remove the sentence with \u201c{word}\u201d", (TextEdit(start, end, ""),))


def _remove_clause(ctx: ClipContext, cue: Cue, keep: Cue, sentence: int, sentence_end_at: int) -> Fix | None:
    """`The hall falls silent as the crowd cheers for the winner.`: drop the loud cue's clause with
    the word that joins it on, when the silence is in another clause of the sentence."""
    text = ctx.clip.text
    joins = list(_CLAUSE_BREAK.finditer(text, sentence, cue.span.start))
    if not joins:
        return None
    start = joins[-1].start()
    after = _CLAUSE_BREAK.search(text, cue.span.end, sentence_end_at)
    end = after.start() if after else sentence_end_at
    while end > start and text[end - 1] in ".!?":
        end -= 1
    while start > sentence and text[start - 1] in " \t":
        start -= 1
    if start <= keep.span.start < end or start <= sentence:
        return None
    word = text[cue.span.start:cue.span.end]
    return Fix(f"Remove the words with \u201c{word}\u201d", (TextEdit(start, end, ""),))


def check_mood(ctx: ClipContext):
    scan = scan_audio(ctx.clip)
    pairs = {tuple(p) for p in ctx.vocab.raw["atmosphere"].get("conflicts", {}).get("pairs", [])}
    moods = [c for c in scan.mood if not c.negated and not c.in_label and not _describes_a_person(ctx, c)]
    if len(moods) < 2:
        return
    beat = beats(ctx.clip).at
    text = ctx.clip.text
    for n, later in enumerate(moods):
        for earlier in moods[:n]:
            if beat(earlier.span.start) != beat(later.span.start):
                continue  # a calm first shot and a chaotic last one: the mood changes, it does not clash
            a, b = earlier.entry.data.get("group"), later.entry.data.get("group")
            if (a, b) in pairs or (b, a) in pairs:
                first = text[earlier.span.start:earlier.span.end]
                second = text[later.span.start:later.span.end]
                yield Finding(
                    "mood-conflict", Severity.WARNING, later.span,
                    f"\u201c{second}\u201d ({b}) contradicts \u201c{first}\u201d ({a}) earlier in this clip; the model "
                    "sets the density and tone of the audio by the mood, so keep one",
                    (_remove(ctx, later), _remove(ctx, earlier)),
                    (Related(earlier.span, f"the other mood: {first}"),),
                )
                return


# a clause: what one sound source does (`a soft breeze rustles through tall grass` is one layer)
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n\u3002\uff0c\uff1b]|\b(?:and|while|as|then|but)\b", re.IGNORECASE)
# nouns a single sound word can modify and so be no sound at all (`static camera`, `crackle glaze`)
_PICTURE_NOUNS = frozenset({"camera", "shot", "shots", "frame", "lens", "light", "lighting", "angle", "glaze",
                            "composition", "image", "photo", "pose", "effect", "texture", "pattern", "cut"})
_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)", re.IGNORECASE)


def _qualifies_a_picture(ctx: ClipContext, cue: Cue) -> bool:
    """`static camera`, `crackle glaze`: a sound word that only qualifies something seen."""
    after = _NEXT_WORD.match(ctx.clip.text, cue.span.end)
    return after is not None and after.group(1).lower() in _PICTURE_NOUNS


def _describes_a_person(ctx: ClipContext, cue: Cue) -> bool:
    """`a passionate artist`, `the joyful bride`: a mood word on a person is their character, not the
    soundtrack's mood."""
    after = _NEXT_WORD.match(ctx.clip.text, cue.span.end)
    return after is not None and after.group(1).lower() in ctx.vocab.person_nouns


def _delivers_a_line(clip, cue: Cue) -> bool:
    """`screams: "I'll give you a monster!"`: the verb that hands over a line is the dialogue's own
    sound, not another layer."""
    return any(d.style is not None and d.style.span.start <= cue.span.start < d.style.span.end
               and d.style.source == "verb" for d in clip.dialogue)


def check_complex(ctx: ClipContext):
    """Counts the sources the clip asks to hear: the dialogue, the music, and one layer per clause
    that names a sound, named in the writer's own words. When the clip lists its sounds in an audio
    section, that list is the soundscape and the scene's prose adds none."""
    clip = ctx.clip
    scan = scan_audio(clip)
    text = clip.text
    layers: list[str] = []
    if clip.dialogue:
        layers.append("dialogue")
    if any(not c.negated for c in scan.music + scan.music_styles + scan.implied):
        layers.append("music")
    cues = [c for c in scan.sounds + scan.actions
            if not c.negated and not c.in_label and not _qualifies_a_picture(ctx, c) and not _delivers_a_line(clip, c)]
    if any(c.section == "audio" for c in cues):
        cues = [c for c in cues if c.section == "audio"]  # the writer listed what is heard: that list counts
    limit = int(ctx.config.get("max-audio-layers"))
    if len(layers) + len(cues) <= limit:
        return  # even one layer per cue stays within the limit
    clauses: set[int] = set()
    entries: set[str] = set()
    heads: set[str] = set()
    clause_at = _ClauseSweep(text)
    for cue in sorted(cues, key=lambda c: c.span.start):
        clause = clause_at(cue.sentence.start, cue.span.start)
        words = " ".join(text[cue.span.start:cue.span.end].lower().split())
        head = words.split()[-1]
        if clause in clauses or cue.entry.phrase in entries or words in layers or head in heads:
            continue  # `wind` and `faint wind`: one source named twice
        heads.add(head)
        clauses.add(clause)
        entries.add(cue.entry.phrase)
        layers.append(words)
    if len(layers) <= limit:
        return
    span = clip.heading.name_span if clip.heading and clip.heading.name else (
        clip.prompt_lines[0] if clip.prompt_lines else clip.span)
    yield Finding(
        "complex-audio", Severity.INFORMATION, span,
        f"{len(layers)} audio layers in one clip ({', '.join(layers)}), more than {limit}; busy soundscapes are "
        "where audio artifacts appear, so simplify the scene or split it",
    )


class _ClauseSweep:
    """Where the clause holding an offset begins (after the last comma, conjunction or stop before
    it), for offsets asked in order: each stretch of text is scanned once, so a long sentence with
    many cues stays linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentence = self.scanned = self.start = -1

    def __call__(self, sentence_start: int, at: int) -> int:
        if sentence_start != self.sentence or at < self.scanned:
            self.sentence, self.scanned, self.start = sentence_start, sentence_start, sentence_start
        for m in _CLAUSE_BREAK.finditer(self.text, self.scanned, at):
            self.start = m.end()
        self.scanned = max(self.scanned, at)
        return self.start


register(Rule("subtle-sound", Severity.INFORMATION,
              "A quiet sound (fabric rustling, pages turning...) that the model tends to drop.", check_subtle, "sound"))
register(Rule("undescribed-sound", Severity.HINT,
              "An action whose sound the model does not add by itself, with no sound described.", check_undescribed, "sound"))
register(Rule("silence-conflict", Severity.WARNING,
              "Silence words in a clip that also has loud cues (explosions, shouting, music, crowds).", check_silence, "sound"))
register(Rule("mood-conflict", Severity.WARNING,
              "Contradictory audio moods in one clip, such as eerie silence and bustling energy.", check_mood, "sound"))
register(Rule("complex-audio", Severity.INFORMATION,
              "More audio layers (dialogue, music, each sound effect) than max-audio-layers (5).", check_complex, "sound"))
