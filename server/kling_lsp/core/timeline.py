"""Where a clip's shots and lines of dialogue fall in time: what the storyboard draws.

Shots with a duration are laid end to end from 0; shots without one share what is left of the
clip. A line of dialogue starts where its shot starts, after the lines before it in that shot;
lines outside every shot are laid end to end from 0. Lengths are the same speaking-time
estimates the dialogue-exceeds-duration rule uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Clip, Dialogue, Shot
from .rules.dialogue import speaking_seconds

EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class ShotTime:
    shot: Shot
    start: float
    length: float

    @property
    def end(self) -> float:
        return self.start + self.length

    @property
    def known(self) -> bool:
        """Whether the marker gives the length (else it is a share of what the others leave)."""
        return self.shot.duration is not None


@dataclass(frozen=True, slots=True)
class LineTime:
    line: Dialogue
    start: float
    seconds: float
    shot: ShotTime | None
    clip_end: float

    @property
    def end(self) -> float:
        return self.start + self.seconds

    @property
    def past_clip(self) -> bool:
        """The line is still being spoken when the clip ends."""
        return self.end > self.clip_end + EPSILON

    @property
    def past_shot(self) -> bool:
        """The line runs on past the end of its shot, whose length the marker gives."""
        return self.shot is not None and self.shot.known and self.end > self.shot.end + EPSILON


@dataclass(frozen=True, slots=True)
class Timeline:
    duration: float
    shots: list[ShotTime]
    lines: list[LineTime]

    @property
    def spoken(self) -> float:
        """Seconds of speech in the clip, all lines together."""
        return sum(t.seconds for t in self.lines)

    @property
    def span(self) -> float:
        """The seconds a picture must show: the clip, or more when speech or shots run past it."""
        ends = [self.duration] + [s.end for s in self.shots] + [t.end for t in self.lines]
        return max(max(ends), 1.0)


def shot_times(clip: Clip, duration: float) -> list[ShotTime]:
    known = sum(s.duration for s in clip.shots if s.duration is not None)
    unknown = sum(1 for s in clip.shots if s.duration is None)
    share = max(duration - known, 0.0) / unknown if unknown else 0.0
    out: list[ShotTime] = []
    start = 0.0
    for shot in clip.shots:
        length = shot.duration if shot.duration is not None else share
        out.append(ShotTime(shot, start, length))
        start += length
    return out


def clip_timeline(clip: Clip, words_per_second: float, chars_per_second: float) -> Timeline:
    duration = float(clip.duration)
    shots = shot_times(clip, duration)
    cursor: dict[int | None, float] = {None: 0.0}
    lines: list[LineTime] = []
    for line in clip.dialogue:
        if not line.words:
            continue
        shot = shots[line.shot] if line.shot is not None and line.shot < len(shots) else None
        key = line.shot if shot is not None else None
        start = cursor.get(key, shot.start if shot is not None else 0.0)
        seconds = speaking_seconds(line.text, words_per_second, chars_per_second)
        lines.append(LineTime(line, start, seconds, shot, duration))
        cursor[key] = start + seconds
    return Timeline(duration, shots, lines)
