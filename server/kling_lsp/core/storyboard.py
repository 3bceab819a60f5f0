"""A static HTML storyboard of .kling files (what `kling export --format html` prints).

One self-contained page: inline CSS, no scripts, no external resources. Per clip: title,
duration and aspect; a time axis as wide as the clip; its shots as segments; each line of
dialogue as a bar as long as its estimated speaking time, laid end to end from 0 (a bar
that runs past the clip's end gets class "over"); and the clip's findings.
"""

from __future__ import annotations

from html import escape
from typing import Callable

from .checker import check
from .config import Config
from .export import clip_prompt
from .findings import Finding
from .model import Clip, Document
from .rules.dialogue import speaking_seconds

PX_PER_SECOND = 60.0
MAX_TRACK_PX = 960.0  # the widest a clip's track gets; longer clips use a smaller scale
FIRST_WORDS = 6

CSS = """
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #666666; --line: #bbbbbb;
  --shot: #dbe7f5; --shot-fg: #12324f; --say: #d8efdc; --say-fg: #123d1c; --over: #f7d4d4; --over-fg: #5c1010;
  --over-edge: #c62828; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e6e6; --bg: #161616; --muted: #a0a0a0; --line: #555555; --shot: #23384f; --shot-fg: #dbe9f7;
    --say: #1f3d27; --say-fg: #d6f0dc; --over: #4d1f1f; --over-fg: #fbdada; --over-edge: #ef5350; }
}
body { font: 14px/1.4 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 1.5em; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; } h3 { font-size: 1em; margin: 0 0 .4em; }
section.clip { border-top: 1px solid var(--line); padding: .8em 0; }
.meta { color: var(--muted); font-weight: normal; }
.track { position: relative; margin: .3em 0; overflow-x: auto; }
.row { position: relative; height: 1.7em; margin: 2px 0; }
.axis { position: relative; height: 1.2em; border-bottom: 2px solid var(--fg); }
.tick { position: absolute; bottom: 0; height: .5em; border-left: 1px solid var(--fg); font-size: 10px;
  padding-left: 2px; color: var(--muted); }
.end { position: absolute; top: 0; bottom: 0; border-left: 2px dashed var(--over-edge); }
.seg, .say { position: absolute; top: 0; height: 100%; box-sizing: border-box; overflow: hidden;
  white-space: nowrap; text-overflow: ellipsis; font-size: 12px; padding: 0 4px; line-height: 1.7em;
  border: 1px solid var(--line); border-radius: 3px; }
.seg { background: var(--shot); color: var(--shot-fg); }
.say { background: var(--say); color: var(--say-fg); }
.say.over { background: var(--over); color: var(--over-fg); border-color: var(--over-edge); }
ul.findings { margin: .4em 0 0; padding-left: 1.2em; }
.sev { font-weight: bold; } .rule { font-family: ui-monospace, monospace; }
.none { color: var(--muted); }
details { margin: .4em 0; } pre { white-space: pre-wrap; margin: .3em 0; }
"""


def _n(value: float) -> str:
    return f"{value:g}"


def _px(value: float) -> str:
    return f"{value:.1f}px"


def _first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" \u2026" if len(words) > count else "")


def _findings_html(findings: list[Finding]) -> list[str]:
    if not findings:
        return ['<p class="none">No findings.</p>']
    out = ['<ul class="findings">']
    for f in findings:
        out.append(f'<li class="{escape(f.severity.label)}"><span class="sev">{escape(f.severity.label)}</span> '
                   f'<span class="rule">[{escape(f.rule)}]</span> {escape(f.message)}</li>')
    out.append("</ul>")
    return out


