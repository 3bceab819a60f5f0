"""parse(text) -> Document: front matter, clips, and everything inside them, with offsets.

The parser never raises on any input: problems become findings. A clip is the unit of
work (clips are independent), so callers can re-parse or re-check one clip at a time.
"""

from __future__ import annotations

import re

from .findings import Finding, Fix, Severity, TextEdit
from . import suppressions
from .frontmatter import parse_front_matter
from .gcpause import LARGE, collector_paused
from .headings import is_heading, parse_heading
from .model import (
    Clip, Comment, Document, Heading, Negative, Section, Shot, Suppression,
)
from .quotes import FAMILY, OPENERS, QUOTE_CHARS, RawQuote, scan_line
from .references import scan_references
from .settings import ClipSettings, SettingError, parse_setting
from .shots import inline_shots, match_shot
from .spans import Span
from .speakers import _LABEL
from .text import LineIndex, newline_style
from .vocab import Vocabulary, vocabulary

NEGATIVE = re.compile(r"[ \t]*negative(?:[ \t]+prompt)?[ \t]*:[ \t]*", re.IGNORECASE)
COMMENT = re.compile(r"[ \t]*//")
# a negative prompt pasted after the prompt on its line, after a sentence's end
INLINE_NEGATIVE = re.compile(r"(?<=[.!?;\u3002])[ \t]+(negative(?:[ \t]+prompt)?[ \t]*:)[ \t]*", re.IGNORECASE)
# `one continuous mirror-selfie take`, `single unbroken handheld shot`: words may stand between
ONE_TAKE = re.compile(r"\b(?:(?:one|single|continuous|unbroken)[ \t-]+(?:continuous[ \t-]+)?(?:shot|take)|oner|no cuts"
                      r"|(?:one|single|continuous|unbroken|uncut)[ \t-]+(?:[\w-]+[ \t]+){0,2}take"
                      r"|(?:continuous|unbroken|uncut)[ \t-]+(?:[\w-]+[ \t]+){0,2}shot)\b", re.IGNORECASE)
BRACKET_SECTION = re.compile(r"[ \t]*(?:\[([^\]\n]{1,40})\]|\u3010([^\u3011\n]{1,40})\u3011)")
def parse(text: str, defaults: ClipSettings | None = None, first_index: int = 0,
          more_clips_follow: bool = False, newline: str | None = None) -> Document:
    """Parse a whole file; or, with `defaults`, one region of a file that starts at a heading
    (the editor re-reads only the regions an edit touched, with the file's front matter).
    For a region, `more_clips_follow` says other clips come after it and `newline` is the
    file's line break, which fixes insert."""
    if len(text) < LARGE:  # a clip of a file the editor reads region by region: no pause needed
        document = _parse(text, defaults, first_index)
    else:
        with collector_paused(len(text)):
            document = _parse(text, defaults, first_index)
    document.more_clips_follow = more_clips_follow
    if newline is not None:
        document.newline = newline
    return document


