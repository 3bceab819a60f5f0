"""Dialogue and lip sync: length, speakers, speaking style, language, speaking time."""

from __future__ import annotations

import math
import re

from ..findings import Finding, Fix, Related, Severity, TextEdit
from ..language import NAMES, PROSE_SAMPLE, detect, intended, latin_script
from ..dialogue import gives_style
from ..model import Clip, Dialogue
from ..quotes import CLOSERS
from ..speakers import grammar
from ..spans import Span
from . import ClipContext, Rule, register
from .edits import line_of, new_clip_heading, sentence_start, set_duration

CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|(?:(?![\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[^\W_])+(?:['\u2019-](?:(?![\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[^\W_])+)*")
LONG_PAUSE = re.compile(r"[.!?\u3002\uff01\uff1f]+|\u2026|\.\.\.")
SHORT_PAUSE = re.compile(r"[,;:\u2014\u2013\uff0c\u3001\uff1b]")
TERMINAL = ".!?\u2026\u3002\uff01\uff1f"
# every mark that closes a quote: `»` and `」` too, or a line's last `.` before them would count as a
# pause once the quote is closed, and closing it would change the estimate (found by the fuzzer, issue 13)
CLOSING_MARKS = "".join(sorted(set().union(*CLOSERS.values())))
MAX_SECONDS = {"kling-3.0": 15, "kling-2.6": 10}
SLACK = 0.5  # seconds: the estimate is rough, so only a clear overrun is reported


SILENT = ("mouthed",)  # lips form the words, no voice is heard: nothing to sync, style or count


def lip_synced(clip: Clip) -> list[Dialogue]:
    """Lines a face has to speak aloud: voiceovers have no lips to sync, mouthed lines no voice."""
    return [d for d in clip.dialogue if d.delivery != "voiceover" and d.delivery not in SILENT and d.words]


def word_weight(text: str) -> float:
    """Words, with Chinese and Japanese characters counted as half a word each (about the
    speaking time of a word)."""
    cjk = len(CJK.findall(text))
    return sum(1 for _ in TOKEN.finditer(text)) - cjk + cjk / 2


def speaking_seconds(text: str, words_per_second: float, chars_per_second: float) -> float:
    cjk = len(CJK.findall(text))
    words = sum(1 for _ in TOKEN.finditer(text)) - cjk
    body = text.rstrip().rstrip(TERMINAL + CLOSING_MARKS)  # the line's own end is no pause
    pauses = 0.35 * len(LONG_PAUSE.findall(body)) + 0.15 * len(SHORT_PAUSE.findall(body))
    return words / words_per_second + cjk / chars_per_second + pauses


# --- dialogue-too-long ------------------------------------------------------------------


def _amount(lines: list[Dialogue], words: float) -> str:
    """`23 words`, or for Chinese and Japanese `49 characters (about 25 words)`: a character is
    counted as half a word, which a writer of those languages does not count in."""
    characters = sum(len(CJK.findall(d.text)) for d in lines)
    if not characters:
        return f"{words:g} words"
    return f"{characters} characters (about {math.ceil(words)} words)" if characters == round(words * 2) \
        else f"about {math.ceil(words)} words"


def check_too_long(ctx: ClipContext):
    limit = int(ctx.config.get("max-dialogue-words"))
    lines = lip_synced(ctx.clip)
    total_words = sum(word_weight(d.text) for d in lines)
    if total_words <= limit:
        return
    running = 0.0
    for line in lines:
        weight = word_weight(line.text)
        if running + weight > limit:
            allowed = limit - running
            fixes = []
            trim = _trim_fix(ctx, line, allowed)
            if trim is not None:
                fixes.append(trim)
            rest = sum(word_weight(d.text) for d in lines if d.span.start >= line.span.start)
            split = _split_fix(ctx, line) if rest <= limit else None  # a new clip as long helps nothing
            if split is not None:
                fixes.append(split)
            yield Finding(
                "dialogue-too-long", Severity.WARNING, line.inner,
                f"this clip has {_amount(lines, total_words)} of lip-synced dialogue, over the {limit} words that keep lip "
                f"sync tight; the limit is crossed in this line. Longer speech drifts out of sync, the first "
                f"and last words first: shorten the lines or give the rest a clip of its own",
                tuple(fixes),
            )
            return
        running += weight


_CANNOT_END = frozenset("a an the this that these those his her their its my our your of in on at by to from "
                        "with into onto for and or but as than like if because so very most more".split())


def _trim_fix(ctx: ClipContext, line: Dialogue, allowed: float) -> Fix | None:
    if allowed < 1 or not line.closed:
        return None
    text = ctx.clip.text
    used = 0.0
    cut = None
    kept: list[tuple[int, float, str]] = []
    for m in TOKEN.finditer(text, line.inner.start, line.inner.end):
        cost = 0.5 if CJK.fullmatch(m.group()) else 1
        if used + cost > allowed:
            break
        used += cost
        kept.append((m.end(), used, m.group().lower()))
    while kept and kept[-1][2] in _CANNOT_END:
        kept.pop()  # `I don't know how to.`: a line does not end on a word that leads into more
    if kept:
        cut, used = kept[-1][0], kept[-1][1]
    if cut is None or cut >= line.inner.end:
        return None
    tail = "" if text[cut - 1] in TERMINAL else ("\u3002" if CJK.match(text[cut - 1]) else ".")
    kept = text[line.inner.start:cut] + tail
    return Fix(f"Trim this line to {used:g} words: \u201c{_short(kept)}\u201d",
               (TextEdit(cut, line.inner.end, tail),), safe=False)


def _split_fix(ctx: ClipContext, line: Dialogue) -> Fix | None:
    """Start a new clip at the sentence holding `line`: the overflow becomes the next clip."""
    text, clip, doc = ctx.clip.text, ctx.clip, ctx.document
    host = line_of(clip, line.span.start)
    start = line.speaker.span.start - 1 if line.labelled and line.speaker and line.speaker.span else \
        sentence_start(text, host, line.span.start)
    if start <= clip.body.start:
        return None
    heading = new_clip_heading(doc, clip, "continued")
    nl = doc.newline
    gap_start = start
    while gap_start > host.start and text[gap_start - 1] in " \t":
        gap_start -= 1
    if gap_start == host.start:
        edit = TextEdit(host.start, host.start, f"{heading}{nl}")
        if host.start > clip.body.start:
            edit = TextEdit(host.start, host.start, f"{nl}{heading}{nl}")
    else:
        edit = TextEdit(gap_start, start, f"{nl}{nl}{heading}{nl}")
    return Fix("Move this line and the rest into a new clip after this one", (edit,), safe=False)


# --- multiple-speakers --------------------------------------------------------------------


def check_speakers(ctx: ClipContext):
    limit = int(ctx.config.get("max-speakers"))
    order: dict[str, Dialogue] = {}
    for line in ctx.clip.dialogue:
        s = line.speaker
        if s is None or s.source in ("group", "unnamed") or line.delivery == "voiceover" or line.delivery in SILENT:
            continue
        order.setdefault(s.key, line)
    if len(order) <= limit:
        return
    firsts = list(order.values())
    extra = firsts[limit]
    names = ", ".join(_in_sentence(d.speaker.name) for d in firsts)
    related = tuple(Related(d.inner, f"{d.speaker.name} speaks here") for d in firsts[:limit])
    fix = _move_speaker_fix(ctx, extra.speaker.key, extra.speaker.name)
    yield Finding(
        "multiple-speakers", Severity.WARNING, extra.inner,
        f"{len(firsts)} people speak in this clip ({names}); lip sync is most accurate with "
        f"{limit} speaker{'s' if limit != 1 else ''} per clip. Give {_in_sentence(extra.speaker.name)} a clip of "
        "their own, or raise max-speakers if you accept the risk",
        (fix,) if fix else (), related,
    )


def _move_speaker_fix(ctx: ClipContext, key: str, name: str) -> Fix | None:
    """Move a speaker's sentences into a new clip after this one, which gets the scene before the
    first line, the same attributes and the same negative prompt."""
    clip, doc, text = ctx.clip, ctx.document, ctx.clip.text
    pieces: list[Span] = []
    for line in clip.dialogue:
        if line.speaker is None or line.speaker.key != key:
            continue
        host = line_of(clip, line.span.start)
        start = line.speaker.span.start - 1 if line.labelled and line.speaker.span else \
            sentence_start(text, host, line.span.start)
        end = _piece_end(text, host, start, line.span.end)
        if any(p.start < end and start < p.end for p in pieces):
            continue
        if any(other.span.start >= start and other.span.end <= end and other.speaker and other.speaker.key != key
               for other in clip.dialogue):
            return None  # a sentence shared with another speaker cannot move cleanly
        pieces.append(Span(start, end))
    if not pieces:
        return None
    said = [line.text.strip() for line in clip.dialogue if line.speaker is not None and line.speaker.key == key]
    for quote in clip.quotes:
        words = quote.text.strip()
        if words and not any(p.start <= quote.span.start < p.end for p in pieces) and any(words in w for w in said):
            return None  # a quote pointing back at a moved line would stay, and become a new line here
    moved = " ".join(_named(_sentence_case(text[p.start:p.end].strip().rstrip(";,").rstrip()), name) for p in pieces)
    nl = doc.newline
    edits = [_cut(text, line_of(clip, p.start), p) for p in pieces]
    body = nl.join(part for part in (_scene_before(ctx, pieces[0].start), moved) if part)
    negatives = "".join(nl + text[n.span.start:n.span.end].rstrip() for n in clip.negatives)
    edits.append(TextEdit(clip.span.end, clip.span.end,
                          f"{nl}{nl}{new_clip_heading(doc, clip, name)}{nl}{body}{negatives}"))
    return Fix(f"Move {_in_sentence(name)}\u2019s lines into a new clip after this one", tuple(edits), safe=False)


def _piece_end(text: str, host: Span, start: int, end: int) -> int:
    """The end of a moved sentence, with the `; ` that joined it to the next one."""
    while end < host.end and text[end] in TERMINAL + " \t":
        end += 1
    if end < host.end and text[end] in ";," and text[host.start:start].rstrip().endswith((";", ",")):
        end += 1
        while end < host.end and text[end] in " \t":
            end += 1
    return end


def _cut(text: str, host: Span, piece: Span) -> TextEdit:
    """Remove a piece without leaving the blanks before it at the end of its line."""
    start = piece.start
    if piece.end >= host.end:
        while start > host.start and text[start - 1] in " \t":
            start -= 1
    return TextEdit(start, piece.end, "")


def _scene_before(ctx: ClipContext, at: int) -> str:
    """The clip's words before its first line of dialogue: the scene the new clip needs."""
    clip, text = ctx.clip, ctx.clip.text
    first = min([d.span.start for d in clip.dialogue] + [at])
    lines = [line for line in clip.prompt_lines if line.start < first]
    if not lines:
        return ""
    host = lines[-1]
    end = sentence_start(text, host, first) if host.start <= first <= host.end else host.end
    parts = [text[line.start:line.end].strip() for line in lines[:-1]] + [text[host.start:end].strip()]
    return " ".join(part for part in parts if part and not part.lower().startswith("negative"))


_PRONOUN = re.compile(r"(?:He|She|They)\b")


def _named(sentence: str, name: str) -> str:
    """`He says, …` moved away from the scene naming him would be someone else's line: name him."""
    return _PRONOUN.sub(_sentence_case(name), sentence, count=1) if _PRONOUN.match(sentence) else sentence


def _sentence_case(words: str) -> str:
    return words[:1].upper() + words[1:] if words[:1].islower() else words


# --- missing-speaking-style ---------------------------------------------------------------

STYLE_INSERTS = ("calmly", "in a whisper", "loudly", "nervously")
LABEL_INSERTS = ("calm voice", "whispering", "shouting", "nervous voice")


def has_style(ctx: ClipContext, line: Dialogue) -> bool:
    return gives_style(line, ctx.vocab, grammar().not_adverbs)


def check_style(ctx: ClipContext):
    """One finding per speaker who never gets a style: once a voice is set, it carries."""
    styled = {line.speaker.key for line in ctx.clip.dialogue if line.speaker and has_style(ctx, line)}
    reported: set[str] = set()
    text = ctx.clip.text
    for line in ctx.clip.dialogue:
        if line.speaker is not None and line.speaker.source == "continuation" and line.style is None:
            continue  # "a" (pause) "b": the second part speaks like the first
        if has_style(ctx, line) or line.delivery == "singing" or line.delivery in SILENT:
            continue  # a sung line is music: its voice is the song's; a mouthed one is not heard
        key = line.speaker.key if line.speaker else f"line:{line.span.start}"
        if key in styled or key in reported:
            continue
        if not _reads_manner_around(ctx, line):
            continue  # a style may be there, in words kling has no vocabulary for
        reported.add(key)
        yield Finding(
            "missing-speaking-style", Severity.INFORMATION, line.inner,
            f"{_style_evidence(line, _picked_voice(ctx, line))}; say how it is spoken (says calmly, whispers, "
            "shouts, speaks nervously) and the model shapes tone and pacing to match",
            _style_fixes(ctx, line),
        )


_LEAD_IN = 40  # characters before a line read for the language of its lead-in


def _reads_manner_around(ctx: ClipContext, line: Dialogue) -> bool:
    """Whether the words that would give this line's style are English, the only language whose
    manner words kling knows: `그녀가 부드럽게 말함:`, `他低声说`, `Ella dice suavemente:` may style
    the line in words kling cannot read, and a missing style there would be a guess."""
    if line.verb and line.verb.isascii():
        return True  # an English speech verb leads the line in: its sentence is English
    text = ctx.clip.text
    own_line = line_of(ctx.clip, line.span.start).start  # not the line before: its words style nothing here
    lead_in = text[max(ctx.clip.body.start, own_line, line.span.start - _LEAD_IN):line.span.start]
    if any(c.isalpha() for c in lead_in) and not latin_script(lead_in):
        return False  # the lead-in is in another script
    found = detect(_prose(ctx.clip, PROSE_SAMPLE))
    return found is None or found.code == "en"


_PICKED_VOICE = re.compile(r"@[^\W\d_][\w'\u2019 -]{0,40}?\bvoice\b", re.IGNORECASE)


def _picked_voice(ctx: ClipContext, line: Dialogue) -> str | None:
    """The voice the writer picked for the line from a voice library by name (`@Intellectual Female
    Voice`) on its own line before it: it sets who the voice is, not how the line is said, and the
    message says it was seen."""
    start = max(ctx.clip.body.start, line.span.start - _LEAD_IN - 20)
    lead_in = ctx.clip.text[start:line.span.start]
    m = _PICKED_VOICE.search(lead_in, lead_in.rfind("\n") + 1)
    return m.group() if m else None


def _may_be_sung(ctx: ClipContext, line: Dialogue) -> bool:
    """A line sung, handed over by a singing verb, or said by someone who sings in this clip
    (`A girl sings along, "La la." She smiles. "La la la."`)."""
    if line.delivery == "singing":
        return True
    verb = ctx.vocab.speech_verbs.get((line.verb or "").lower())
    if verb is not None and verb.data.get("delivery") == "singing":
        return True
    key = line.speaker.key if line.speaker is not None else None
    return key is not None and any(other.delivery == "singing" and other.speaker is not None
                                   and other.speaker.key == key for other in ctx.clip.dialogue)


def _style_evidence(line: Dialogue, voice: str | None = None) -> str:
    """What was read before saying a line has no style: the verb, the speaker, the scopes."""
    if voice is not None:
        return (f"the voice {voice} is picked for this line, but nothing says how the line is delivered "
                "(its tone, pace or manner)")
    who = _in_sentence(line.speaker.name) if line.speaker is not None else None
    if line.verb:
        said = f"\u201c{line.verb}\u201d"
        lead = f"{who} {said} this line" if who else f"this line is {said}"
        return (f"{lead} with no word on how it sounds, and neither its sentence, "
                f"{'the speaker' + chr(8217) + 's introduction' if who else 'its lead-in'} nor the clip gives one")
    if who:
        return f"nothing in this line's sentence, in how {who} is introduced or in the clip says how it is spoken"
    return "nothing in this line's sentence or in the clip says how it is spoken"


def _in_sentence(name: str) -> str:
    """A speaker's name as it reads mid-sentence: `A baker` -> `a baker`, `Anna` stays."""
    first, _, rest = name.partition(" ")
    if first.lower() in ("a", "an", "the", "his", "her", "their", "my", "our", "your", "one", "he", "she", "they"):
        return " ".join([first.lower(), rest]).strip()
    return name


def _style_fixes(ctx: ClipContext, line: Dialogue) -> tuple[Fix, ...]:
    if _may_be_sung(ctx, line):
        return ()  # a speaking style would turn a song into speech: the message is enough
    fixes = _style_inserts(ctx, line)
    if any(_in_other_words(ctx.clip, line, e.start) for fix in fixes for e in fix.edits):
        return ()  # the words would be spoken as part of another quote: that quote needs mending first
    return fixes


def _in_other_words(clip: Clip, line: Dialogue, at: int) -> bool:
    """Whether text written at `at` would join the words of another quote on its line: inside
    it, or right after a quote left open, which runs on to the next mark (`"He said "no" twice."`
    reads `He said` as a quote that the second mark cuts off; found by the fuzzer, issue 13)."""
    text = clip.text
    for host, quotes in clip.line_quotes:
        if not host.start <= at <= host.end:
            continue
        for q in quotes:
            if q.start == line.span.start:
                continue  # the line's own quote
            if q.start < at < q.end or (not q.closed and q.start < at and not text[q.end:at].strip()):
                return True
    return False


def _style_inserts(ctx: ClipContext, line: Dialogue) -> tuple[Fix, ...]:
    text = ctx.clip.text
    if line.labelled and line.speaker is not None and line.speaker.span is not None:
        close = line.speaker.span.end  # just before "]"
        at = text.find("@", line.speaker.span.start, close)
        insert_at = at if at != -1 else close
        while insert_at > line.speaker.span.start and text[insert_at - 1] == " ":
            insert_at -= 1
        return tuple(Fix(f"Add \u201c{word}\u201d to the label", (TextEdit(insert_at, insert_at, f", {word}"),))
                     for word in LABEL_INSERTS)
    if line.style is not None and line.style.source == "verb" and line.verb:
        verb_at = text.find(line.verb, line.style.span.start, line.style.span.end)
        if verb_at == -1:
            verb_at = line.style.span.start
        end = verb_at + len(line.verb)
        return tuple(Fix(f"Make it \u201c{line.verb} {word}\u201d", (TextEdit(end, end, f" {word}"),))
                     for word in STYLE_INSERTS)
    if line.open_mark:
        at = line.span.start
        return tuple(Fix(f"Add \u201c({word})\u201d before the line", (TextEdit(at, at, f"({word}) "),))
                     for word in ("calmly", "whispering", "shouting", "nervously"))
    return ()


# --- dialogue-language --------------------------------------------------------------------


def check_language(ctx: ClipContext):
    voiced = tuple(ctx.config.get("voiced-languages"))
    declared = ctx.clip.settings.language
    seen: set[str | None] = set()
    for line in ctx.clip.dialogue:
        if line.delivery in SILENT:
            continue
        found = detect(line.text)
        if found is None or found.name in seen:
            continue
        seen.add(found.name)  # one finding per language per clip
        where = f"this line is in {found.name}"
        if found.code is None or found.code not in voiced:
            yield Finding(
                "dialogue-language", Severity.WARNING, line.inner,
                f"{where}, which Kling does not voice natively (it voices {', '.join(NAMES.get(v, v) for v in voiced)}); "
                "expect a translation or garbled speech. Write the line in a voiced language",
            )
        elif declared is not None and found.code != declared:
            yield Finding(
                "dialogue-language", Severity.WARNING, line.inner,
                f"{where}, but this clip's language is {NAMES.get(declared, declared)}; fix the line or the "
                "clip's language setting",
            )
        elif found.code != "en" and declared is None and not intended(found.code, _prose(ctx.clip)):
            yield Finding(
                "dialogue-language", Severity.INFORMATION, line.inner,
                f"{where}: Kling voices it, but lip sync is most reliable in English. Set "
                f"language={found.code} on the clip to say this is intended",
                _language_fix(ctx, found.code),
            )


def _prose(clip, most: int | None = None) -> str:
    """The clip's own words with its quotes blanked out: what the writer says about the clip
    (its first `most` characters, when enough to tell a language)."""
    text, parts, at, size = clip.text, [], clip.body.start, 0
    for _, quotes in clip.line_quotes:
        for q in quotes:
            parts.append(text[at:q.start])
            size += max(0, q.start - at)
            at = max(at, q.end)
            if most is not None and size >= most:
                return " ".join(parts)[:most]
    parts.append(text[at:clip.body.end])
    joined = " ".join(parts)
    return joined if most is None else joined[:most]


def _language_fix(ctx: ClipContext, code: str) -> tuple[Fix, ...]:
    heading = ctx.clip.heading
    if heading is None:
        return ()
    if heading.attributes_span is not None:
        close = heading.attributes_span.end - 1
        edit = TextEdit(close, close, f" language={code}")
    else:
        edit = TextEdit(heading.span.end, heading.span.end, f" {{language={code}}}")
    return (Fix(f"Declare language={code} for this clip", (edit,), safe=False),)


# --- dialogue-exceeds-duration ------------------------------------------------------------


def _spoken(ctx: ClipContext) -> tuple[list[Dialogue], list[float]]:
    """The clip's lines with words, and the seconds each takes to speak."""
    wps = float(ctx.config.get("words-per-second"))
    cps = float(ctx.config.get("chars-per-second"))
    lines = [d for d in ctx.clip.dialogue if d.words]
    return lines, [speaking_seconds(d.text, wps, cps) for d in lines]


def fits(ctx: ClipContext, duration: float) -> bool:
    """Whether the clip's dialogue can be spoken in `duration` seconds, as dialogue-exceeds-duration
    judges it: what another rule's fix must know before it sets the clip's duration."""
    return sum(_spoken(ctx)[1]) <= duration + SLACK


def check_duration(ctx: ClipContext):
    clip = ctx.clip
    lines, seconds = _spoken(ctx)
    if not lines:
        return
    default = clip.settings.source_of("duration") == "default"
    longest = MAX_SECONDS.get(clip.settings.model, 15)
    # with no duration set, the writer may still pick any length in Kling: only the longest counts
    duration = longest if default else clip.settings.duration
    total = sum(seconds)
    if total > duration + SLACK:
        crossing = _crossing(lines, seconds, duration)
        needed = math.ceil(total)
        fixes = ()
        if not default and needed <= longest and clip.settings.model == "kling-3.0":
            edits = set_duration(ctx.document, clip, needed)
            if edits:
                fixes = (Fix(f"Make the clip {needed} s long", tuple(edits), safe=False),)
        note = f" at most ({clip.settings.model}'s longest clip)" if default else ""
        yield Finding(
            "dialogue-exceeds-duration", Severity.WARNING, crossing.inner,
            f"the dialogue needs about {total:.1f} s to speak, but the clip lasts {duration} s{note}; the "
            "speech will be rushed or cut off. Shorten the lines or lengthen the clip",
            fixes,
        )
    by_shot: dict[int, list[tuple[Dialogue, float]]] = {}
    for d, t in zip(lines, seconds):
        if d.shot is not None and d.runs_to_shot is None:  # a line quoted again later runs on: not its shot's alone
            by_shot.setdefault(d.shot, []).append((d, t))
    for index, shot in enumerate(clip.shots):
        if shot.duration is None:
            continue
        in_shot = by_shot.get(index, [])
        shot_total = sum(t for _, t in in_shot)
        if in_shot and shot_total > shot.duration + SLACK:  # none: a shot that runs backwards
            crossing = _crossing([d for d, _ in in_shot], [t for _, t in in_shot], shot.duration)
            yield Finding(
                "dialogue-exceeds-duration", Severity.WARNING, crossing.inner,
                f"the dialogue of shot {shot.number} needs about {shot_total:.1f} s, but the shot lasts "
                f"{shot.duration:g} s; shorten the lines or give the shot more time",
            )


def _crossing(lines: list[Dialogue], seconds: list[float], limit: float) -> Dialogue:
    running = 0.0
    for line, t in zip(lines, seconds):
        running += t
        if running > limit:
            return line
    return lines[-1]


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


register(Rule("dialogue-too-long", Severity.WARNING,
              "A clip's lip-synced dialogue runs past max-dialogue-words (20), where lip sync starts to drift.",
              check_too_long, "dialogue"))
register(Rule("multiple-speakers", Severity.WARNING,
              "More people speak in one clip than max-speakers (1); lip-sync accuracy drops with each voice.",
              check_speakers, "dialogue"))
register(Rule("missing-speaking-style", Severity.INFORMATION,
              "A line of dialogue says nothing about how it is spoken (calmly, whispering, shouting...).",
              check_style, "dialogue"))
register(Rule("dialogue-language", Severity.INFORMATION,
              "Dialogue not in English (less precise lip sync), not in a language Kling voices, or not the clip's language.",
              check_language, "dialogue"))
register(Rule("dialogue-exceeds-duration", Severity.WARNING,
              "The dialogue takes longer to speak than the clip (or shot) lasts.",
              check_duration, "dialogue"))
