"""Document symbols (clips, their shots and speakers), folding ranges per clip, workspace
symbols, inlay hints after each line of dialogue and a code lens per clip."""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..core.config import Config
from ..core.rules.dialogue import lip_synced, speaking_seconds, word_weight
from ..core.spans import Span
from .convert import region_range
from .hover import clip_summary
from .regions import Analysis

from .capabilities import SUMMARY_COMMAND


def document_symbols(analysis: Analysis, codec: PositionCodec) -> list[types.DocumentSymbol]:
    symbols = []
    for region, clip in analysis.clips():
        children = []
        for shot in clip.shots:
            rng = region_range(region, shot.span, codec)
            detail = f"{shot.duration:g} s" if shot.duration is not None else None
            children.append(types.DocumentSymbol(name=f"Shot {shot.number}", kind=types.SymbolKind.Event,
                                                 range=rng, selection_range=region_range(region, shot.marker_span, codec),
                                                 detail=detail))
        for speaker in clip.speakers:
            first = next(d for d in clip.dialogue if d.speaker is not None and d.speaker.key == speaker.key)
            rng = region_range(region, first.span, codec)
            children.append(types.DocumentSymbol(name=speaker.name, kind=types.SymbolKind.Variable, range=rng,
                                                 selection_range=rng, detail="speaker"))
        rng = region_range(region, clip.span, codec)
        selection = region_range(region, clip.heading.name_span, codec) if clip.heading else \
            region_range(region, Span(clip.span.start, clip.span.start), codec)
        symbols.append(types.DocumentSymbol(
            name=clip.title or "clip", kind=types.SymbolKind.Module, range=rng, selection_range=selection,
            detail=f"{clip.settings.duration} s · {clip.settings.aspect}", children=children or None))
    return symbols


def folding_ranges(analysis: Analysis) -> list[types.FoldingRange]:
    ranges = []
    for region, clip in analysis.clips():
        start = analysis.lines.line_of(region.start + clip.span.start)
        end = analysis.lines.line_of(region.start + clip.span.end)
        if end > start:
            ranges.append(types.FoldingRange(start_line=start, end_line=end, kind=types.FoldingRangeKind.Region))
    front = analysis.regions[0].result.document.front_matter
    if front is not None:
        start, end = analysis.lines.line_of(front.span.start), analysis.lines.line_of(front.span.end)
        if end > start:
            ranges.append(types.FoldingRange(start_line=start, end_line=end))
    return ranges


def workspace_symbols(uri: str, analysis: Analysis, query: str, codec: PositionCodec) -> list[types.WorkspaceSymbol]:
    found = []
    needle = query.lower()
    for region, clip in analysis.clips():
        if needle and needle not in clip.title.lower():
            continue
        found.append(types.WorkspaceSymbol(
            name=clip.title, kind=types.SymbolKind.Module,
            location=types.Location(uri=uri, range=region_range(region, clip.span, codec))))
    return found


def inlay_hints(analysis: Analysis, wanted: types.Range, config: Config, codec: PositionCodec) -> list[types.InlayHint]:
    hints = []
    limit = config.get("max-dialogue-words")
    wps, cps = config.get("words-per-second"), config.get("chars-per-second")
    for region, clip in analysis.clips():
        first = analysis.lines.line_of(region.start + clip.span.start)
        last = analysis.lines.line_of(region.start + clip.span.end)
        if last < wanted.start.line or first > wanted.end.line:
            continue
        running = 0.0
        spoken = set(id(d) for d in lip_synced(clip))
        for line in clip.dialogue:
            if id(line) in spoken:
                running += word_weight(line.text)
            seconds = speaking_seconds(line.text, wps, cps)
            label = (f"{running:g}/{limit} words · ~{seconds:.1f} s" if id(line) in spoken
                     else f"voiceover · ~{seconds:.1f} s")
            position = region_range(region, Span(line.span.end, line.span.end), codec).end
            hints.append(types.InlayHint(position=position, label=label, padding_left=True,
                                         kind=types.InlayHintKind.Parameter))
    return hints


def code_lenses(analysis: Analysis, config: Config, codec: PositionCodec) -> list[types.CodeLens]:
    lenses = []
    for region, clip in analysis.clips():
        anchor = clip.heading.span if clip.heading else Span(clip.span.start, clip.span.start)
        rng = region_range(region, anchor, codec)
        lenses.append(types.CodeLens(range=rng, command=types.Command(
            title=clip_summary(clip, config), command=SUMMARY_COMMAND, arguments=[clip.title])))
    return lenses
