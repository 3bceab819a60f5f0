"""Music: loud music under dialogue, and details the model cannot honour (BPM, key, songs)."""

from __future__ import annotations

import re

from ..audio import Cue, scan_audio
from ..findings import Finding, Fix, Related, Severity, TextEdit
from ..spans import Span
from . import ClipContext, Rule, register
from .edits import insert_before, line_of, phrase_start, remove_phrase, sentence_end


# loudness a softening fix takes out: words in front of the music, a verb of loud playing after it,
# and a level phrase (`Blasting, ear-splitting house music pounds at full volume`)
_LOUD_MODIFIER = re.compile(r"(?:loud|louder|blaring|booming|blasting|thunderous|deafening|ear-splitting|pounding|"
                            r"pumping|roaring|soaring|swelling|throbbing|full-volume)$", re.IGNORECASE)
_LOUD_VERB = re.compile(r"\b(?:blares|booms|blasts|pounds|pumps|roars|soars|swells|thunders|throbs)\b", re.IGNORECASE)
_LOUD_LEVEL = re.compile(r",?[ \t]+(?:at[ \t]+(?:full|top|high|maximum)[ \t]+volume|loudly|full[ \t]+blast)\b", re.IGNORECASE)
_LEAD_WORDS = re.compile(r"(?:[\w'\u2019-]+[ \t]*,?[ \t]*)$")
_CLAUSE_END = re.compile(r"[,.;:!?\n\"\u201c\u201d]")


def _soften(clip, cue: Cue, words: str) -> Fix:
    """Set the music low: `words` in front of it, every loudness word of the cue taken out (a verb
    of loud playing becomes `plays`). Safe only when no loud word is left in its sentence."""
    text = clip.text
    line = line_of(clip, cue.span.start)
    start = _modifiers_start(text, line.start, cue.span.start)
    edits = [_soften_modifiers(text, start, cue.span.start, words, line.start)]
    clause_end = _CLAUSE_END.search(text, cue.span.end, line.end)
    stop = clause_end.start() if clause_end else line.end
    verb = _LOUD_VERB.search(text, cue.span.end, stop)
    if verb is not None:
        edits.append(TextEdit(verb.start(), verb.end(), "plays"))
    for level in _LOUD_LEVEL.finditer(text, cue.span.end, stop):
        if verb is None or level.start() >= verb.end():
            edits.append(TextEdit(level.start(), level.end(), ""))
    safe = not _loud_left(clip, cue, edits)
    title = f"Make it {'soft background music' if words.startswith('soft') else 'a subtle score'}"
    return Fix(title, tuple(edits), safe=safe)


def _modifiers_start(text: str, line_start: int, at: int) -> int:
    """Start of the words before the music noun, with loud adjectives in a comma list before them."""
    start = phrase_start(text, line_start, at)
    while True:
        m = _LEAD_WORDS.search(text, max(line_start, start - 30), start)
        if m is None or m.start() == start or not _LOUD_MODIFIER.match(m.group().rstrip(" \t,")):
            return start
        start = m.start()


def _soften_modifiers(text: str, start: int, at: int, words: str, line_start: int) -> TextEdit:
    kept = [w for w in re.findall(r"[\w'\u2019-]+", text[start:at]) if not _LOUD_MODIFIER.match(w)]
    if len(kept) == len(re.findall(r"[\w'\u2019-]+", text[start:at])):
        return insert_before(text, start, words, line_start)
    sentence_first = text[start:start + 1].isupper()
    if sentence_first and kept and not kept[0].isupper():
        kept[0] = kept[0].lower()
    phrase = " ".join([words] + kept)
    if sentence_first:
        phrase = phrase[:1].upper() + phrase[1:]
    return TextEdit(start, at, phrase + " ")


def _loud_left(clip, cue: Cue, edits: list[TextEdit]) -> bool:
    """Whether a loud word of the cue's sentence, outside the spoken words, escapes the edits."""
    text = clip.text
    spoken = [d.span for d in clip.dialogue] + [q.span for q in clip.quotes]
    for m in list(LOUDER.finditer(text, cue.sentence.start, cue.sentence.end)) + \
            [w for w in re.finditer(r"[\w-]+", text[cue.sentence.start:cue.sentence.end])]:
        s0 = m.start() + (cue.sentence.start if m.re is not LOUDER else 0)
        e0 = m.end() + (cue.sentence.start if m.re is not LOUDER else 0)
        if m.re is not LOUDER and not _LOUD_MODIFIER.match(m.group()):
            continue
        if any(sp.start <= s0 < sp.end for sp in spoken):
            continue
        if not any(e.start <= s0 and e0 <= e.end for e in edits):
            return True
    return False


