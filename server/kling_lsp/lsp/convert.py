"""Core results to LSP types: offsets within a region become ranges in the client's
position encoding, through pygls's position codec."""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec, ServerTextPosition

from ..core.findings import Finding, Severity
from ..core.ruledocs import rule_doc_path
from ..core.spans import Span
from .regions import Analysis, Region

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFORMATION: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


def region_range(region: Region, span: Span, codec: PositionCodec) -> types.Range:
    """A span of the region's own text as a range in the document."""
    index = region.result.document.lines
    lines = region.result.lines
    sl, sc = index.position(span.start, "utf-32")
    el, ec = index.position(span.end, "utf-32")
    start = codec.position_to_client_units(lines, ServerTextPosition(sl, sc))
    end = codec.position_to_client_units(lines, ServerTextPosition(el, ec))
    return types.Range(types.Position(start.line + region.line, start.character),
                       types.Position(end.line + region.line, end.character))


def document_offset(analysis: Analysis, position: types.Position, codec: PositionCodec) -> int:
    """The string offset of a client position in the document."""
    line = max(0, min(position.line, analysis.lines.line_count - 1))
    start = analysis.lines.starts[line]
    end = analysis.lines.line_end(line)
    server = codec.position_from_client_units([analysis.text[start:end]],
                                              types.Position(0, position.character))
    return min(start + server.character, end)


def document_range(analysis: Analysis, start: int, end: int, codec: PositionCodec) -> types.Range:
    """Offsets of the whole document as a range."""
    def position(offset: int) -> types.Position:
        line, col = analysis.lines.position(offset, "utf-32")
        text = analysis.text[analysis.lines.starts[line]:analysis.lines.line_end(line)]
        return types.Position(line, codec.client_num_units(text[:col]))
    return types.Range(position(start), position(end))


def rule_link(rule: str) -> types.CodeDescription | None:
    path = rule_doc_path(rule)
    return types.CodeDescription(href=path.as_uri()) if path else None


def diagnostic(region: Region, finding: Finding, codec: PositionCodec, uri: str) -> types.Diagnostic:
    related = None
    if finding.related:
        related = [types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=region_range(region, r.span, codec)), message=r.message)
            for r in finding.related]
    return types.Diagnostic(
        range=region_range(region, finding.span, codec),
        message=finding.message,
        severity=SEVERITY[finding.severity],
        code=finding.rule,
        code_description=rule_link(finding.rule),
        source="kling",
        related_information=related,
    )