def _parse(text: str, given_defaults: ClipSettings | None = None, first_index: int = 0) -> Document:
    vocab = vocabulary()
    index = LineIndex(text)
    lines = [Span(start, index.line_end(i)) for i, start in enumerate(index.starts)]
    bom = text.startswith("\ufeff")
    if bom:
        lines[0] = Span(1, lines[0].end)

    if given_defaults is not None:
        front, findings, body_line = None, [], 0
        defaults = given_defaults
    else:
        front, findings, body_line = parse_front_matter(text, lines, 0)
        defaults = ClipSettings()
        if front is not None:
            defaults = defaults.updated(front.values, "front matter")

    headings = [i for i in range(body_line, len(lines))
                if is_heading(text, *lines[i])]
    file_suppressions: list[Suppression] = []
    file_comments: list[Comment] = []
    clips: list[Clip] = []

    preamble_end = headings[0] if headings else len(lines)
    has_prompt = False
    for i in range(body_line, preamble_end):
        s, e = lines[i]
        if COMMENT.match(text, s, e):
            sup = suppressions.read(text, Span(s, e), "file")
            if sup is not None:
                file_suppressions.append(sup)
            else:
                file_comments.append(Comment(Span(s, e), text[s:e].strip()))
        elif text[s:e].strip():
            has_prompt = True
    if has_prompt:
        clips.append(_parse_clip(text, lines, body_line, preamble_end, None, defaults, first_index, vocab))
    for n, first in enumerate(headings):
        last = headings[n + 1] if n + 1 < len(headings) else len(lines)
        clips.append(_parse_clip(text, lines, first, last, lines[first], defaults, first_index + len(clips), vocab))

    return Document(text, index, front, defaults, clips, file_suppressions, file_comments, findings,
                    bom, newline_style(text))


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
    if end_line >= body_first:
        span_end = lines[end_line].end
    else:
        span_end = heading_line.end if heading_line else lines[first].end
    body_start = lines[body_first].start if body_first < last else span_end
    clip = Clip(index, heading.name if heading else None, heading, Span(span_start, span_end),
                Span(body_start, max(body_start, span_end)), settings, text=text, findings=findings)

    state = _ShotState(clip)
    section_kinds = vocab.section_kinds
    wrapped_to = -1  # where a quote hard-wrapped from the line before closed
    for i in range(body_first, last):
        line = lines[i]
        s, e = line
        segment = text[s:e]
        stripped = segment.lstrip()
        if not stripped.strip():
            state.close()
            continue
        lead = stripped[0]
        if lead == "/" and stripped.startswith("//"):
            sup = suppressions.read(text, line, "clip")
            if sup is not None:
                if heading_line is not None:  # above the first heading they are file-wide
                    clip.suppressions.append(sup)
            else:
                clip.comments.append(Comment(line, segment.strip()))
            continue
        if lead in "Nn":
            neg = NEGATIVE.match(text, s, e)
            if neg is not None:
                state.close()
                value_end = e
                while value_end > neg.end() and text[value_end - 1] in " \t":
                    value_end -= 1
                clip.negatives.append(Negative(line, Span(neg.end(), value_end), text[neg.end():value_end]))
                continue

        inline_negative = _inline_negative(text, s, e) if "egative" in segment or "EGATIVE" in segment else None
        if inline_negative is not None:  # `… text stays locked. Negative prompt: blur, warping`
            clip.negatives.append(inline_negative)
            line = Span(s, inline_negative.span.start)
            e = line.end
            while e > s and text[e - 1] in " \t":
                e -= 1
            line = Span(s, e)
        clip.prompt_lines.append(line)
        quotes = scan_line(text, max(s, wrapped_to), e) if wrapped_to <= e else []  # else: inside the quote
        if wrapped_to <= e:
            wrapped_to = -1
        if quotes and not quotes[-1].closed and not quotes[-1].reopened and i + 1 < last:
            wrapped_to = _wrap(text, quotes[-1], lines[i + 1:min(last, i + 1 + _WRAP_LINES)])
        quote_spans = [Span(q.start, q.end) for q in quotes]

        if lead in "[\u3010":
            bracket = BRACKET_SECTION.match(text, s, e)
            if bracket is not None:
                word = (bracket.group(1) or bracket.group(2) or "").strip()
                kind = section_kinds.get(word.lower()) or _header_kind(word, section_kinds, vocab)
                if kind is not None:
                    state.close()
                    clip.sections.append(Section(word, kind, Span(bracket.start() + len(segment) - len(stripped),
                                                                  bracket.end()), Span(bracket.end(), bracket.end())))
        marker = None
        if lead in _SHOT_LEADS or not (lead.isascii() or lead.isalpha()):
            marker = match_shot(text, s, e)
        if ":" in segment or "\uff1a" in segment:
            starts_section = _colon_sections(text, s, segment, quote_spans, clip, section_kinds)
            if starts_section and marker is None:
                state.close()  # "Audio: ..." after the shots belongs to the clip, not the last shot
        if marker is not None and state.rewinds(marker):
            state.close()  # `0:00-0:04: breathing` under the shots: a second timeline (sound layers), no shot
            marker = None
        if marker is not None:
            state.open(marker, line.start, e)
        elif not state.goes_on():
            state.close()
        for inline in inline_shots(text, marker.end if marker else s, e, quote_spans):
            if not state.rewinds(inline):
                state.open(inline, inline.start, e, inline=True)
        state.extend(e)

        for q in quotes:
            if not q.closed:
                clip.findings.append(_unclosed(q, text))
        clip.line_quotes.append((line, quotes))

        if "<" in segment or "@" in segment:
            label_spans = []
            if "[" in segment:
                label_spans = [Span(m.start(), m.end()) for m in _LABEL.finditer(text, s, e)
                               if not any(qs.start <= m.start() < qs.end for qs in quote_spans)]
            refs, ref_findings = scan_references(text, s, e, label_spans)
            clip.references.extend(refs)
            clip.findings.extend(ref_findings)
    state.close()

    if clip.shots and all(shot.marker_kind == "timecode" and "shot" not in text[shot.marker_span.start:
                                                                              shot.marker_span.end].lower()
                          for shot in clip.shots) and ONE_TAKE.search(text, clip.body.start, clip.body.end):
        clip.shots = []  # `15 Seconds / Continuous Shot`: its time codes are beats of one take, not shots
    clip.sections.sort(key=lambda sec: sec.span.start)
    for n, section in enumerate(clip.sections):
        stop = clip.sections[n + 1].span.start if n + 1 < len(clip.sections) else clip.span.end
        section.body = Span(section.span.end, max(section.span.end, stop))

    _written_settings(clip)
    if heading is not None and not clip.prompt_lines:
        clip.findings.append(Finding(
            "empty-clip", Severity.WARNING, heading.name_span if heading.name else heading.span,
            f"clip {clip.title!r} has no prompt text, so there is nothing to generate",
        ))
    return clip