def _inside_a_quote(clip, at: int) -> bool:
    """A sentence that runs into a quote left open ends inside the spoken words: a sentence
    written there would be spoken too, so no fix until the quote is closed."""
    return any(d.span.start < at < d.span.end or (not d.closed and d.span.start < at <= d.span.end)
               for d in clip.dialogue) or any(q.span.start < at < q.span.end for q in clip.quotes)


def _is_low(scan, cue: Cue, clip) -> bool:
    if any(low.sentence == cue.sentence and not low.negated for low in scan.low):
        return True
    for section in clip.sections:
        if section.word.lower() == "background" and section.span.end <= cue.span.start < section.body.end:
            return True
    return False


def check_music_over_dialogue(ctx: ClipContext):
    clip = ctx.clip
    spoken = [d for d in clip.dialogue if d.delivery != "singing"]
    if not spoken:
        return  # sung or rapped lines are the music's own voice
    scan = scan_audio(clip)
    first_line = spoken[0]
    related = (Related(first_line.inner, "the dialogue it competes with"),)
    sung = [d.span.start for d in clip.dialogue if d.delivery == "singing"]
    explicit = [c for c in scan.music + scan.music_styles if not c.negated and not c.in_label
                and not any(c.sentence.start <= at <= c.sentence.end + 2 for at in sung)]  # `The song goes: "…"`
    explicit.sort(key=lambda c: c.span.start)
    text = clip.text
    established_low = any(_is_low(scan, cue, clip) for cue in explicit)
    for cue in explicit:
        if _is_low(scan, cue, clip):
            continue
        if established_low and not LOUDER.search(text, cue.sentence.start, cue.sentence.end):
            continue  # the music was set low earlier; a later mention keeps that level
        fixes = tuple(_soften(clip, cue, words) for words in ("soft background", "subtle"))
        yield Finding(
            "music-over-dialogue", Severity.WARNING, cue.span,
            f"\u201c{text[cue.span.start:cue.span.end]}\u201d plays in a clip with dialogue and nothing keeps it "
            "low, so it may drown the voices; ask for soft background music or a subtle score",
            fixes, related,
        )
        return
    if explicit:
        return
    for cue in scan.implied:
        if cue.negated or cue.in_label or _is_low(scan, cue, clip):
            continue
        line = line_of(clip, cue.span.start)
        end = sentence_end(text, line, cue.span.end)
        genre = cue.entry.data.get("genre", "")
        yield Finding(
            "music-over-dialogue", Severity.INFORMATION, cue.span,
            f"\u201c{text[cue.span.start:cue.span.end]}\u201d brings its own {genre + ' ' if genre else ''}music, which "
            "may compete with the dialogue; say how loud it should be, e.g. soft background music",
            () if _inside_a_quote(clip, end) else
            (Fix("Add \u201cSoft background music.\u201d", (TextEdit(end, end, " Soft background music."),), safe=True),),
            related,
        )
        return


LOUDER = re.compile(r"\b(?:loud|louder|loudly|blar\w*|boom\w*|swell\w*|crescendo|blast\w*|pump\w*|"
                    r"full volume|thunderous|deafening|soar\w*)\b", re.IGNORECASE)
BPM = re.compile(r"(?:\b(?:at|with|of)\s+(?:a\s+)?(?:tempo\s+of\s+)?)?\b(\d{2,3})\s*(?:bpm|b\.p\.m\.?|beats\s+per\s+minute)\b", re.IGNORECASE)
KEY = re.compile(
    r"(?:\bin\s+the\s+)?\bkey\s+of\s+([A-G](?:#|\u266f|b|\u266d|-sharp|-flat|\s+sharp|\s+flat)?)(?![\w#])(?:\s*(major|minor)\b)?"
    r"|\bin\s+([A-G](?:#|\u266f|b|\u266d|-sharp|-flat|\s+sharp|\s+flat)?)\s*(major|minor|maj|min)\b"
)
BY_ARTIST = re.compile(
    r"\b(?:song|track|music|tune|album|single|hit|cover|remix|score|soundtrack|beat)s?\s+by\s+"
    r"([A-Z][\w'\u2019.&-]*(?:\s+(?:[A-Z][\w'\u2019.&-]*|&|and|of|the)){0,4})"
)
TITLE_BY = re.compile(  # "exactly like Enter Sandman by Metallica", in a sentence about music
    r"\b([A-Z][\w'\u2019-]*(?:\s+(?:[A-Z][\w'\u2019-]*|of|the|a|in|on|and)){0,5}?)\s+by\s+"
    r"([A-Z][\w'\u2019.&-]*(?:\s+[A-Z][\w'\u2019.&-]*){0,3})"
)
STYLE_OF = re.compile(
    r"\b(?:in\s+the\s+style\s+of|in\s+the\s+vein\s+of|reminiscent\s+of|inspired\s+by|(?-i:like)|[\u00e0a]\s+la)\s+"
    r"((?!(?:The|A|An|This|That|In|On|At)\b)[A-Z][\w'\u2019.&-]*(?:\s+[A-Z][\w'\u2019.&-]*){0,3})"
    r"|\b((?!(?:The|A|An)\b)[A-Z][\w'\u2019.&]*(?:\s+[A-Z][\w'\u2019.&]*){0,2})-(?:style|esque|inspired|like)\b"
)
MUSIC_BEFORE_QUOTE = re.compile(
    r"\b(?:song|track|tune|single|album|cover|music|plays|playing|sings|singing|remix|anthem|hit|melody|dances to|dancing to|along to|soundtrack|score|bgm|theme)\b[\w\s,:]{0,20}$",
    re.IGNORECASE,
)


