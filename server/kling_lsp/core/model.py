"""The syntax tree of a .kling file. Every node carries exact string offsets (`Span`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .findings import Finding
from .settings import ClipSettings
from .spans import Span
from .text import LineIndex


@dataclass(slots=True)
class Comment:
    span: Span
    text: str


@dataclass(slots=True)
class Suppression:
    """`// kling-ignore a, b`; no rules named means every rule in its scope."""

    span: Span
    rules: tuple[tuple[str, Span], ...]
    scope: str  # "file" | "clip"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.rules)

    def silences(self, rule: str) -> bool:
        return not self.rules or rule in self.names


@dataclass(slots=True)
class FrontMatterEntry:
    key: str
    key_span: Span
    raw: str
    value_span: Span


@dataclass(slots=True)
class FrontMatter:
    span: Span  # from the opening --- to the end of the closing line
    entries: list[FrontMatterEntry]
    values: dict[str, object]  # the valid ones, parsed
    closed: bool = True


@dataclass(slots=True)
class Attribute:
    key: str
    key_span: Span
    raw: str
    value_span: Span
    value: object | None  # None when the raw value is invalid


@dataclass(slots=True)
class Heading:
    span: Span  # the whole heading line
    level: int
    name: str
    name_span: Span
    attributes: list[Attribute]
    attributes_span: Span | None  # the {...} block, braces included


@dataclass(slots=True)
class Shot:
    number: int
    duration: float | None
    span: Span  # marker to end of the shot's text
    marker_span: Span  # what `kling export` rewrites as "Shot N: "
    text_span: Span
    marker_kind: str  # "shot" | "timecode" | "beat" | "cut"
    begins: float | None = None  # a time code's start, in seconds


@dataclass(slots=True)
class Section:
    word: str
    kind: str  # visual | dialogue | audio | style | ...
    span: Span  # the marker itself ("Audio:", "[AUDIO]")
    body: Span  # from after the marker to the next section or the clip's end


@dataclass(slots=True)
class Reference:
    kind: str  # voice | element | image | video | at
    name: str  # "voice_1" or the @-name
    number: int | None
    span: Span


@dataclass(slots=True)
class Speaker:
    key: str  # identity within the clip: two lines with the same key have the same speaker
    name: str  # as written, e.g. "a news anchor", "Maria"
    span: Span | None  # where it is named for this line (label, subject or pronoun)
    source: str  # label | subject | pronoun | continuation | voiceover | group | name
    gender: str = "neutral"
    role: str | None = None


@dataclass(slots=True)
class Style:
    text: str
    span: Span
    source: str  # label | verb | parenthesis


@dataclass(slots=True)
class Dialogue:
    span: Span  # the quote with its marks (or the unquoted voiceover text)
    inner: Span  # the spoken words
    text: str
    open_mark: str
    close_mark: str
    closed: bool
    words: int
    speaker: Speaker | None = None
    style: Style | None = None
    verb: str | None = None
    delivery: str = "speech"  # speech | singing | voiceover | mouthed
    voice: int | None = None
    labelled: bool = False
    shot: int | None = None  # index into Clip.shots
    runs_to_shot: int | None = None  # a later shot that quotes the line again: it is spoken on into it


@dataclass(slots=True)
class Quote:
    """Quoted text that is not speech: on-screen text, a title, a name."""

    span: Span
    inner: Span
    text: str


@dataclass(slots=True)
class Negative:
    span: Span  # the whole line
    text_span: Span
    text: str


@dataclass(slots=True)
class Clip:
    index: int
    name: str | None
    heading: Heading | None
    span: Span  # heading (if any) to the end of its last line
    body: Span  # after the heading
    settings: ClipSettings
    text: str = ""  # the whole document's text (shared, not a copy)
    prompt_lines: list[Span] = field(default_factory=list)  # lines that reach the prompt
    shots: list[Shot] = field(default_factory=list)
    line_quotes: list = field(default_factory=list)  # (line, [RawQuote]) for every prompt line
    comments: list[Comment] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    negatives: list[Negative] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    written: dict[str, Span] = field(default_factory=dict)  # settings read from the prompt's text: their values
    _dialogue: list[Dialogue] | None = None
    _audio: object | None = None  # audio.AudioScan, computed on first use
    _beats: object | None = None  # beats.Beats, computed on first use
    _quotes: list[Quote] | None = None

    @property
    def dialogue(self) -> list[Dialogue]:
        """Lines of dialogue with their speakers; worked out on first use, since finding
        speakers costs more than reading the structure and not every caller needs it."""
        if self._dialogue is None:
            from .dialogue import read_dialogue

            self._dialogue, self._quotes = read_dialogue(self)
        return self._dialogue

    @property
    def quotes(self) -> list[Quote]:
        """Quoted text that is not speech (on-screen text, titles)."""
        if self._quotes is None:
            self.dialogue
        return self._quotes or []

    @property
    def title(self) -> str:
        return self.name or f"Clip {self.index + 1}"

    @property
    def duration(self) -> float:
        """Seconds: as set; when nothing sets it, what the shots add up to; else Kling's default."""
        if self.settings.source_of("duration") == "default" and self.shots and \
                all(s.duration is not None for s in self.shots):
            total = sum(s.duration for s in self.shots)  # type: ignore[misc]
            return int(total) if float(total).is_integer() else total
        return self.settings.duration

    @property
    def negative_prompt(self) -> str:
        return ", ".join(n.text for n in self.negatives if n.text)

    @property
    def speakers(self) -> list[Speaker]:
        """Distinct speakers in order of first line (groups and unknowns left out)."""
        seen: dict[str, Speaker] = {}
        for line in self.dialogue:
            s = line.speaker
            if s is not None and s.source not in ("group", "unnamed") and s.key not in seen:
                seen[s.key] = s
        return list(seen.values())


@dataclass(slots=True)
class Document:
    text: str
    lines: LineIndex
    front_matter: FrontMatter | None
    defaults: ClipSettings
    clips: list[Clip]
    suppressions: list[Suppression]  # file scope
    comments: list[Comment]  # above the first heading
    findings: list[Finding]  # file-level syntax findings (front matter)
    bom: bool
    newline: str
    more_clips_follow: bool = False  # a region of a longer file, with clips after it

    @property
    def title(self) -> str | None:
        value = self.front_matter.values.get("title") if self.front_matter else None
        return str(value) if value else None

    def clip_at(self, offset: int) -> Clip | None:
        for clip in self.clips:
            if clip.span.start <= offset <= clip.span.end:
                return clip
        return None