# setting words of a meta section, and how the writer's value reads after the colon
_WRITTEN = {
    "duration": re.compile(r"[ \t]*(?:~|about[ \t]+|approx\.?[ \t]+)?(\d{1,2})[ \t]*(?:s|secs?|seconds?|秒)"
                           r"(?![\w\u4e00-\u9fff-])", re.IGNORECASE),
    "aspect": re.compile(r"[ \t]*(\d{1,2}[ \t]*[:/x][ \t]*\d{1,2})(?![\w:/])"),
}
_WRITTEN_KEYS = {"duration": "duration", "length": "duration", "clip length": "duration", "video length": "duration",
                 "total duration": "duration", "时长": "duration", "長さ": "duration",
                 "aspect": "aspect", "aspect ratio": "aspect", "ratio": "aspect", "比例": "aspect", "画幅": "aspect"}


def _written_settings(clip: Clip) -> None:
    """`Duration: 4 seconds`, `Aspect ratio: 9:16` in a clip's own text set the clip when no
    heading or front matter does: the writer said it, if not in kling's syntax. A value kling
    cannot read is left alone (the clip keeps its default)."""
    for section in clip.sections:
        key = _WRITTEN_KEYS.get(section.word.lower()) if section.kind == "meta" else None
        if key is None or clip.settings.source_of(key) != "default" or key in clip.written:
            continue
        value = _WRITTEN[key].match(clip.text, section.span.end, section.body.end)
        if value is None:
            continue
        try:
            setting = parse_setting(key, value.group(1))
        except SettingError:
            continue
        clip.settings = clip.settings.updated({key: setting}, "prompt")
        clip.written[key] = Span(value.start(1), value.end(1))
    if "duration" not in clip.written and clip.settings.source_of("duration") == "default":
        _length_in_prose(clip)


# `a 15-second cinematic video`, `an 8s clip`, `15 秒电影感短片`, `10 秒の動画`: the clip's length in its prose
_PROSE_LENGTH = re.compile(
    r"(?<![\d.:-])(\d{1,2})[ \t]*(?:-[ \t]*)?(?:s|secs?|seconds?)\b[ \t-]+(?:[\w,'-]+[ \t]+){0,4}?"
    r"(?:videos?|clips?|films?|shorts?|sequences?|ads?|commercials?|spots?|reels?|trailers?|teasers?|animations?|"
    r"movies?|stories|story|montages?|vlogs?)\b"
    r"|(?<![\d.:-])(\d{1,2})[ \t]*\u79d2(?:\u306e|\u7684)?[^\s\u3002\uff0c,.!?\d]{0,12}?"
    r"(?:\u89c6\u9891|\u77ed\u7247|\u5f71\u7247|\u52a8\u753b|\u52d5\u753b|\u30d3\u30c7\u30aa|\u6620\u50cf|\u5e7f\u544a|\u7247)",
    re.IGNORECASE)
_PROSE_REACH = 400  # the length is stated where the prompt says what it is: near its start


def _length_in_prose(clip: Clip) -> None:
    """The clip's length said once in its opening prose sets its duration; two different lengths
    (`a 5-second clip … extend to a 10-second video`) leave it unset rather than guess."""
    text = clip.text
    end = min(clip.body.end, clip.body.start + _PROSE_REACH)
    found = list(_PROSE_LENGTH.finditer(text, clip.body.start, end))
    values = {m.group(1) or m.group(2) for m in found}
    if len(values) != 1:
        return
    m = found[0]
    group = 1 if m.group(1) else 2
    try:
        setting = parse_setting("duration", m.group(group))
    except SettingError:
        return
    clip.settings = clip.settings.updated({"duration": setting}, "prompt")
    clip.written["duration"] = Span(m.start(group), m.end(group))