QUOTE_BY = re.compile(r"[ \t]*(?:\([^()\n]{0,40}\)[ \t]*)?,?[ \t]*by[ \t]+[A-Z\u00c0-\u00de]")  # `"Song" by Artist`
_DETAIL_HINT = re.compile(r"\d|key|\bin\b|\bby\b|style|esque|like|reminiscent|inspired|vein|\bla\b", re.IGNORECASE)
# a comparison names the music's model only when it follows a word for the music itself
MUSIC_NOUN_BEFORE = re.compile(
    r"\b(?:music|score|soundtrack|song|songs|track|beat|beats|melody|tune|sound|sounds|synths?|piano|guitars?|strings|"
    r"orchestra|band|bgm|vocals|plays|playing|riff|groove|bassline|jazz|rock|pop|hip-hop|electronic)\b[^.!?;\n]{0,25}$",
    re.IGNORECASE)


def _tempo_words(bpm: int) -> str:
    return "a slow tempo" if bpm < 90 else ("a moderate tempo" if bpm <= 120 else "a fast, driving tempo")


def check_unsupported_detail(ctx: ClipContext):
    clip = ctx.clip
    text = clip.text
    blocked = [d.span for d in clip.dialogue]
    named: list[Span] = []
    for line in clip.prompt_lines:
        if not _DETAIL_HINT.search(text, line.start, line.end):
            continue  # none of the details can be on this line
        for m in BPM.finditer(text, line.start, line.end):
            if _blocked(blocked, m.start()):
                continue
            span = Span(m.start(), m.end())
            bpm = int(m.group(1))
            yield Finding(
                "unsupported-music-detail", Severity.WARNING, span,
                f"Kling cannot follow an exact tempo ({bpm} BPM); describe the feel instead, e.g. {_tempo_words(bpm)}",
                (Fix(f"Remove \u201c{m.group()}\u201d", (remove_phrase(text, span, line),), safe=True),
                 Fix(f"Say \u201cwith {_tempo_words(bpm)}\u201d instead",
                     (TextEdit(span.start, span.end, "with " + _tempo_words(bpm)),))),
            )
        for m in KEY.finditer(text, line.start, line.end):
            if _blocked(blocked, m.start()) or not _music_near(ctx, m.start()):
                continue
            span = Span(m.start(), m.end())
            mode = m.group(2) or m.group(4) or ""
            mood = "a melancholic feel" if mode.startswith("min") else "a bright, open feel"
            yield Finding(
                "unsupported-music-detail", Severity.WARNING, span,
                "Kling cannot follow a musical key; describe the mood of the music instead",
                (Fix(f"Remove \u201c{m.group()}\u201d", (remove_phrase(text, span, line),), safe=True),
                 Fix(f"Say \u201cwith {mood}\u201d instead", (TextEdit(span.start, span.end, f"with {mood}"),))),
            )
        reported: list[Span] = []
        for pattern in (BY_ARTIST, STYLE_OF, TITLE_BY):
            for m in pattern.finditer(text, line.start, line.end):
                named_after_music = pattern is not BY_ARTIST and _follows_music(ctx, line.start, m.start())
                if _blocked(blocked, m.start()) or \
                        (pattern is not BY_ARTIST and not named_after_music and not _music_near(ctx, m.start())):
                    continue
                if pattern is TITLE_BY:
                    if any(r.start <= m.start(2) < r.end for r in reported):
                        continue  # already reported as "song by X"
                    title_start = m.start(1) - (1 if text[m.start(1) - 1:m.start(1)] in _OPENING_QUOTES else 0)
                    span = Span(title_start, m.end(2) - (1 if m.group(2).endswith(".") else 0))
                    reported.append(span)
                    yield Finding(
                        "unsupported-music-detail", Severity.WARNING, span,
                        f"Kling makes original music and cannot play a named song ({text[span.start:span.end]}); "
                        "describe its genre, tempo and mood instead",
                        (Fix(f"Remove \u201c{text[span.start:span.end]}\u201d", (remove_phrase(text, span, line),)),),
                    )
                    continue
                group = 1 if m.group(1) is not None else 2
                if pattern is STYLE_OF and re.match(r"\s+by\s+[A-Z]", text[m.end():m.end() + 6]):
                    continue  # `like Enter Sandman by Metallica`: a song and its artist, reported as such
                if pattern is STYLE_OF and group == 1 and not m.group().lower().startswith("in the style") and \
                        (not named_after_music or _APPEARANCE.search(text, max(line.start, m.start() - 20), m.start())):
                    continue  # `she looks like Audrey Hepburn`: a comparison, not a music reference
                name_end = m.end(group) - (1 if m.group(group).endswith(".") else 0)
                span = Span(m.start(group), name_end)
                if group == 2:  # `a Vangelis-style score`: the name and its suffix go together
                    reported.append(span)
                    yield Finding(
                        "unsupported-music-detail", Severity.WARNING, span,
                        f"Kling makes original music and cannot imitate a named artist ({text[span.start:span.end]}); "
                        "describe the genre, instruments and mood instead",
                        (Fix(f"Remove \u201c{m.group()}\u201d", (remove_phrase(text, Span(m.start(), m.end()), line),)),),
                    )
                    continue
                reported.append(span)
                yield Finding(
                    "unsupported-music-detail", Severity.WARNING, span,
                    f"Kling makes original music and cannot imitate a named artist ({text[span.start:span.end]}); describe the "
                    "genre, instruments and mood instead",
                    (Fix(f"Remove \u201c{m.group(group)}\u201d",
                         (remove_phrase(text, Span(text.rfind(" ", line.start, m.start(1) - 1) + 1 if pattern is BY_ARTIST
                                                   else m.start(), name_end), line),)),),
                )
        named.extend(reported)
    for quote in clip.quotes:
        if any(r.start < quote.span.end and quote.span.start < r.end for r in named):
            continue  # the title was reported with its artist
        if not quote.text.strip(" \t\"'\u201c\u201d\u2018\u2019"):
            continue  # `sings ““`: marks with no words name no song
        host = line_of(clip, quote.span.start)
        if MUSIC_BEFORE_QUOTE.search(text, max(host.start, quote.span.start - 40), quote.span.start) or \
                QUOTE_BY.match(text, quote.span.end, host.end):
            yield Finding(
                "unsupported-music-detail", Severity.WARNING, quote.span,
                f"Kling makes original music and cannot play a named song ({quote.text}); describe its genre, "
                "tempo and mood instead",
                (Fix("Remove the title", (remove_phrase(text, quote.span, host),)),),
            )


