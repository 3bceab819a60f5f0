"""parse(text) -> Document: front matter, clips, and everything inside them, with offsets.

The parser never raises on any input: problems become findings. A clip is the unit of
work (clips are independent), so callers can re-parse or re-check one clip at a time.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .findings import Finding, Fix, Severity, TextEdit
from .frontmatter import parse_front_matter
from .headings import is_heading, parse_heading
from .matcher import PhraseMatcher
from .model import (
    Clip, Comment, Dialogue, Document, Heading, Negative, Quote, Section, Shot, Speaker, Style,
    Suppression,
)
from .quotes import RawQuote, scan_line
from .references import scan_references
from .settings import ClipSettings
from .shots import match_shot
from .spans import Span
from .speakers import Attribution, ClipSpeakers, Label, _LABEL
from .text import LineIndex, newline_style
from .vocab import Vocabulary, vocabulary

NEGATIVE = re.compile(r"[ \t]*negative(?:[ \t]+prompt)?[ \t]*:[ \t]*", re.IGNORECASE)
COMMENT = re.compile(r"[ \t]*//")
SUPPRESSION = re.compile(r"[ \t]*//[ \t]*kling-ignore(?![\w-])[ \t]*:?")
RULE_NAME = re.compile(r"[A-Za-z0-9][\w-]*")
BRACKET_SECTION = re.compile(r"[ \t]*(?:\[([^\]\n]{1,40})\]|\u3010([^\u3011\n]{1,12})\u3011)")
CHARACTER_LINE = re.compile(r"[ \t]*(?:[-*\u2022][ \t]*)?([A-Z\u00c0-\u00de][\w'\u2019.-]*(?:[ \t][A-Z][\w'\u2019.-]*){0,2})[ \t]*:[ \t]*(\S.*)")
VOICEOVER_LINE = re.compile(
    r"(?:^|(?<=[.!?\u3002]\s)|(?<=[.!?\u3002]))[ \t]*(?P<who>voice[- ]?over|narrator|narration|v\.?o\.?)[ \t]*"
    r"(?:\((?P<style>[^()\n]{0,200})\))?[ \t]*:[ \t]*(?P<text>[^\s\"'\u201c\u2018\u300c\u300e\u00ab][^\n]*)",
    re.IGNORECASE,
)
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(rf"[{CJK}]|(?:(?![{CJK}])[^\W_])+(?:['\u2019-](?:(?![{CJK}])[^\W_])+)*")


@lru_cache(maxsize=1)
def _section_pattern() -> re.Pattern[str]:
    return PhraseMatcher(vocabulary().section_kinds, suffix=r"[ \t]*:(?![/\d])").pattern


def count_words(text: str) -> int:
    """Words of spoken text; each Chinese or Japanese character counts as one."""
    return sum(1 for _ in WORD.finditer(text))


def parse(text: str) -> Document:
    vocab = vocabulary()
    index = LineIndex(text)
    lines = [Span(start, index.line_end(i)) for i, start in enumerate(index.starts)]
    bom = text.startswith("\ufeff")
    if bom:
        lines[0] = Span(1, lines[0].end)

    front, findings, body_line = parse_front_matter(text, lines, 0)
    defaults = ClipSettings()
    if front is not None:
        defaults = defaults.updated(front.values, "front matter")

    headings = [i for i in range(body_line, len(lines)) if is_heading(text, *lines[i])]
    file_suppressions: list[Suppression] = []
    file_comments: list[Comment] = []
    clips: list[Clip] = []

    preamble_end = headings[0] if headings else len(lines)
    has_prompt = False
    for i in range(body_line, preamble_end):
        s, e = lines[i]
        if COMMENT.match(text, s, e):
            sup = _suppression(text, Span(s, e), "file")
            if sup is not None:
                file_suppressions.append(sup)
            else:
                file_comments.append(Comment(Span(s, e), text[s:e].strip()))
        elif text[s:e].strip():
            has_prompt = True
    if has_prompt:
        clips.append(_parse_clip(text, lines, body_line, preamble_end, None, defaults, 0, vocab))
    for n, first in enumerate(headings):
        last = headings[n + 1] if n + 1 < len(headings) else len(lines)
        clips.append(_parse_clip(text, lines, first, last, lines[first], defaults, len(clips), vocab))

    return Document(text, index, front, defaults, clips, file_suppressions, file_comments, findings,
                    bom, newline_style(text))


def _suppression(text: str, line: Span, scope: str) -> Suppression | None:
    m = SUPPRESSION.match(text, line.start, line.end)
    if m is None:
        return None
    rest_end = line.end
    for stop in ("--", "#", "\u2014"):
        at = text.find(stop, m.end(), line.end)
        if at != -1:
            rest_end = min(rest_end, at)
    names = tuple((r.group(), Span(r.start(), r.end())) for r in RULE_NAME.finditer(text, m.end(), rest_end))
    return Suppression(line, names, scope)


def _parse_clip(
    text: str, lines: list[Span], first: int, last: int, heading_line: Span | None,
    defaults: ClipSettings, index: int, vocab: Vocabulary,
) -> Clip:
    heading: Heading | None = None
    findings: list[Finding] = []
    settings = defaults
    body_first = first
    if heading_line is not None:
        heading, findings = parse_heading(text, heading_line)
        values = {a.key: a.value for a in heading.attributes if a.value is not None}
        settings = defaults.updated(values, "heading")
        body_first = first + 1
    end_line = last - 1
    while end_line >= body_first and not text[lines[end_line].start:lines[end_line].end].strip():
        end_line -= 1
    span_start = heading_line.start if heading_line else lines[first].start
    span_end = lines[max(end_line, first)].end if end_line >= first else (heading_line.end if heading_line else lines[first].end)
    body_start = lines[body_first].start if body_first < len(lines) and body_first < last else span_end
    clip = Clip(index, heading.name if heading else None, heading, Span(span_start, span_end),
                Span(body_start, max(body_start, span_end)), settings, findings=findings)

    line_quotes: list[tuple[Span, list[RawQuote]]] = []
    shot_open: Shot | None = None
    shot_last_end = 0
    section_pattern = _section_pattern()

    def close_shot() -> None:
        nonlocal shot_open
        if shot_open is not None:
            end = max(shot_last_end, shot_open.marker_span.end)
            shot_open.span = Span(shot_open.span.start, end)
            shot_open.text_span = Span(shot_open.text_span.start, max(shot_open.text_span.start, end))
            shot_open = None

    for i in range(body_first, last):
        line = lines[i]
        s, e = line
        if COMMENT.match(text, s, e):
            sup = _suppression(text, line, "clip")
            if sup is not None:
                clip.suppressions.append(sup)
            else:
                clip.comments.append(Comment(line, text[s:e].strip()))
            continue
        neg = NEGATIVE.match(text, s, e)
        if neg is not None:
            close_shot()
            value_end = e
            while value_end > neg.end() and text[value_end - 1] in " \t":
                value_end -= 1
            clip.negatives.append(Negative(line, Span(neg.end(), value_end), text[neg.end():value_end]))
            continue
        if not text[s:e].strip():
            close_shot()
            continue

        clip.prompt_lines.append(line)
        quotes = scan_line(text, s, e)
        quote_spans = [Span(q.start, q.end) for q in quotes]

        bracket = BRACKET_SECTION.match(text, s, e)
        if bracket is not None:
            word = (bracket.group(1) or bracket.group(2) or "").strip()
            kind = vocab.section_kinds.get(word.lower())
            if kind is not None:
                close_shot()
                clip.sections.append(Section(word, kind, Span(bracket.start(1 if bracket.group(1) else 2) - 1,
                                                               bracket.end()), Span(bracket.end(), bracket.end())))
        marker = match_shot(text, s, e)
        if marker is not None:
            close_shot()
            number = marker.number if marker.number is not None else len(clip.shots) + 1
            shot_open = Shot(number, marker.duration, Span(s, e), Span(marker.start, marker.end),
                             Span(marker.end, e), marker.kind)
            clip.shots.append(shot_open)
        if shot_open is not None:
            shot_last_end = e

        for m in section_pattern.finditer(text, s, e):
            if any(q.start <= m.start() < q.end for q in quote_spans):
                continue
            before = text[s:m.start()].rstrip()
            if before and before[-1] not in ".!?)]\"\u201d:;,\u3002" and not before.endswith("**"):
                continue  # a section word mid-sentence ("the audio: ...") is ordinary prose
            word = m.group("p")
            clip.sections.append(Section(word, vocab.section_kinds.get(" ".join(word.lower().split()), "other"),
                                         Span(m.start(), m.end()), Span(m.end(), m.end())))

        for q in quotes:
            if not q.closed:
                clip.findings.append(_unclosed(q))
        line_quotes.append((line, quotes))

        label_spans = [Span(m.start(), m.end()) for m in _LABEL.finditer(text, s, e)
                       if not any(qs.start <= m.start() < qs.end for qs in quote_spans)]
        refs, ref_findings = scan_references(text, s, e, label_spans)
        clip.references.extend(refs)
        clip.findings.extend(ref_findings)
    close_shot()

    clip.sections.sort(key=lambda sec: sec.span.start)
    for n, section in enumerate(clip.sections):
        stop = clip.sections[n + 1].span.start if n + 1 < len(clip.sections) else clip.span.end
        section.body = Span(section.span.end, max(section.span.end, stop))

    if any(qs for _, qs in line_quotes) or any(VOICEOVER_LINE.search(text, l.start, l.end) for l in clip.prompt_lines):
        _read_dialogue(text, clip, line_quotes, vocab)

    if heading is not None and not clip.prompt_lines:
        clip.findings.append(Finding(
            "empty-clip", Severity.WARNING, heading.name_span if heading.name else heading.span,
            f"clip {clip.title!r} has no prompt text, so there is nothing to generate",
        ))
    return clip


def _unclosed(q: RawQuote) -> Finding:
    closer = q.expected_close
    if q.reopened:
        message = (f"this {q.open_mark}…{closer} quote is not closed before the next one opens; "
                   "the model may read the following words as speech")
        fix = Fix(f"Close the quote with {closer} after {q.end - q.inner_start} characters",
                  (TextEdit(q.end, q.end, closer),), safe=False)
    else:
        message = (f"this {q.open_mark}…{closer} quote is never closed, so the rest of the line reads "
                   "as spoken words; close it where the line of dialogue ends")
        fix = Fix(f"Close the quote with {closer} at the end of the line", (TextEdit(q.end, q.end, closer),), safe=True)
    return Finding("unclosed-quote", Severity.ERROR, Span(q.start, q.start + 1), message, (fix,))


def _read_dialogue(text: str, clip: Clip, line_quotes: list[tuple[Span, list[RawQuote]]], vocab: Vocabulary) -> None:
    speakers = ClipSpeakers(text, vocab)
    for line, quotes in line_quotes:
        s, e = line
        character = CHARACTER_LINE.match(text, s, e)
        if character and not quotes and character.group(1).lower() not in vocab.section_kinds:
            speakers.register_character(character.group(1), character.group(2))
        quote_spans = [Span(q.start, q.end) for q in quotes]
        labels: list[Label] = []
        for m in _LABEL.finditer(text, s, e):
            if any(qs.start <= m.start() < qs.end for qs in quote_spans):
                continue
            label = speakers.read_label(m.start(), m.end())
            if label is not None:
                labels.append(label)
        mentions = speakers.read_line(s, e, quote_spans, labels)

        previous_end: int | None = None
        previous: Attribution | None = None
        for q in quotes:
            att = speakers.attribute(s, q, previous_end, previous, mentions, labels)
            inner = Span(q.inner_start, q.inner_end)
            words = text[inner.start:inner.end]
            if att.is_text:
                clip.quotes.append(Quote(Span(q.start, q.end), inner, words))
                continue
            clip.dialogue.append(Dialogue(
                Span(q.start, q.end), inner, words, q.open_mark, q.close_mark, q.closed, count_words(words),
                att.speaker, att.style, att.verb, att.delivery, att.voice, att.labelled, _shot_of(clip, q.start),
            ))
            previous_end, previous = q.end, att

        for m in VOICEOVER_LINE.finditer(text, s, e):
            start = m.start("text")
            if any(qs.start <= m.start("who") < qs.end for qs in quote_spans):
                continue
            stop = m.end("text")
            while stop > start and text[stop - 1] in " \t":
                stop -= 1
            narrator = speakers.narrator()
            style = None
            if m.group("style"):
                style = Style(m.group("style").strip(), Span(m.start("style"), m.end("style")), "parenthesis")
            words = text[start:stop]
            clip.dialogue.append(Dialogue(
                Span(start, stop), Span(start, stop), words, "", "", True, count_words(words),
                Speaker(narrator.key, narrator.name, Span(m.start("who"), m.end("who")), "voiceover"),
                style, None, "voiceover", None, False, _shot_of(clip, start),
            ))
    clip.dialogue.sort(key=lambda d: d.span.start)


def _shot_of(clip: Clip, offset: int) -> int | None:
    for n, shot in enumerate(clip.shots):
        if shot.span.start <= offset <= shot.span.end:
            return n
    return None
