"""Music: loud music under dialogue, and details the model cannot honour (BPM, key, songs)."""

from __future__ import annotations

import re

from ..audio import Cue, scan_audio
from ..findings import Finding, Fix, Related, Severity, TextEdit
from ..spans import Span
from . import ClipContext, Rule, register
from .edits import insert_before, line_of, phrase_start, remove_phrase, sentence_end


def _soften(text: str, start: int, cue_start: int, words: str, line_start: int) -> TextEdit:
    """Put `words` before the music phrase, in place of a loudness word if it has one."""
    loud = LOUDER.match(text, start, cue_start)
    if loud is not None:
        end = loud.end()
        while end < cue_start and text[end] in " \t,":
            end += 1
        replacement = words[:1].upper() + words[1:] if text[start].isupper() else words
        return TextEdit(start, end, replacement + " ")
    return insert_before(text, start, words, line_start)


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
    explicit = [c for c in scan.music + scan.music_styles if not c.negated and not c.in_label]
    explicit.sort(key=lambda c: c.span.start)
    text = clip.text
    established_low = any(_is_low(scan, cue, clip) for cue in explicit)
    for cue in explicit:
        if _is_low(scan, cue, clip):
            continue
        if established_low and not LOUDER.search(text, cue.sentence.start, cue.sentence.end):
            continue  # the music was set low earlier; a later mention keeps that level
        line = line_of(clip, cue.span.start)
        start = phrase_start(text, line.start, cue.span.start)
        fixes = tuple(
            Fix(title, (_soften(text, start, cue.span.start, words, line.start),), safe=True)
            for title, words in (("Make it soft background music", "soft background"), ("Make it a subtle score", "subtle")))
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
    itself in its clause: an instrument or music noun, a music cue of the vocabulary (`orchestral
    brass like …`), or a verb of playing or hearing music (`hums along to …`)."""
    window_start = max(line_start, offset - 40)
    if MUSIC_NOUN_BEFORE.search(ctx.clip.text, window_start, offset) or \
            MUSIC_BEFORE_QUOTE.search(ctx.clip.text, window_start, offset):
        return True
    scan = scan_audio(ctx.clip)
    for cue in scan.music + scan.music_styles + scan.implied:
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
