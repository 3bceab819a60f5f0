"""Kling's firm limits: prompt and shot length, shot structure, durations, custom voices."""

from __future__ import annotations

from ..export import clip_prompt, shot_prompt
from ..findings import Finding, Fix, Severity, TextEdit
from ..spans import Span
from . import ClipContext, FileContext, Rule, register
from .dialogue import fits
from .edits import last_setting, set_duration

MAX_PROMPT = 2500
MAX_SHOT = 512
MAX_SHOTS = 6
DURATIONS = {"kling-3.0": tuple(range(3, 16)), "kling-2.6": (5, 10)}


def _clip_anchor(ctx: ClipContext) -> Span:
    clip = ctx.clip
    if clip.heading is not None:
        return clip.heading.name_span if clip.heading.name else clip.heading.span
    return clip.prompt_lines[0] if clip.prompt_lines else clip.span


def check_prompt_length(ctx: ClipContext):
    clip = ctx.clip
    prompt = clip_prompt(ctx.document, clip)
    if len(prompt) > MAX_PROMPT:
        yield Finding(
            "prompt-too-long", Severity.ERROR, _clip_anchor(ctx),
            f"this clip's prompt is {len(prompt):,} characters as sent to Kling; the API takes at most "
            f"{MAX_PROMPT:,}. Cut description, or split the clip",
        )
    negative = clip.negative_prompt
    if len(negative) > MAX_PROMPT and clip.negatives:
        yield Finding(
            "prompt-too-long", Severity.ERROR, clip.negatives[0].span,
            f"the negative prompt is {len(negative):,} characters; Kling takes at most {MAX_PROMPT:,}",
        )
    for index, shot in enumerate(clip.shots):
        length = len(shot_prompt(ctx.document, clip, index))
        if length > MAX_SHOT:
            yield Finding(
                "prompt-too-long", Severity.ERROR, shot.marker_span,
                f"shot {shot.number} is {length:,} characters; Kling takes at most {MAX_SHOT} per shot",
            )


def check_shots(ctx: ClipContext):
    clip = ctx.clip
    shots = clip.shots
    if len(shots) > MAX_SHOTS:
        yield Finding(
            "shot-structure", Severity.ERROR, shots[MAX_SHOTS].marker_span,
            f"this clip has {len(shots)} shots; a multi-shot generation takes 1 to {MAX_SHOTS}. Merge shots or move "
            "the rest into the next clip",
        )
    for shot in shots:
        if shot.duration is not None and shot.duration < 1:
            yield Finding(
                "shot-structure", Severity.ERROR, shot.marker_span,
                f"shot {shot.number} lasts {shot.duration:g} s; every shot needs at least 1 s",
            )
    if shots and all(s.duration is not None for s in shots):
        total = sum(s.duration for s in shots)  # type: ignore[misc]
        duration = clip.settings.duration
        allowed = DURATIONS.get(clip.settings.model, ())
        explicit = clip.settings.source_of("duration") != "default"
        if all(s.begins is not None for s in shots):
            # `0–2s, 3–7s, 8–10s`: time codes mark where each moment falls, gaps and all; the timeline
            # is right when it ends where the clip does
            total = max(s.begins + s.duration for s in shots)  # type: ignore[operator]
        if explicit and abs(total - duration) > 1e-6:
            fixes = ()
            if float(total).is_integer() and int(total) in allowed:
                edits = set_duration(ctx.document, clip, int(total))
                if edits:
                    # dialogue longer than the shots says the shots are what should grow: then
                    # the new duration is offered, not applied (found by the fuzzer, issue 13)
                    fixes = (Fix(f"Set the clip's duration to {int(total)} s", tuple(edits), safe=fits(ctx, total)),)
            yield Finding(
                "shot-structure", Severity.ERROR, shots[-1].marker_span,
                f"the shots add up to {total:g} s but the clip lasts {duration} s; Kling needs the shot "
                "durations to add up to the clip's duration",
                fixes,
            )
        elif not explicit and allowed and total > max(allowed):
            yield Finding(
                "shot-structure", Severity.ERROR, shots[-1].marker_span,
                f"the shots add up to {total:g} s, longer than the {max(allowed)} s a {clip.settings.model} clip "
                "can last; shorten shots or split the clip",
            )


def _duration_finding(span: Span, model: str, duration: int, inherited: bool = False) -> Finding:
    allowed = DURATIONS[model]
    rule = "3 to 15 s" if model == "kling-3.0" else "5 or 10 s"
    nearest = min(allowed, key=lambda d: abs(d - duration))
    where = f"this clip inherits {duration} s" if inherited else f"{duration} s is not one of them"
    fixes = () if inherited else (Fix(f"Use {nearest} s", (TextEdit(span.start, span.end, str(nearest)),)),)
    return Finding("invalid-duration", Severity.ERROR, span, f"{model} makes clips of {rule}; {where}", fixes)


def check_duration_range(ctx: ClipContext):
    """A duration set or inherited by a heading: the front matter's own is a file-level check."""
    clip, settings = ctx.clip, ctx.clip.settings
    if settings.duration in DURATIONS.get(settings.model, (settings.duration,)):
        return
    if settings.source_of("duration") == "prompt":
        yield _duration_finding(clip.written["duration"], settings.model, settings.duration)
    elif clip.heading is None:
        return
    elif settings.source_of("duration") == "heading":
        attribute = last_setting(clip.heading.attributes, "duration")
        if attribute is not None:
            yield _duration_finding(attribute.value_span, settings.model, settings.duration)
    elif settings.source_of("model") == "heading":
        attribute = last_setting(clip.heading.attributes, "model")
        if attribute is not None:
            yield _duration_finding(attribute.value_span, settings.model, settings.duration, inherited=True)


def check_front_matter_duration(ctx: FileContext):
    front, defaults = ctx.document.front_matter, ctx.document.defaults
    if front is None or defaults.source_of("duration") != "front matter":
        return
    if defaults.duration in DURATIONS.get(defaults.model, (defaults.duration,)):
        return
    entry = last_setting(front.entries, "duration")
    if entry is not None:
        yield _duration_finding(entry.value_span, defaults.model, defaults.duration)


def check_voices(ctx: ClipContext):
    limit = int(ctx.config.get("max-voices"))
    seen: list[int] = []
    for ref in ctx.clip.references:
        if ref.kind != "voice" or ref.number in seen:
            continue
        seen.append(ref.number)  # type: ignore[arg-type]
        if len(seen) > limit:
            yield Finding(
                "too-many-voices", Severity.ERROR, ref.span,
                f"this clip uses {len(seen)} custom voices, more than max-voices ({limit}); the Kling 3.0 API "
                "specification allows 2 per generation, and providers differ, so set max-voices to what yours allows",
            )
            return


register(Rule("prompt-too-long", Severity.ERROR,
              "A clip's prompt over 2,500 characters as sent to Kling, or a shot's text over 512.",
              check_prompt_length, "limits"))
register(Rule("shot-structure", Severity.ERROR,
              "More than 6 shots, a shot under 1 s, or shot durations that do not add up to the clip's.",
              check_shots, "limits"))
register(Rule("invalid-duration", Severity.ERROR,
              "A duration Kling does not make: outside 3-15 s on kling-3.0, or not 5/10 s on kling-2.6.",
              check_duration_range, "limits", check_front_matter_duration))
register(Rule("too-many-voices", Severity.ERROR,
              "More distinct <<<voice_N>>> references in one clip than max-voices (2).",
              check_voices, "limits"))
