"""Semantic tokens for speakers, speaking styles, sound cues, music cues and references, in
standard token types so any theme colours them without the TextMate grammar."""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..core.audio import scan_audio
from ..core.spans import Span
from .convert import region_range
from .regions import Analysis

from .capabilities import TOKEN_LEGEND as LEGEND  # noqa: F401  (the order of types below)

SPEAKER, STYLE, SOUND, MUSIC, REFERENCE, HEADING = range(6)


def semantic_tokens(analysis: Analysis, codec: PositionCodec) -> types.SemanticTokens:
    spans: list[tuple[types.Range, int]] = []
    for region, clip in analysis.clips():
        found: list[tuple[Span, int]] = []
        if clip.heading is not None and clip.heading.name:
            found.append((clip.heading.name_span, HEADING))
        for line in clip.dialogue:
            if line.speaker is not None and line.speaker.span is not None and line.speaker.source != "continuation":
                found.append((line.speaker.span, SPEAKER))
            if line.style is not None:
                found.append((line.style.span, STYLE))
        scan = scan_audio(clip)
        for cue in scan.sounds + scan.actions:
            found.append((cue.span, SOUND))
        for cue in scan.music + scan.music_styles + scan.implied:
            found.append((cue.span, MUSIC))
        for ref in clip.references:
            found.append((ref.span, REFERENCE))
        for span, kind in found:
            rng = region_range(region, span, codec)
            if rng.start.line == rng.end.line and rng.end.character > rng.start.character:
                spans.append((rng, kind))
    spans.sort(key=lambda item: (item[0].start.line, item[0].start.character))
    data: list[int] = []
    last_line = last_char = 0
    previous_end = (-1, -1)
    for rng, kind in spans:
        start = (rng.start.line, rng.start.character)
        if start < previous_end:
            continue  # tokens may not overlap
        delta_line = rng.start.line - last_line
        delta_char = rng.start.character - (last_char if delta_line == 0 else 0)
        data += [delta_line, delta_char, rng.end.character - rng.start.character, kind, 0]
        last_line, last_char = rng.start.line, rng.start.character
        previous_end = (rng.end.line, rng.end.character)
    return types.SemanticTokens(data=data)
