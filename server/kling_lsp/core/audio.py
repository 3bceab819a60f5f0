"""The audio picture of one clip: every music cue, sound, silence and mood word in its
prompt text (outside dialogue and quoted text), with the sentence each one sits in.

Computed once per clip on first use and shared by the audio rules, hover and completion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from functools import lru_cache

from .matcher import PhraseMatcher
from .model import Clip
from .negation import is_negated
from .spans import Span
from .vocab import Entry, Vocabulary, vocabulary

_SENTENCE_END = re.compile(r"[.!?;\u2026\u3002\uff01\uff1f\uff1b]+[\"\u201d\u2019')\]]*(?=\s|$)|\n")
_LABEL_OR_ASIDE = re.compile(r"\[[^\[\]\n]{0,200}\]|\([^()\n]{0,200}\)")


@dataclass(slots=True)
class Cue:
    span: Span
    phrase: str
    entry: Entry
    sentence: Span
    negated: bool = False
    in_label: bool = False  # inside a [label] or a (parenthesis): a speaking style, not the scene
    section: str | None = None  # kind of the section the cue is in ("audio", "visual", ...)


@dataclass(slots=True)
class AudioScan:
    music: list[Cue] = field(default_factory=list)
    music_styles: list[Cue] = field(default_factory=list)
    low: list[Cue] = field(default_factory=list)
    implied: list[Cue] = field(default_factory=list)
    sounds: list[Cue] = field(default_factory=list)
    actions: list[Cue] = field(default_factory=list)
    described: list[Cue] = field(default_factory=list)
    silence: list[Cue] = field(default_factory=list)
    loud: list[Cue] = field(default_factory=list)
    mood: list[Cue] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)

    def sentence_at(self, offset: int) -> Span:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return Span(offset, offset)


def scan_audio(clip: Clip) -> AudioScan:
    cached = getattr(clip, "_audio", None)
    if cached is None:
        cached = _scan(clip, vocabulary())
        clip._audio = cached
    return cached


_MUSIC_KINDS = frozenset({"music.cue", "music.style", "music.implied"})
# a comparison before a music word makes it a figure for how something moves or sounds, not music
_COMPARED = re.compile(r"\b(?:like|unlike|than|as[ \t]+if|as[ \t]+though)[ \t]+(?:(?:a|an|the|some)[ \t]+)?"
                       r"(?:[\w'-]+[ \t]+){0,2}$", re.IGNORECASE)


def _scan(clip: Clip, vocab: Vocabulary) -> AudioScan:
    text = clip.text
    scan = AudioScan()
    blocked = [d.span for d in clip.dialogue] + [q.span for q in clip.quotes]
    blocked.sort()
    for line in clip.prompt_lines:
        start = line.start
        for m in _SENTENCE_END.finditer(text, line.start, line.end):
            if m.end() > start:
                scan.sentences.append(Span(start, m.end()))
            start = m.end()
        if start < line.end:
            scan.sentences.append(Span(start, line.end))
    asides = [Span(m.start(), m.end()) for line in clip.prompt_lines
              for m in _LABEL_OR_ASIDE.finditer(text, line.start, line.end)] + _shot_titles(clip)
    asides.sort()

    targets = {
        "music.cue": scan.music, "music.style": scan.music_styles, "music.low": scan.low,
        "music.implied": scan.implied, "sound_effects.sound": scan.sounds, "sound_actions.action": scan.actions,
        "atmosphere.silence": scan.silence, "atmosphere.loud": scan.loud, "atmosphere.mood": scan.mood,
    }
    matcher, table = vocab.lookup_all(*targets)

    def add(s: int, e: int, phrase: str, line: Span, entries) -> None:
        if any(entry.kind in _MUSIC_KINDS for entry in entries) and _COMPARED.search(text, max(line.start, s - 40), s):
            entries = [entry for entry in entries if entry.kind not in _MUSIC_KINDS]  # `paws move like music`
        section = _section_at(clip, s)
        negated = section == "avoid" or is_negated(text, line.start, s, e)  # `AVOID: music, fast motion`
        in_aside = any(a.start <= s < a.end for a in asides)
        for entry in entries:
            targets[entry.kind].append(Cue(Span(s, e), phrase, entry, scan.sentence_at(s), negated, in_aside, section))

    for line in clip.prompt_lines:  # one pass over the text for every audio vocabulary
        for s, e, phrase in matcher.finditer(text, line.start, line.end):
            if any(b.start <= s < b.end for b in blocked):
                continue
            entries = table.get(phrase, ())
            add(s, e, phrase, line, entries)
            if " " in phrase:
                # inside a longer phrase, the other vocabularies still find their own words
                # ("soft" and "music" inside the style "soft ambient music")
                found = {entry.kind for entry in entries}
                for kind in targets:
                    if kind in found:
                        continue
                    kind_matcher, kind_table = vocab.lookup(kind)
                    for s2, e2, inner in kind_matcher.finditer(text, s, e):
                        add(s2, e2, inner, line, (kind_table[inner],))
    for cues in targets.values():
        cues.sort(key=lambda c: c.span.start)
    if scan.actions:
        matcher = _described_matcher(vocab)
        for line in clip.prompt_lines:
            for s, e, phrase in matcher.finditer(text, line.start, line.end):
                scan.described.append(Cue(Span(s, e), phrase, _PLAIN, scan.sentence_at(s)))
    return scan


_PLAIN = Entry("word", ("",), "", {})
_TITLE_WORDS = 6


def _shot_titles(clip: Clip) -> list[Span]:
    """`Shot 2: Truth explosion (Intense close-ups).` on a line of its own, the shot's scene on the
    lines after it: a few words that name the shot, not sounds in it."""
    text = clip.text
    titles = []
    for shot in clip.shots:
        line_end = text.find("\n", shot.marker_span.end)
        line_end = len(text) if line_end == -1 else line_end
        if shot.span.end <= line_end:
            continue  # the shot is this one line: its words are the scene
        words = re.sub(r"\([^()\n]*\)", " ", text[shot.marker_span.end:line_end]).split()
        if 0 < len(words) <= _TITLE_WORDS:
            titles.append(Span(shot.marker_span.end, line_end))
    return titles


@lru_cache(maxsize=2)
def _described_matcher(vocab: Vocabulary) -> PhraseMatcher:
    """Words that show an action's sound is already written out ("clang", "boom")."""
    return PhraseMatcher(vocab.words_of("sound_actions.action", "described_by"))


def _section_at(clip: Clip, offset: int) -> str | None:
    kind = None
    for section in clip.sections:
        if section.span.start <= offset:
            kind = section.kind if offset < section.body.end or section.body.end == section.span.end else kind
        else:
            break
    return kind
