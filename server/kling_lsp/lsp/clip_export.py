"""`kling/exportClips`: each clip of an open document as `kling export` would send it, for a
"copy this clip for Kling" button. Request params: `{"uri": ...}`. Result: `{"uri", "version",
"clips": [{"title", "line", "text", "errors"}]}`, where `line` is the clip's first line (its
heading) in the document, `text` is what to paste (core/export.py's `paste_text`) and `errors`
the messages of the errors that keep `kling export` from sending it (empty when none)."""

from __future__ import annotations

from ..core.export import blocking_errors, export_clip, paste_text
from ..core.findings import Severity
from .regions import Analysis

METHOD = "kling/exportClips"


def exported_clips(analysis: Analysis) -> list[dict]:
    out = []
    front = [f for f in analysis.regions[0].result.findings if f.severity is Severity.ERROR]
    for region, clip in analysis.clips():
        document = region.result.document
        errors = blocking_errors(document, clip, list(region.result.findings))
        if region is not analysis.regions[0]:  # the front matter, parsed with the first region, is its default
            errors = front + errors
        exported = export_clip(document, clip)
        out.append({"title": clip.title, "line": region.line + document.lines.line_of(clip.span.start),
                    "text": paste_text(exported) if exported.prompt else "",
                    "errors": [f"[{f.rule}] {f.message}" for f in errors]})
    return out
