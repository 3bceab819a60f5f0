"""Text edits that rules' fixes share: inserting at a phrase, removing a phrase cleanly,
setting a clip's duration, splitting a clip."""

from __future__ import annotations

import re

from ..findings import TextEdit
from ..model import Clip, Document
from ..settings import SettingError, parse_setting
from ..spans import Span

_WORDISH = re.compile(r"[\w'\u2019-]")
_NP_STOP = {"a", "an", "the", "some", "his", "her", "their", "its", "my", "our", "your", "this", "that",
            "with", "and", "of", "in", "on", "as", "while", "to", "by", "from", "into", "over", "under", "then"}
_SENTENCE_BREAK = re.compile(r"[.!?;\u2026\u3002\uff01\uff1f]+[\"\u201d\u2019')\]]*\s+")


def phrase_start(text: str, line_start: int, at: int, max_words: int = 4) -> int:
    """Start of the modifiers in front of the noun at `at` ("upbeat jazz music" -> "upbeat")."""
    start = at
    words = 0
    pos = at
    while words < max_words:
        j = pos
        while j > line_start and text[j - 1] in " \t":
            j -= 1
        k = j
        while k > line_start and _WORDISH.match(text[k - 1]):
            k -= 1
        if k == j or text[k:j].lower() in _NP_STOP or not any(c.isalnum() for c in text[k:j]):
            break  # a dash standing alone (`SHOT 7 - Upbeat jazz`) ends the phrase
        start = k
        pos = k
        words += 1
    return start


def insert_before(text: str, at: int, words: str, line_start: int) -> TextEdit:
    """Insert `words` + space at `at`, capitalised if it starts a sentence (then the old first
    letter is lowered)."""
    if _starts_sentence(text, at, line_start) and text[at:at + 1].isupper() and not text[at:at + 2].isupper():
        return TextEdit(at, at + 1, words[:1].upper() + words[1:] + " " + text[at].lower())
    return TextEdit(at, at, words + " ")


def _starts_sentence(text: str, at: int, line_start: int) -> bool:
    before = text[line_start:at].rstrip()
    return not before or before[-1] in ".!?:;-\u2013\u2014\u3002" or before.endswith(("\u201d", '"'))


_ARTICLE = re.compile(r"\b(?:a|an|the)[ \t]+$", re.IGNORECASE)
# words that lead into a phrase and mean nothing without it: `exactly like X`, `completely silent`
_LEAD_IN = re.compile(r"(?:\b(?:exactly|just|very|much|quite|completely|totally|utterly|entirely|absolutely|almost|"
                      r"nearly|dead|like|as)[ \t]+)+$", re.IGNORECASE)
_TRAILER = re.compile(r"[ \t]+(?:at[ \t]+all|whatsoever)\b", re.IGNORECASE)  # `no sound at all`


def remove_phrase(text: str, span: Span, line: Span, noun: bool = False) -> TextEdit:
    """Delete a phrase with what belongs to it (the adverbs and comparison word that lead into it,
    `at all` after it, a noun's article) and one neighbouring separator, so no word is left
    dangling and no punctuation doubled."""
    start, end = span
    article = _ARTICLE.search(text, max(line.start, start - 5), start) if noun else None
    if article is not None:
        start = article.start()
    lead = _LEAD_IN.search(text, max(line.start, start - 60), start)
    if lead is not None:
        start = lead.start()
    trailer = _TRAILER.match(text, end, line.end)
    if trailer is not None:
        end = trailer.end()
    after = text[end:line.end]
    before = text[line.start:start]
    if before.endswith(", ") and after[:1] in (",", ":", ";", ".", "!", "?", ")"):
        # `music, 70 bpm, fills` loses both commas; in a list (`Music: a, like X, b`) one stays
        listed = ":" in _SENTENCE_BREAK.split(before)[-1]
        return TextEdit(start - 2, end + (1 if after.startswith(",") and not listed else 0), "")
    if after.startswith(", ") and (not before.strip() or before.rstrip().endswith((",", ".", ":", ";"))):
        end += 2
    elif after.startswith(" "):
        end += 1
    elif before.endswith(", "):
        start -= 2
    elif before.endswith(" "):
        start -= 1
    return TextEdit(start, end, "")


