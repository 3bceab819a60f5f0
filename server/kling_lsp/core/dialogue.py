"""Reading a clip's dialogue: which quotes are speech, who says them and how.

Runs on first use of `Clip.dialogue`, after the structural parse, so editors and the
export can read a file's structure without paying for speaker analysis.
"""

from __future__ import annotations

import re

from .model import Clip, Dialogue, Quote, Speaker, Style
from .speakers import Attribution, ClipSpeakers, Label, _LABEL
from .spans import Span
from .vocab import vocabulary

CHARACTER_LINE = re.compile(
    r"[ \t]*(?:[-*\u2022][ \t]*)?([A-Z\u00c0-\u00de][\w'\u2019.-]*(?:[ \t][A-Z][\w'\u2019.-]*){0,2})[ \t]*:[ \t]*(\S.*)"
)
VOICEOVER_LINE = re.compile(
    r"(?:^|(?<=[.!?\u3002]\s)|(?<=[.!?\u3002]))[ \t]*(?P<who>voice[- ]?over|narrator|narration|v\.?o\.?)[ \t]*"
    r"(?:\((?P<style>[^()\n]{0,200})\))?[ \t]*:[ \t]*(?P<text>[^\s\"'\u201c\u2018\u300c\u300e\u00ab][^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
# a line that stops mid-sentence after a speech verb and its comma or colon ("... and says gently,")
_LEADS_ON = re.compile(r"[^\W\d_][ \t]*[,:][ \t]*$")
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(rf"[{CJK}]|(?:(?![{CJK}])[^\W_])+(?:['\u2019-](?:(?![{CJK}])[^\W_])+)*")
_VOICEOVER_HINT = re.compile(r"voice|narrat|v\.?o\b", re.IGNORECASE)


def count_words(text: str) -> int:
    """Words of spoken text; each Chinese or Japanese character counts as one."""
    return sum(1 for _ in WORD.finditer(text))


def read_dialogue(clip: Clip) -> tuple[list[Dialogue], list[Quote]]:
    text = clip.text
    dialogue: list[Dialogue] = []
    quotes: list[Quote] = []
    voiceover_lines = [line for line, _ in clip.line_quotes if _VOICEOVER_HINT.search(text, line.start, line.end)]
    if not any(qs for _, qs in clip.line_quotes) and not voiceover_lines:
        return dialogue, quotes
    vocab = vocabulary()
    speakers = ClipSpeakers(text, vocab)
    wrapped: tuple[int, list, list[Label]] | None = None  # a line that leads into a quote on the next
    for line, raw_quotes in clip.line_quotes:
        s, e = line
        character = CHARACTER_LINE.match(text, s, e)
        if character and not raw_quotes and character.group(1).lower() not in vocab.section_kinds:
            speakers.register_character(character.group(1), character.group(2))
        quote_spans = [Span(q.start, q.end) for q in raw_quotes]
        labels: list[Label] = []
        if "[" in text[s:e]:
            for m in _LABEL.finditer(text, s, e):
                if any(qs.start <= m.start() < qs.end for qs in quote_spans):
                    continue
                label = speakers.read_label(m.start(), m.end())
                if label is not None:
                    labels.append(label)
        mentions = speakers.read_line(s, e, quote_spans, labels)

        previous_end: int | None = None
        previous: Attribution | None = None
        for n, q in enumerate(raw_quotes):
            if n == 0 and wrapped is not None and not text[s:q.start].strip():
                # a sentence hard-wrapped before its quote: '... and says gently,' / '"Eat slowly."'
                att = speakers.attribute(wrapped[0], q, None, None, wrapped[1] + mentions, wrapped[2] + labels)
            else:
                att = speakers.attribute(s, q, previous_end, previous, mentions, labels)
            inner = Span(q.inner_start, q.inner_end)
            words = text[inner.start:inner.end]
            if att.is_text:
                quotes.append(Quote(Span(q.start, q.end), inner, words))
                continue
            dialogue.append(Dialogue(
                Span(q.start, q.end), inner, words, q.open_mark, q.close_mark, q.closed, count_words(words),
                att.speaker, att.style, att.verb, att.delivery, att.voice, att.labelled, _shot_of(clip, q.start),
            ))
            previous_end, previous = q.end, att

        if line in voiceover_lines:
            dialogue.extend(_unquoted_voiceover(clip, speakers, s, e, quote_spans))
        wrapped = (s, mentions, labels) if not raw_quotes and _leads_into_a_quote(text, s, e, vocab) else None
    dialogue.sort(key=lambda d: d.span.start)
    return dialogue, quotes


def _leads_into_a_quote(text: str, s: int, e: int, vocab) -> bool:
    """A line that stops after a speech verb (and its manner) with a comma or colon."""
    end = _LEADS_ON.search(text, s, e)
    if end is None:
        return False
    return any(True for _ in vocab.speech_verb_matcher.finditer(text, max(s, end.start() - 40), end.end()))


def _unquoted_voiceover(clip: Clip, speakers: ClipSpeakers, s: int, e: int, quote_spans: list[Span]) -> list[Dialogue]:
    """`Voiceover (deep voice): words without quotes` to the end of the line."""
    text = clip.text
    found = []
    for m in VOICEOVER_LINE.finditer(text, s, e):
        if any(qs.start <= m.start("who") < qs.end for qs in quote_spans):
            continue
        start, stop = m.start("text"), m.end("text")
        while stop > start and text[stop - 1] in " \t":
            stop -= 1
        narrator = speakers.narrator()
        style = None
        if m.group("style"):
            style = Style(m.group("style").strip(), Span(m.start("style"), m.end("style")), "parenthesis")
        words = text[start:stop]
        found.append(Dialogue(
            Span(start, stop), Span(start, stop), words, "", "", True, count_words(words),
            Speaker(narrator.key, narrator.name, Span(m.start("who"), m.end("who")), "voiceover"),
            style, None, "voiceover", None, False, _shot_of(clip, start),
        ))
    return found


def _shot_of(clip: Clip, offset: int) -> int | None:
    for n, shot in enumerate(clip.shots):
        if shot.span.start <= offset <= shot.span.end:
            return n
    return None