def _clip_html(document: Document, clip: Clip, config: Config, findings: list[Finding]) -> list[str]:
    duration = float(clip.duration)
    wps = float(config.get("words-per-second"))
    cps = float(config.get("chars-per-second"))
    lines = [(d, speaking_seconds(d.text, wps, cps)) for d in clip.dialogue if d.words]
    spoken = sum(t for _, t in lines)
    span = max(duration, spoken, 1.0)
    scale = min(PX_PER_SECOND, MAX_TRACK_PX / span)
    width = span * scale

    out = [f'<section class="clip" id="clip-{clip.index + 1}">',
           f'<h3>{escape(clip.title)} <span class="meta">\u00b7 {escape(_n(duration))} s \u00b7 '
           f'{escape(str(clip.settings.aspect))}</span></h3>',
           f'<div class="track" style="width:{_px(width + 2)}">']

    # time axis, as wide as the clip
    out.append(f'<div class="axis" style="width:{_px(duration * scale)}">')
    step = 1 if scale >= 30 else 5
    second = 0
    while second <= duration:
        out.append(f'<span class="tick" style="left:{_px(second * scale)}">{second}</span>')
        second += step
    out.append("</div>")

    # shots: known durations laid end to end; unknown ones share what is left of the clip
    if clip.shots:
        known = sum(s.duration for s in clip.shots if s.duration is not None)
        unknown = [s for s in clip.shots if s.duration is None]
        share = max(duration - known, 0.0) / len(unknown) if unknown else 0.0
        out.append('<div class="row shots">')
        start = 0.0
        for shot in clip.shots:
            length = shot.duration if shot.duration is not None else share
            label = f"Shot {shot.number} \u00b7 {_n(shot.duration)} s" if shot.duration is not None \
                else f"Shot {shot.number} \u00b7 ? s"
            out.append(f'<div class="seg" style="left:{_px(start * scale)};width:{_px(max(length * scale, 24))}" '
                       f'title="{escape(label)}">{escape(label)}</div>')
            start += length
        out.append("</div>")

    # dialogue: one bar per line, end to end from 0
    start = 0.0
    for line, seconds in lines:
        end = start + seconds
        speaker = line.speaker.name if line.speaker is not None else "unknown speaker"
        label = f"{speaker}: \u201c{_first_words(line.text)}\u201d"
        tip = f"{speaker} \u00b7 {start:.1f}\u2013{end:.1f} s: {line.text}"
        cls = "say over" if end > duration + 1e-9 else "say"
        out.append(f'<div class="row"><div class="{cls}" style="left:{_px(start * scale)};'
                   f'width:{_px(max(seconds * scale, 4))}" title="{escape(tip)}">{escape(label)}</div></div>')
        start = end

    out.append(f'<div class="end" style="left:{_px(duration * scale)}" title="end of clip"></div>')
    out.append("</div>")
    prompt = clip_prompt(document, clip)
    if prompt:
        out.append(f"<details><summary>Prompt</summary><pre>{escape(prompt)}</pre></details>")
    out.extend(_findings_html(findings))
    out.append("</section>")
    return out


def storyboard_html(documents: list[tuple[str, Document]], config_for: Callable[[str], Config]) -> str:
    """One HTML page for every (display path, document): each file's clips with their findings."""
    body: list[str] = []
    for display, document in documents:
        findings = check(document, config_for(display))
        per_clip: dict[int, list[Finding]] = {clip.index: [] for clip in document.clips}
        file_level: list[Finding] = []
        for finding in findings:
            clip = document.clip_at(finding.span.start)
            (per_clip[clip.index] if clip is not None else file_level).append(finding)
        heading = escape(display) + (f' <span class="meta">\u00b7 {escape(document.title)}</span>'
                                     if document.title else "")
        body.append(f'<article class="file"><h2>{heading}</h2>')
        if file_level:
            body.extend(_findings_html(file_level))
        if not document.clips:
            body.append('<p class="none">No clips.</p>')
        for clip in document.clips:
            body.extend(_clip_html(document, clip, config_for(display), per_clip[clip.index]))
        body.append("</article>")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Kling storyboard</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<h1>Kling storyboard</h1>",
        *body,
        "</body>",
        "</html>",
    ]) + "\n"