def sentence_start(text: str, line: Span, at: int) -> int:
    start = line.start
    for m in _SENTENCE_BREAK.finditer(text, line.start, at):
        start = m.end()
    return start


def sentence_end(text: str, line: Span, at: int) -> int:
    m = _SENTENCE_BREAK.search(text, at, line.end)
    if m is None:
        return line.end
    end = m.end()
    while end > m.start() and text[end - 1].isspace():
        end -= 1
    return end


def line_of(clip: Clip, offset: int) -> Span:
    for line in clip.prompt_lines:
        if line.start <= offset <= line.end:
            return line
    return Span(offset, offset)


def last_setting(settings, key: str):
    """The attribute or front-matter entry named `key` that the parser keeps: a key given twice
    takes its last value that reads (one that does not is reported and left out), so a fix must
    edit that one; with none that reads, the last one, which a good value then makes count.
    (`duration: 15` then `duration:` with nothing: the 15 counts; found by the fuzzer, issue 13.)"""
    named = [item for item in settings if item.key == key]
    return next((item for item in reversed(named) if _reads(item)), named[-1] if named else None)


def _reads(item) -> bool:
    if hasattr(item, "value"):  # a heading's attribute: None when its value does not read
        return item.value is not None
    try:
        parse_setting(item.key, item.raw)
    except SettingError:
        return False
    return True


def set_duration(document: Document, clip: Clip, seconds: int) -> list[TextEdit]:
    """Edits that make `clip` last `seconds`: its heading attribute, else the front matter."""
    nl = document.newline
    heading = clip.heading
    if clip.settings.source_of("duration") == "prompt":
        value = clip.written["duration"]  # `Duration: 4 seconds`: the writer's own number
        return [TextEdit(value.start, value.end, str(seconds))]
    if heading is not None:
        attribute = last_setting(heading.attributes, "duration")
        if attribute is not None:
            after = document.text[attribute.value_span.end:attribute.value_span.end + 1]
            if after and after not in " \t,}":
                return []  # `{duration==}`: a number written there would run into the rest and not read
            return [TextEdit(attribute.value_span.start, attribute.value_span.end, str(seconds))]
        if heading.attributes_span is not None:
            close = heading.attributes_span.end - 1
            inner = document.text[heading.attributes_span.start + 1:close].strip()
            return [TextEdit(close, close, (" " if inner else "") + f"duration={seconds}")]
        return [TextEdit(heading.span.end, heading.span.end, f" {{duration={seconds}}}")]
    front = document.front_matter
    if len(document.clips) > 1 or document.more_clips_follow:
        # the front matter is every clip's default: give this clip a heading of its own instead
        if not clip.prompt_lines:
            return []
        at = clip.prompt_lines[0].start
        if any(sup.span.start > at for sup in document.suppressions):
            return []  # a file-wide comment below would become this clip's
        return [TextEdit(at, at, f"# {{duration={seconds}}}{nl}")]
    if front is not None:
        entry = last_setting(front.entries, "duration")
        if entry is not None:
            return [TextEdit(entry.value_span.start, entry.value_span.end, str(seconds))]
        if front.closed:
            closing_line = document.lines.line_of(front.span.end)
            at = document.lines.starts[closing_line]
            return [TextEdit(at, at, f"duration: {seconds}{nl}")]
        return []
    at = 1 if document.bom else 0
    return [TextEdit(at, at, f"---{nl}duration: {seconds}{nl}---{nl}")]


def new_clip_heading(document: Document, clip: Clip, suffix: str) -> str:
    """A heading for a clip split off `clip`, with the same attributes."""
    level = clip.heading.level if clip.heading else 1
    attrs = ""
    if clip.heading is not None and clip.heading.attributes_span is not None:
        attrs = " " + document.text[clip.heading.attributes_span.start:clip.heading.attributes_span.end]
    return f"{'#' * level} {clip.title} ({suffix}){attrs}"
