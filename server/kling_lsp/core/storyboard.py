"""The storyboard: each clip on a time axis with its shots, a lane per speaker whose lines are bars
as long as their estimated speaking time (starting where their shot starts), lanes for music,
sound effects and ambience over the shots they are written in (soundscape.py), a legend, and the
findings, marked on the bars they concern. A label stays inside its lane's free room and never
crosses the clip's end line unless its bar does.

One renderer serves `kling export --format html` (a self-contained page, no scripts) and the
editor's storyboard view (the language server sends the same fragment to a webview). The
timeline is SVG whose geometry lives in attributes, never in inline styles, so it shows
under a strict Content-Security-Policy; colours are CSS variables with two palettes: the
page's own (light and dark) and the editor's theme. Everything from the document is escaped.
When a `locate` function is given, clickable elements carry `data-line` / `data-character`
(the editor position of their text) so the view can reveal them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Callable, Sequence

from .checker import check
from .config import Config
from .export import clip_prompt
from .findings import Finding, Severity
from .model import Clip, Dialogue, Document
from .spans import Span
from .soundscape import LANES, SoundTime, sound_times
from .timeline import EPSILON, LineTime, ShotTime, Timeline, clip_timeline

Locate = Callable[[int], tuple[int, int]]  # an offset in a piece's text -> (line, character)

PX_PER_SECOND = 60.0
MAX_TRACK_PX = 960.0  # the widest a clip's track gets; longer clips use a smaller scale
PAD = 8.0  # room left of 0 s and right of the last tick
AXIS_H, ROW_H, GAP = 20.0, 22.0, 4.0
FIRST_WORDS = 6
MARK = {Severity.ERROR: "\u2716 ", Severity.WARNING: "\u26a0 ", Severity.INFORMATION: "\u2139 ", Severity.HINT: ""}

STRUCTURE_CSS = """
body { font: var(--font); color: var(--fg); background: var(--bg); margin: var(--margin); }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.5em; } h3 { font-size: 1em; margin: 0 0 .4em; }
section.clip { border-top: 1px solid var(--line); padding: .8em 0; }
.meta { color: var(--muted); font-weight: normal; }
.meta.over { color: var(--error); }
.tl { display: block; margin: .3em 0; max-width: none; }
.scroll { overflow-x: auto; }
.tl text { font-size: 12px; fill: var(--fg); }
.tl .axis line, .tl .axis path { stroke: var(--fg); }
.tl .axis text { font-size: 10px; fill: var(--muted); }
.tl .beyond { fill: var(--over); opacity: .45; }
.tl .end { stroke: var(--over-edge); stroke-width: 2; stroke-dasharray: 4 3; }
.tl rect.bar { stroke: var(--line); stroke-width: 1; }
.tl .shot rect.bar { fill: var(--shot); } .tl .shot text { fill: var(--shot-fg); }
.tl .say rect.bar { fill: var(--say); } .tl .say text { fill: var(--say-fg); }
.tl .sound.music rect.bar { fill: var(--music); } .tl .sound.music text { fill: var(--music-fg); }
.tl .sound.sfx rect.bar { fill: var(--sfx); } .tl .sound.sfx text { fill: var(--sfx-fg); }
.tl .sound.ambience rect.bar { fill: var(--ambience); } .tl .sound.ambience text { fill: var(--ambience-fg); }
ul.legend { list-style: none; margin: .2em 0; padding: 0; display: flex; flex-wrap: wrap; gap: .3em 1em;
  font-size: .85em; color: var(--muted); }
ul.legend .swatch { display: inline-block; width: .9em; height: .9em; margin-right: .3em; vertical-align: -.1em;
  border: 1px solid var(--line); border-radius: 2px; }
