"""A clip's prompt exactly as it should be pasted into Kling (what `kling export` prints).

Comments, headings, front matter and Negative lines are left out; shot markers become
`Shot N: `; runs of blank lines collapse to one; lines end in LF.
"""

from __future__ import annotations

from dataclasses import dataclass

from .findings import Finding, Severity
from .model import Clip, Document
from .settings import CLIP_KEYS
from .spans import Span


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


def paste_text(exported: ExportedClip) -> str:
    """One clip as a writer pastes it into Kling's web page: the prompt, the negative prompt,
    and the settings to pick there (the page has its own fields for them)."""
    _n = _number(exported.duration)
    parts = [exported.prompt]
    if exported.negative_prompt:
        parts.append(f"Negative prompt: {exported.negative_prompt}")
    sound = "sound on" if exported.sound == "on" else "sound off"
    settings = f"Settings: {_n} s \u00b7 {exported.aspect_ratio} \u00b7 {exported.model} \u00b7 {sound}"
    if exported.language:
        settings += f" \u00b7 language {exported.language}"
    parts.append(settings)
    return "\n\n".join(parts)


def blocking_errors(document: Document, clip: Clip, findings: list[Finding]) -> list[Finding]:
    """What stops a clip from being exported: its error findings, those of the file around it
    (the front matter sets its defaults), and any setting whose value Kling cannot take, which
    the export would otherwise replace by a default the writer never wrote."""
    def concerns(finding: Finding) -> bool:
        return clip.span.start <= finding.span.start <= clip.span.end or document.clip_at(finding.span.start) is None

    unusable = unusable_settings(document, clip)  # these say what would be sent instead
    spans = {f.span for f in unusable} | _overridden(document, clip)
    errors = [f for f in findings if f.severity == Severity.ERROR and concerns(f) and f.span not in spans]
    return sorted(errors + unusable, key=lambda f: f.span.start)


def _overridden(document: Document, clip: Clip) -> set[Span]:
    """Where the front matter sets a key that the clip's heading sets again to a valid value:
    a mistake there does not reach this clip."""
    if document.front_matter is None or clip.heading is None:
        return set()
    own = {a.key for a in clip.heading.attributes if a.value is not None}
    return {span for e in document.front_matter.entries if e.key in own for span in (e.key_span, e.value_span)}


def unusable_settings(document: Document, clip: Clip) -> list[Finding]:
    """Settings of the clip written with a value that could not be read (`aspect: 4:3`), whether
    or not the rule that reports them is on."""
    given: dict[str, tuple[str, Span, bool]] = {}  # key -> the raw value in force, where, and if it was read
    if document.front_matter is not None:
        for entry in document.front_matter.entries:
            if entry.key in CLIP_KEYS:
                given[entry.key] = (entry.raw, entry.value_span, entry.key in document.front_matter.values)
    if clip.heading is not None:
        for attribute in clip.heading.attributes:
            if attribute.key in CLIP_KEYS:
                given[attribute.key] = (attribute.raw, attribute.value_span, attribute.value is not None)
    return [Finding("invalid-setting", Severity.ERROR, span,
                    f"{key}: {raw!r} is not a value Kling takes; {_shown(getattr(clip.settings, key))} "
                    "stands in for it")
            for key, (raw, span, usable) in given.items() if not usable]


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "sound on" if value else "sound off"
    return "no language" if value is None else repr(value)