def _blocked(blocked: list[Span], offset: int) -> bool:
    return any(b.start <= offset < b.end for b in blocked)


def _follows_music(ctx: ClipContext, line_start: int, offset: int) -> bool:
    """A comparison or a title names the music's model only when it follows a word for the music
    itself in its clause: an instrument or music noun, a music cue the prompt asks for (`orchestral
    brass like …`), or a verb of playing or hearing music (`hums along to …`)."""
    window_start = max(line_start, offset - 40)
    if MUSIC_NOUN_BEFORE.search(ctx.clip.text, window_start, offset) or \
            MUSIC_BEFORE_QUOTE.search(ctx.clip.text, window_start, offset):
        return True
    scan = scan_audio(ctx.clip)
    for cue in scan.music + scan.music_styles:  # not music a scene implies: `dance battle energy, like Step Up`
        if window_start <= cue.span.end <= offset and not _CLAUSE_BREAK.search(ctx.clip.text, cue.span.end, offset):
            return True
    return False


_CLAUSE_BREAK = re.compile(r"[.!?;:\n]")
_APPEARANCE = re.compile(r"\b(?:looks?|looking|dressed|dresses|styled|resembl\w+|seems?|appears?)[ \t]*$", re.IGNORECASE)
_OPENING_QUOTES = frozenset("'\"\u2018\u201c")


def _music_near(ctx: ClipContext, offset: int) -> bool:
    scan = scan_audio(ctx.clip)
    sentence = scan.sentence_at(offset)
    return any(c.sentence == sentence for c in scan.music + scan.music_styles + scan.implied)


register(Rule("music-over-dialogue", Severity.WARNING,
              "Music that nothing keeps low plays under dialogue and may drown the voices.",
              check_music_over_dialogue, "music"))
register(Rule("unsupported-music-detail", Severity.WARNING,
              "An exact tempo (BPM), a musical key, or a named song or artist: details Kling cannot honour.",
              check_unsupported_detail, "music"))
