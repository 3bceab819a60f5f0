"""A clip's prompt exactly as it should be pasted into Kling (what `kling export` prints).

Comments, headings, front matter and Negative lines are left out; shot markers become
`Shot N: `; runs of blank lines collapse to one; lines end in LF.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Clip, Document


@dataclass(frozen=True)
class ExportedShot:
    index: int
    duration: float | None
    prompt: str


@dataclass(frozen=True)
class ExportedClip:
    name: str | None
    prompt: str
    negative_prompt: str
    duration: float
    aspect_ratio: str
    model: str
    sound: str
    language: str | None
    shots: tuple[ExportedShot, ...]

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "prompt": self.prompt,
            "negative_prompt": self.negative_prompt,
            "duration": self.duration,
            "aspect_ratio": self.aspect_ratio,
            "model": self.model,
            "sound": self.sound,
            "language": self.language,
            "shots": [{"index": s.index, "duration": _number(s.duration), "prompt": s.prompt} for s in self.shots],
        }


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def clip_prompt(document: Document, clip: Clip) -> str:
    text = document.text
    shots = iter(clip.shots)  # in text order: one pass over lines and shots together
    shot = next(shots, None)
    out: list[str] = []
    previous_line = None
    for line in clip.prompt_lines:
        if previous_line is not None:
            gap = document.lines.line_of(line.start) - document.lines.line_of(previous_line.start)
            if gap > 1 and out and out[-1] != "":
                # a blank line (or a comment between paragraphs) stays a paragraph break
                between = text[previous_line.end:line.start]
                if any(not l.strip() for l in between.splitlines()[1:]):
                    out.append("")
        while shot is not None and shot.marker_span.start < line.start:
            shot = next(shots, None)
        pieces = []
        at = line.start
        while shot is not None and shot.marker_span.start < line.end:
            # a marker at the line's start takes its bullet or emoji with it; inside running text, the marker alone
            pieces.append("" if shot.span.start == line.start else text[at:shot.marker_span.start])
            pieces.append(f"Shot {shot.number}: ")
            at = shot.marker_span.end
            shot = next(shots, None)
        pieces.append(text[at:line.end])
        out.append("".join(pieces).strip())
        previous_line = line
    return "\n".join(out).strip()


def shot_prompt(document: Document, clip: Clip, index: int) -> str:
    shot = clip.shots[index]
    text = document.text
    parts = []
    for line in clip.prompt_lines:
        if shot.text_span.start <= line.end and line.start <= shot.text_span.end:
            start = max(line.start, shot.text_span.start)
            parts.append(text[start:min(line.end, shot.text_span.end)].strip())
    return " ".join(p for p in parts if p)


def export_clip(document: Document, clip: Clip) -> ExportedClip:
    settings = clip.settings
    shots = tuple(
        ExportedShot(shot.number, shot.duration, shot_prompt(document, clip, n)) for n, shot in enumerate(clip.shots)
    )
    return ExportedClip(
        name=clip.name if clip.heading is not None else document.title,
        prompt=clip_prompt(document, clip),
        negative_prompt=clip.negative_prompt,
        duration=clip.duration,
        aspect_ratio=settings.aspect,
        model=settings.model,
        sound="on" if settings.sound else "off",
        language=settings.language,
        shots=shots,
    )
