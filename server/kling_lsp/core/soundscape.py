"""Where the clip's music, sound effects and ambience sit in time, for the storyboard's lanes.

A prompt says what is heard and in which shot, not at which second, so a sound is drawn over
the shot it is written in, or over the whole clip when it is written outside every shot. Sound
effects written in one shot share that shot in the order they are written; a music cue or an
ambient bed spans it. What is denied ("no music"), asked for in a [label] or a (parenthesis) as a
way of speaking, or quoted is not heard and is left out. Ambience is the environment a place
brings (vocabulary `ambience.environment`: a forest, a city street), named after that place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .audio import Cue, scan_audio
from .model import Clip
from .negation import is_negated
from .spans import Span
from .timeline import ShotTime
from .vocab import vocabulary

LANES = ("music", "sfx", "ambience")
_WORDS_BEFORE = re.compile(r"(?:[\w'\u2019-]+[ \t]+){0,3}$")


@dataclass(frozen=True, slots=True)
class SoundTime:
    lane: str  # music | sfx | ambience
    label: str
    span: Span  # where it is written, in the clip's text
    start: float
    end: float
    shot: ShotTime | None


def _where(shots: list[ShotTime], offset: int, duration: float) -> tuple[float, float, ShotTime | None]:
    for shot in shots:
        if shot.shot.span.start <= offset < shot.shot.span.end:
            return shot.start, shot.end, shot
    return 0.0, duration, None


def _heard(cue: Cue) -> bool:
    return not cue.negated and not cue.in_label and cue.section != "avoid"


def _music_label(text: str, cue: Cue) -> str:
    """The cue with the few words before it in its sentence: "upbeat accordion music"."""
    before = _WORDS_BEFORE.search(text, cue.sentence.start, cue.span.start)
    start = before.start() if before else cue.span.start
    return " ".join(text[start:cue.span.end].split())


def sound_times(clip: Clip, shots: list[ShotTime], duration: float) -> list[SoundTime]:
    text = clip.text
    scan = scan_audio(clip)
    out: list[SoundTime] = []
    seen: set[tuple[str, Span]] = set()  # one music bar per sentence and place
    for cue in scan.music:
        if not _heard(cue):
            continue
        start, end, shot = _where(shots, cue.span.start, duration)
        if ("music", cue.sentence) in seen:
            continue
        seen.add(("music", cue.sentence))
        out.append(SoundTime("music", _music_label(text, cue), cue.span, start, end, shot))

    by_place: dict[int | None, list[Cue]] = {}
    for cue in scan.sounds:
        if _heard(cue):
            _, _, shot = _where(shots, cue.span.start, duration)
            by_place.setdefault(shot.shot.number if shot else None, []).append(cue)
    for cues in by_place.values():
        start, end, shot = _where(shots, cues[0].span.start, duration)
        share = (end - start) / len(cues)
        for n, cue in enumerate(cues):
            label = " ".join(text[cue.span.start:cue.span.end].split())
            out.append(SoundTime("sfx", label, cue.span, start + n * share, start + (n + 1) * share, shot))

    matcher, table = vocabulary().lookup("ambience.environment")
    blocked = [d.span for d in clip.dialogue] + [q.span for q in clip.quotes]
    places: set[tuple[str, int | None]] = set()
    for line in clip.prompt_lines:
        for s, e, phrase in matcher.finditer(text, line.start, line.end):
            if any(b.start <= s < b.end for b in blocked) or is_negated(text, line.start, s, e):
                continue
            start, end, shot = _where(shots, s, duration)
            environment = table[phrase].phrase
            if (environment, shot.shot.number if shot else None) in places:
                continue
            places.add((environment, shot.shot.number if shot else None))
            out.append(SoundTime("ambience", f"{environment} ambience", Span(s, e), start, end, shot))
    return out