# first characters a shot marker can start with (after blanks): cheap test before the regexes
_SHOT_LEADS = set("SsTtFfMmNnLlAa[(0123456789-*\u2022>\u30ab\u955c\u93e1\uc0f7")  # a connector may open a marker
_SECTION_WORDS = re.compile(r"((?:[A-Za-z\u00c0-\u024f][\w&/'\u2019-]*[ \t]+){0,2}[A-Za-z\u00c0-\u024f][\w&/'\u2019-]*"
                            r"|[\u3040-\u30ff\u4e00-\u9fff]{1,6})[ \t]*$")  # `Don't:`, `避免：`
_COLON = re.compile("[:\uff1a]")


def _header_kind(words: str, kinds: dict[str, str], vocab) -> str | None:
    """`【Dialogue lip-sync guidance】`, `[Audio notes]`: a bracketed header that opens with a section
    word is that section, as long as it names no one (`[Old man]` is a speaker's label)."""
    parts = words.replace("-", " ").split()
    if not parts or len(parts) > 5 or any(p.lower() in vocab.person_nouns for p in parts):
        return None
    return kinds.get(parts[0].lower())


def _colon_sections(text: str, s: int, segment: str, quote_spans: list[Span], clip: Clip, kinds: dict[str, str]) -> bool:
    """`Visual:` / `Sound Effects:` at a line start or after a sentence: a section word.
    Returns whether the line itself starts with one."""
    at_start = False
    for colon in _COLON.finditer(segment):
        pos = colon.start()
        after = segment[pos + 1:pos + 2]
        if after == "/" or (after.isdigit() and segment[pos - 1:pos].isdigit()):
            continue  # a URL or a clock time
        at = s + pos
        if any(q.start <= at < q.end for q in quote_spans):
            continue
        m = _SECTION_WORDS.search(segment, max(0, pos - 40), pos)
        if m is None:
            continue
        words = m.group(1).split()
        for take in range(len(words), 0, -1):  # longest known phrase ending at the colon
            phrase = " ".join(words[-take:])
            kind = kinds.get(phrase.lower().replace("\u2019", "'"))
            if kind is None:
                continue
            start = segment.rfind(words[-take], 0, pos)
            if take > 1:
                start = segment.rfind(" ".join(words[-take:]), 0, pos)
            before = segment[:start].rstrip()
            if before and before[-1] not in ".!?)]\"\u201d:;,\u3002\uff0c\uff1b\uff01\uff1f\u3001*":
                break  # mid-sentence ("the audio: ...") is ordinary prose
            clip.sections.append(Section(phrase, kind, Span(s + start, s + pos + 1), Span(s + pos + 1, s + pos + 1)))
            at_start = at_start or not before
            break
    return at_start


class _ShotState:
    """The shot being read: it runs until the next marker, a blank line, a section line,
    a Negative line or the end of the clip."""

    def __init__(self, clip: Clip) -> None:
        self.clip = clip
        self.shot: Shot | None = None
        self.last_end = 0
        self.latest_start: float | None = None  # where the latest time-coded shot began
        self.reached = 0.0  # where the time-coded shots end
        self.parallel = False  # reading a second timeline (sound layers) under the shots
        self.one_liners = True  # every shot so far ended on its marker's line
        self.closed = 0
        self.marker_line_end = 0
        self.scene_on_marker_line = False

    def rewinds(self, marker) -> bool:
        """A time code that starts again before the latest shot began (`0:00-0:04` under shots that
        reached 0:15): a parallel listing such as sound layers. One that only overlaps the latest
        shot (`[00:06-00:10]` after `[00:03-00:07]`) is a shot."""
        if marker.begins is None or self.latest_start is None:
            return False
        if self.parallel:  # inside a second listing until a time code goes on from where the shots ended
            self.parallel = marker.begins < self.reached - 1e-6
        else:
            self.parallel = marker.begins < self.latest_start - 1e-6
        return self.parallel

    def open(self, marker, start: int, line_end: int, inline: bool = False) -> None:
        """A shot from `start` (its line's start, or its marker's inside running text); the one before
        it ends where this one starts, blanks trimmed."""
        if inline and self.shot is not None:
            self.last_end = marker.prior_end
        self.close()
        number = marker.number if marker.number is not None else len(self.clip.shots) + 1
        own = self.clip.text[marker.end:line_end]
        self.marker_line_end = line_end
        self.scene_on_marker_line = len(own.split()) > _TITLE_WORDS or \
            sum(1 for ch in own if ch >= "\u3040") > _TITLE_CJK_CHARS
        self.shot = Shot(number, marker.duration, Span(start, line_end), Span(marker.start, marker.end),
                         Span(marker.end, line_end), marker.kind, marker.begins)
        self.clip.shots.append(self.shot)
        if marker.begins is not None:
            self.latest_start = max(self.latest_start or 0.0, marker.begins)
            self.reached = max(self.reached, marker.begins + (marker.duration or 0.0))

    def extend(self, end: int) -> None:
        if self.shot is not None:
            self.last_end = end

    def goes_on(self) -> bool:
        """Whether a line without a marker belongs to the open shot. Where the writer gave every
        shot one line, its scene on the marker's line (`0-4 秒：…` line after line), the lines after
        the last one are notes about the whole clip (`整体音效：…`), not more of that shot."""
        return not (self.shot is not None and self.scene_on_marker_line and self.closed and self.one_liners)

    def close(self) -> None:
        shot = self.shot
        if shot is not None:
            self.closed += 1
            self.one_liners = self.one_liners and self.last_end <= self.marker_line_end
            end = max(self.last_end, shot.marker_span.end)
            shot.span = Span(shot.span.start, end)
            shot.text_span = Span(shot.text_span.start, max(shot.text_span.start, end))
            self.shot = None