.key.shots .swatch { background: var(--shot); } .key.dialogue .swatch { background: var(--say); }
.key.music .swatch { background: var(--music); } .key.sfx .swatch { background: var(--sfx); }
.key.ambience .swatch { background: var(--ambience); } .key.beyond .swatch { background: var(--over); }
.tl .say.vo rect.bar { stroke-dasharray: 3 2; }
.tl .say.spill rect.bar { stroke: var(--over-edge); stroke-dasharray: 5 2; }
.tl .say.over rect.bar { fill: var(--over); stroke: var(--over-edge); } .tl .say.over text { fill: var(--over-fg); }
.tl .sev-error rect.bar { stroke: var(--error); stroke-width: 2; stroke-dasharray: none; }
.tl .sev-warning rect.bar { stroke: var(--warning); stroke-width: 2; stroke-dasharray: none; }
.tl .sev-information rect.bar { stroke: var(--information); stroke-width: 2; stroke-dasharray: none; }
ul.findings { margin: .4em 0 0; padding-left: 1.2em; }
.sev { font-weight: bold; } .rule { font-family: ui-monospace, monospace; }
li.error .sev { color: var(--error); } li.warning .sev { color: var(--warning); }
li.information .sev { color: var(--information); } li.hint .sev { color: var(--muted); }
.none { color: var(--muted); }
details { margin: .4em 0; } pre { white-space: pre-wrap; margin: .3em 0; font-family: ui-monospace, monospace; }
[data-line] { cursor: pointer; }
[data-line]:focus-visible { outline: 1px solid var(--focus); outline-offset: 1px; }
h3[data-line]:hover { text-decoration: underline; }
"""

PAGE_PALETTE = """
:root { color-scheme: light dark; --font: 14px/1.4 system-ui, sans-serif; --margin: 1.5em;
  --fg: #1b1b1b; --bg: #ffffff; --muted: #666666; --line: #bbbbbb; --focus: #0b65c2;
  --shot: #dbe7f5; --shot-fg: #12324f; --say: #d8efdc; --say-fg: #123d1c; --over: #f7d4d4; --over-fg: #5c1010;
  --over-edge: #c62828; --error: #c62828; --warning: #9a6700; --information: #0b65c2;
  --music: #e6dcf7; --music-fg: #33195c; --sfx: #fbe3c8; --sfx-fg: #4f2a05; --ambience: #f3efc4; --ambience-fg: #3d3806; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e6e6; --bg: #161616; --muted: #a0a0a0; --line: #555555; --focus: #4aa3ff;
    --shot: #23384f; --shot-fg: #dbe9f7; --say: #1f3d27; --say-fg: #d6f0dc; --over: #4d1f1f; --over-fg: #fbdada;
    --over-edge: #ef5350; --error: #ef5350; --warning: #e3b341; --information: #4aa3ff;
    --music: #3b2a5c; --music-fg: #eadcff; --sfx: #4f3416; --sfx-fg: #fde6cc; --ambience: #45411a; --ambience-fg: #f6f1c9; }
}
"""

# inside an editor webview: the colours and font of the editor's current theme
EDITOR_PALETTE = """
:root { --font: var(--vscode-font-size, 13px)/1.4 var(--vscode-font-family, system-ui, sans-serif); --margin: .6em 1em;
  --fg: var(--vscode-editor-foreground); --bg: var(--vscode-editor-background);
  --muted: var(--vscode-descriptionForeground); --focus: var(--vscode-focusBorder);
  --line: var(--vscode-editorWidget-border, var(--vscode-panel-border, #8886));
  --shot: color-mix(in srgb, var(--vscode-charts-blue, #3794ff) 30%, transparent); --shot-fg: var(--fg);
  --say: color-mix(in srgb, var(--vscode-charts-green, #89d185) 30%, transparent); --say-fg: var(--fg);
  --over: color-mix(in srgb, var(--vscode-charts-red, #f14c4c) 30%, transparent); --over-fg: var(--fg);
  --over-edge: var(--vscode-charts-red, #f14c4c); --error: var(--vscode-editorError-foreground);
  --warning: var(--vscode-editorWarning-foreground); --information: var(--vscode-editorInfo-foreground);
  --music: color-mix(in srgb, var(--vscode-charts-purple, #b180d7) 30%, transparent); --music-fg: var(--fg);
  --sfx: color-mix(in srgb, var(--vscode-charts-orange, #d18616) 30%, transparent); --sfx-fg: var(--fg);
  --ambience: color-mix(in srgb, var(--vscode-charts-yellow, #cca700) 30%, transparent); --ambience-fg: var(--fg); }
"""

PAGE_CSS = PAGE_PALETTE + STRUCTURE_CSS
EDITOR_CSS = EDITOR_PALETTE + STRUCTURE_CSS


@dataclass(frozen=True, slots=True)
class Piece:
    """Parsed text with its findings: the whole file for `kling export`, one region of it in
    the language server (whose offsets are relative to the region, hence its own `locate`)."""

    document: Document
    findings: Sequence[Finding]
    locate: Locate | None = None


def _n(value: float) -> str:
    return f"{value:g}"


def _s(seconds: float) -> str:
    """Seconds as a writer reads them, to a tenth ("2.0")."""
    return f"{seconds:.1f}"


def _f(value: float) -> str:
    """A length in px or seconds, to a tenth, as short as it writes ("2", "2.5")."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" \u2026" if len(words) > count else "")


def _at(piece: Piece, offset: int) -> str:
    """Attributes that let the editor reveal `offset` ("" on a static page)."""
    if piece.locate is None:
        return ""
    line, character = piece.locate(offset)
    return f' data-line="{line}" data-character="{character}" tabindex="0"'


def _inside(finding: Finding, span: Span) -> bool:
    return span.start <= finding.span.start and finding.span.end <= span.end


def _describe(finding: Finding) -> str:
    return f"{finding.severity.label} [{finding.rule}] {finding.message}"


def findings_html(piece: Piece, findings: Sequence[Finding]) -> str:
    if not findings:
        return '<p class="none">No findings.</p>'
    out = ['<ul class="findings">']
    for f in findings:
        out.append(f'<li class="{f.severity.label}"{_at(piece, f.span.start)}><span class="sev">{f.severity.label}</span> '
                   f'<span class="rule">[{escape(f.rule)}]</span> {escape(f.message)}</li>')
    out.append("</ul>")
    return "\n".join(out)


def _bar(piece: Piece, classes: str, x: float, y: float, width: float, label: str, tip: str, offset: int,
         data: str, room: float | None = None) -> str:
    """A labelled bar. The label is clipped by an inner <svg> to `room` px from the bar's start
    (the free part of its lane up to the clip's end line, or the bar itself when longer)."""
    width = max(width, 3.0)
    room = max(width, room if room is not None else width)
    return (f'<g class="{classes}"{data}{_at(piece, offset)}><title>{escape(tip)}</title>'
            f'<rect class="bar" x="{_f(x)}" y="{_f(y)}" width="{_f(width)}" height="{_f(ROW_H)}" rx="3"/>'
            f'<svg x="{_f(x)}" y="{_f(y)}" width="{_f(room)}" height="{_f(ROW_H)}">'
            f'<text x="4" y="{_f(ROW_H - 7)}">{escape(label)}</text></svg></g>')


def _rooms(spans: list[tuple[float, float]], end: float) -> list[float]:
    """For bars (start, end) of one lane in time order: how far each one's label may reach, in
    the same unit: to the next bar's start, and never past `end` (the clip's end) unless the bar
    itself runs past it."""
    rooms = []
    for n, (start, stop) in enumerate(spans):
        limit = max(end, stop)
        if n + 1 < len(spans) and spans[n + 1][0] >= stop - EPSILON:
            limit = min(limit, spans[n + 1][0])
        rooms.append(max(stop, limit) - start)
    return rooms


def _worst(findings: list[Finding]) -> Severity | None:
    return min((f.severity for f in findings), default=None)


def _shot_bar(piece: Piece, shot: ShotTime, y: float, scale: float, findings: list[Finding]) -> str:
    number = shot.shot.number
    length = f"{_n(shot.length)} s" if shot.known else "? s"
    label = f"Shot {number} \u00b7 {length}"
    tip = f"Shot {number}: {_s(shot.start)}\u2013{_s(shot.end)} s" + ("" if shot.known else " (no length given)")
    marked = [f for f in findings if _inside(f, shot.shot.marker_span)]
    worst = _worst(marked)
    classes = "shot" + (f" sev-{worst.label}" if worst else "")
    if marked:
        label = MARK[worst] + label
        tip += "".join("\n" + _describe(f) for f in marked)
    data = f' data-start="{_n(round(shot.start, 3))}" data-end="{_n(round(shot.end, 3))}"'
    return _bar(piece, classes, PAD + shot.start * scale, y, shot.length * scale, label, tip,
                shot.shot.marker_span.start, data)


def _speaker(line: Dialogue) -> str:
    if line.speaker is not None:
        return line.speaker.name
    return "voiceover" if line.delivery == "voiceover" else "unknown speaker"


def _line_bar(piece: Piece, timed: LineTime, y: float, scale: float, findings: list[Finding], room: float) -> str:
    line = timed.line
    who = _speaker(line)
    label = f"{who} \u00b7 {_s(timed.seconds)} s: \u201c{_first_words(line.text)}\u201d"
    where = f"shot {timed.shot.shot.number}, " if timed.shot is not None else ""
    tip = f"{who} \u00b7 {where}{_s(timed.start)}\u2013{_s(timed.end)} s (~{_s(timed.seconds)} s): {line.text}"
    classes = ["say"]
    if line.delivery == "voiceover":
        classes.append("vo")
    if timed.past_clip:
        classes.append("over")
        tip += f"\nruns past the end of the clip ({_n(timed.clip_end)} s)"
    elif timed.past_shot:
        classes.append("spill")
        tip += f"\nruns past the end of shot {timed.shot.shot.number} ({_s(timed.shot.end)} s)"
    marked = [f for f in findings if _inside(f, line.span)]
    worst = _worst(marked)
    if worst is not None:
        classes.append(f"sev-{worst.label}")
        label = MARK[worst] + label
        tip += "".join("\n" + _describe(f) for f in marked)
    data = f' data-start="{_n(round(timed.start, 3))}" data-end="{_n(round(timed.end, 3))}"'
    return _bar(piece, " ".join(classes), PAD + timed.start * scale, y, timed.seconds * scale, label, tip,
                line.span.start, data, room * scale)


LANE_NAMES = {"music": "music", "sfx": "sound effect", "ambience": "ambience"}


def _sound_bar(piece: Piece, sound: SoundTime, y: float, scale: float, findings: list[Finding], room: float) -> str:
    where = f"shot {sound.shot.shot.number}" if sound.shot is not None else "the whole clip"
    tip = f"{LANE_NAMES[sound.lane]}: {sound.label} ({where}, {_s(sound.start)}\u2013{_s(sound.end)} s)"
    marked = [f for f in findings if f.span.start < sound.span.end and sound.span.start < f.span.end]
    worst = _worst(marked)
    classes = f"sound {sound.lane}" + (f" sev-{worst.label}" if worst else "")
    label = (MARK[worst] if worst else "") + sound.label
    tip += "".join("\n" + _describe(f) for f in marked)
    data = f' data-start="{_n(round(sound.start, 3))}" data-end="{_n(round(sound.end, 3))}"'
    return _bar(piece, classes, PAD + sound.start * scale, y, (sound.end - sound.start) * scale, label, tip,
                sound.span.start, data, room * scale)


def _speaker_key(line: Dialogue) -> str:
    if line.speaker is not None:
        return line.speaker.key
    return line.delivery if line.delivery == "voiceover" else "?"


def lanes(timeline: Timeline, sounds: list[SoundTime]) -> list[tuple[str, str, list]]:
    """The picture's rows below the shots: (lane, name, items in time order): one dialogue lane
    per speaker in order of first line, then music, sound effects and ambience when present."""
    out: list[tuple[str, str, list]] = []
    speakers: dict[str, list[LineTime]] = {}
    for timed in timeline.lines:
        speakers.setdefault(_speaker_key(timed.line), []).append(timed)
    for timed_lines in speakers.values():
        out.append(("dialogue", _speaker(timed_lines[0].line), sorted(timed_lines, key=lambda t: t.start)))
    for lane in LANES:
        items = sorted((s for s in sounds if s.lane == lane), key=lambda s: (s.start, s.span.start))
        if items:
            out.append((lane, LANE_NAMES[lane], items))
    return out


def timeline_svg(piece: Piece, timeline: Timeline, findings: list[Finding], sounds: Sequence[SoundTime] = ()) -> str:
    """The clip's time axis, its shots, and a lane per speaker, music, sound effects and ambience."""
    span = timeline.span
    scale = min(PX_PER_SECOND, MAX_TRACK_PX / span)
    y = AXIS_H + GAP
    rows: list[str] = []
    if timeline.shots:
        rows += ['<g class="lane shots" data-lane="shots">',
                 *(_shot_bar(piece, shot, y, scale, findings) for shot in timeline.shots), "</g>"]
        y += ROW_H + GAP
    for lane, name, items in lanes(timeline, list(sounds)):
        if lane == "dialogue":
            rooms = _rooms([(t.start, t.end) for t in items], timeline.duration)
            bars = [_line_bar(piece, t, y, scale, findings, room) for t, room in zip(items, rooms)]
        else:
            rooms = _rooms([(s.start, s.end) for s in items], timeline.duration)
            bars = [_sound_bar(piece, s, y, scale, findings, room) for s, room in zip(items, rooms)]
        rows += [f'<g class="lane {lane}" data-lane="{lane}" data-name="{escape(name)}">', *bars, "</g>"]
        y += ROW_H + GAP
    width = PAD + span * scale + 12 + PAD  # room for the last tick's label
    height = y
    end_x = PAD + timeline.duration * scale
    out = [f'<svg class="tl" width="{_f(width)}" height="{_f(height)}" role="img" '
           f'aria-label="{escape(f"timeline of {_n(timeline.duration)} s")}">']
    if span > timeline.duration:
        out.append(f'<rect class="beyond" x="{_f(end_x)}" y="0" width="{_f((span - timeline.duration) * scale)}" '
                   f'height="{_f(height)}"/>')
    out.append(f'<g class="axis"><line x1="{_f(PAD)}" y1="{_f(AXIS_H - 1)}" x2="{_f(PAD + span * scale)}" '
               f'y2="{_f(AXIS_H - 1)}"/>')
    step = 1 if scale >= 30 else 5
    seconds = range(0, int(span + 1e-9) + 1, step)
    ticks = "".join(f"M{_f(PAD + t * scale)} {_f(AXIS_H - 7)}v6" for t in seconds)  # one path: a page has many
    out.append(f'<path d="{ticks}"/>')
    out.extend(f'<text x="{_f(PAD + t * scale + 2)}" y="{_f(AXIS_H - 9)}">{t}</text>' for t in seconds)
    out.append("</g>")
    out.extend(rows)
    # over the bars: the end line is never hidden, and no label reaches past it (see _rooms)
    out.append(f'<line class="end" x1="{_f(end_x)}" y1="0" x2="{_f(end_x)}" y2="{_f(height)}">'
               f'<title>end of the clip: {_n(timeline.duration)} s</title></line>')
    out.append("</svg>")
    return "\n".join(out)


def legend_html(timeline: Timeline, sounds: Sequence[SoundTime]) -> str:
    """What the colours of the clip's lanes mean, for the lanes it has."""
    kinds = (["shots"] if timeline.shots else []) + (["dialogue"] if timeline.lines else [])
    kinds += [lane for lane in LANES if any(s.lane == lane for s in sounds)]
    names = {"shots": "shot", "dialogue": "dialogue (a lane per speaker)", **LANE_NAMES}
    items = "".join(f'<li class="key {kind}"><span class="swatch"></span>{escape(names[kind])}</li>' for kind in kinds)
    if timeline.span > timeline.duration:
        items += '<li class="key beyond"><span class="swatch"></span>past the clip\u2019s end</li>'
    return f'<ul class="legend">{items}</ul>' if items else ""


def clip_html(piece: Piece, clip: Clip, config: Config, findings: list[Finding]) -> str:
    timeline = clip_timeline(clip, float(config.get("words-per-second")), float(config.get("chars-per-second")))
    duration = timeline.duration
    sounds = sound_times(clip, timeline.shots, duration)
    anchor = clip.heading.span.start if clip.heading is not None else clip.span.start
    spoken = timeline.spoken
    speech = ""
    if timeline.lines:
        over = " over" if spoken > duration + 1e-9 else ""
        speech = f' <span class="meta{over}">\u00b7 speech ~{_s(spoken)} s of {_n(duration)} s</span>'
    out = [f'<section class="clip" id="clip-{clip.index + 1}">',
           f'<h3{_at(piece, anchor)}>{escape(clip.title)} <span class="meta">\u00b7 {escape(_n(duration))} s \u00b7 '
           f'{escape(str(clip.settings.aspect))}</span>{speech}</h3>',
           legend_html(timeline, sounds),
           '<div class="scroll">', timeline_svg(piece, timeline, findings, sounds), "</div>"]
    prompt = clip_prompt(piece.document, clip)
    if prompt:
        out.append(f"<details><summary>Prompt</summary><pre>{escape(prompt)}</pre></details>")
    out.append(findings_html(piece, findings))
    out.append("</section>")
    return "\n".join(out)


def _split(piece: Piece) -> tuple[dict[int, list[Finding]], list[Finding]]:
    """The piece's findings per clip index, and those outside every clip (front matter)."""
    per_clip: dict[int, list[Finding]] = {clip.index: [] for clip in piece.document.clips}
    loose: list[Finding] = []
    for finding in piece.findings:
        clip = piece.document.clip_at(finding.span.start)
        (per_clip[clip.index] if clip is not None else loose).append(finding)
    return per_clip, loose


def clips_html(piece: Piece, config: Config) -> str:
    """Every clip of the piece, each with its findings."""
    per_clip, _ = _split(piece)
    return "\n".join(clip_html(piece, clip, config, per_clip[clip.index]) for clip in piece.document.clips)


def loose_findings_html(piece: Piece) -> str:
    """The findings outside every clip (front matter), or "" when there are none."""
    _, loose = _split(piece)
    return findings_html(piece, loose) if loose else ""


def file_html(display: str, title: str | None, parts: Sequence[str], has_clips: bool) -> str:
    """One file's article: its name and title, then `parts` (loose findings, clips)."""
    heading = escape(display) + (f' <span class="meta">\u00b7 {escape(title)}</span>' if title else "")
    body = [f'<article class="file"><h2>{heading}</h2>', *(p for p in parts if p)]
    if not has_clips:
        body.append('<p class="none">No clips.</p>')
    body.append("</article>")
    return "\n".join(body)


def storyboard_html(documents: list[tuple[str, Document]], config_for: Callable[[str], Config]) -> str:
    """One self-contained HTML page for every (display path, document), with its findings."""
    body: list[str] = []
    for display, document in documents:
        config = config_for(display)
        piece = Piece(document, check(document, config))
        body.append(file_html(display, document.title, [loose_findings_html(piece), clips_html(piece, config)],
                              bool(document.clips)))
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Kling storyboard</title>",
        f"<style>{PAGE_CSS}</style>",
        "</head>",
        "<body>",
        "<h1>Kling storyboard</h1>",
        *body,
        "</body>",
        "</html>",
    ]) + "\n"