_WRAP_LINES = 6  # a hard-wrapped quote runs over this many more lines at most
_TITLE_WORDS, _TITLE_CJK_CHARS = 6, 12  # a marker line holding no more than this names its shot
_NEW_PART = re.compile(r"[ \t]*(?:#|//|\[|\u3010|[-*\u2022][ \t]|\w[\w '&/-]{0,24}:(?![/\d]))")


def _inline_negative(text: str, s: int, e: int) -> Negative | None:
    """`Negative prompt:` after a sentence's end, outside quotes, starts the negative prompt: the
    rest of the line is what Kling is asked to avoid, not part of the prompt."""
    for m in INLINE_NEGATIVE.finditer(text, s, e):
        if any(q.start <= m.start(1) < q.end for q in scan_line(text, s, e)):
            continue
        value_end = e
        while value_end > m.end() and text[value_end - 1] in " \t":
            value_end -= 1
        return Negative(Span(m.start(1), e), Span(m.end(), value_end), text[m.end():value_end])
    return None


def _wrap(text: str, q: RawQuote, next_lines: list[Span]) -> int:
    """A quote cut by hard line breaks (`"Every` / `case tells a story."`) closes on a following line
    of its paragraph: its first quote mark there, glued to the word before it and not to the one
    after; the lines between hold no quote mark at all. A quote left open is followed by a new line of
    prose or speech, whose first mark opens a quote instead, or by a blank line, a heading, a key
    or a list item. Extends `q` to that mark and returns where the line's own quotes start; -1 if
    it does not."""
    if not text[q.inner_start:q.end].strip():
        return -1
    closer = q.expected_close
    for s, e in next_lines:
        if not text[s:e].strip() or _NEW_PART.match(text, s, e):
            return -1
        for m in QUOTE_CHARS.finditer(text, s, e):
            at = m.start()
            glued = at > s and not text[at - 1].isspace()
            loose_after = at + 1 >= e or not text[at + 1].isalnum()
            if glued and not loose_after and text[at - 1].isalnum():
                continue  # an apostrophe: one's, don't
            if m.group() == closer and glued and loose_after:
                q.end, q.inner_end, q.close_mark, q.closed = at + 1, at, closer, True
                return at + 1
            return -1  # another mark comes first: the quote was left open
    return -1


def _unclosed(q: RawQuote, text: str) -> Finding:
    closer = q.expected_close
    last = text[q.inner_start:q.end].rstrip()[-1:]
    # a mark of the quote's own kind at its end opens nothing only because the line ends there:
    # a closing mark typed after it would open a new quote with it, so no fix is offered
    closable = not (last in OPENERS and FAMILY[last] == FAMILY[q.open_mark])
    if q.reopened:
        message = (f"this {q.open_mark}…{closer} quote is not closed before the next one opens; "
                   "the model may read the following words as speech")
        fix = Fix(f"Close the quote with {closer} after {q.end - q.inner_start} characters",
                  (TextEdit(q.end, q.end, closer),), safe=False)
    else:
        message = (f"this {q.open_mark}…{closer} quote is never closed, so the rest of the line reads "
                   "as spoken words; close it where the line of dialogue ends")
        fix = Fix(f"Close the quote with {closer} at the end of the line", (TextEdit(q.end, q.end, closer),), safe=True)
    return Finding("unclosed-quote", Severity.ERROR, Span(q.start, q.start + 1), message, (fix,) if closable else ())
