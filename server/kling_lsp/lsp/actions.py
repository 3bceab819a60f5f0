"""Code actions: each rule's quick fixes, suppression comments for a clip or the file, turning a
rule off for the project, and `source.fixAll.kling`. Every action is a plain workspace edit,
so it works in any editor, not only VS Code."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..core import config_edit, suppressions
from ..core.findings import Finding, Fix, TextEdit
from ..core.fixes import preferred_fix
from ..core.text import LineIndex
from .convert import region_range
from .regions import Analysis, Region

from .capabilities import FIX_ALL
FIX_ALL_TITLE = "Fix all safely fixable kling problems"


def _edits(region: Region, fix: Fix, codec: PositionCodec) -> list[types.TextEdit]:
    from ..core.spans import Span

    return [types.TextEdit(range=region_range(region, Span(e.start, e.end), codec), new_text=e.new_text)
            for e in fix.edits]


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return p.line, p.character
    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def quick_fixes(uri: str, analysis: Analysis, wanted: types.Range, codec: PositionCodec,
                diagnostics: list[types.Diagnostic], project: "ProjectFile | None") -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    seen_rules: set[tuple[int, str]] = set()
    for region, finding in analysis.findings(*analysis.regions_between(wanted.start.line, wanted.end.line)):
        frange = region_range(region, finding.span, codec)
        if not _overlaps(frange, wanted):
            continue
        diag = [d for d in diagnostics if d.code == finding.rule and d.range == frange]
        preferred = preferred_fix(finding, unsafe=False)
        for fix in finding.fixes:
            actions.append(types.CodeAction(
                title=fix.title if fix.safe else f"{fix.title} (unsafe)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=diag or None,
                is_preferred=fix is preferred,
                edit=types.WorkspaceEdit(changes={uri: _edits(region, fix, codec)}),
            ))
        if (id(region), finding.rule) in seen_rules:
            continue
        seen_rules.add((id(region), finding.rule))
        clip_action = _ignore_in_clip(uri, analysis, region, finding, codec)
        if clip_action is not None:
            clip_action.diagnostics = diag or None
            actions.append(clip_action)
        file_action = _ignore_in_file(uri, analysis, finding, codec)
        if file_action is not None:
            file_action.diagnostics = diag or None
            actions.append(file_action)
        if project is not None:
            project_action = project.turn_off(finding.rule, codec)
            if project_action is not None:
                project_action.diagnostics = diag or None
                actions.append(project_action)
    return actions


def _ignore_in_clip(uri: str, analysis: Analysis, region: Region, finding: Finding,
                    codec: PositionCodec) -> types.CodeAction | None:
    clip = region.result.clip
    edit = suppressions.ignore_in_clip(region.result.document, clip, finding.rule) if clip else None
    if edit is None:
        return None
    return _insert(uri, f"Ignore {finding.rule} in this clip", analysis, region.start, edit, codec)


def _ignore_in_file(uri: str, analysis: Analysis, finding: Finding, codec: PositionCodec) -> types.CodeAction | None:
    edit = suppressions.ignore_in_file(analysis.regions[0].result.document, finding.rule)
    if edit is None:
        return None
    return _insert(uri, f"Ignore {finding.rule} in this file", analysis, 0, edit, codec)


def _insert(uri: str, title: str, analysis: Analysis, base: int, edit: TextEdit,
            codec: PositionCodec) -> types.CodeAction:
    """A quick fix of one core edit whose offsets count from `base` in the document."""
    from .convert import document_range

    rng = document_range(analysis, base + edit.start, base + edit.end, codec)
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                            edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=rng, new_text=edit.new_text)]}))


def fix_all(uri: str, analysis: Analysis, codec: PositionCodec) -> types.CodeAction | None:
    edits: list[types.TextEdit] = []
    taken: list[tuple[int, int]] = []
    for region, finding in analysis.findings():
        fix = preferred_fix(finding, unsafe=False)
        if fix is None:
            continue
        spans = [(region.start + e.start, region.start + e.end) for e in fix.edits]
        if any(a < d and c < b or a == b == c == d for a, b in spans for c, d in taken):
            continue
        taken.extend(spans)
        edits.extend(_edits(region, fix, codec))
    if not edits:
        return None
    return types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL,
                            edit=types.WorkspaceEdit(changes={uri: edits}))


def has_safe_fix(analysis: Analysis) -> bool:
    return any(preferred_fix(f, unsafe=False) is not None for _, f in analysis.findings())


def fix_all_unresolved(uri: str) -> types.CodeAction:
    """"Fix all" without its edit, which codeAction/resolve fills in when the writer picks it:
    building the edit for every finding of a long file on each cursor move would be waste."""
    return types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL, data={"fixAll": uri})


def unresolved_uri(action: types.CodeAction) -> str | None:
    data = action.data
    return data.get("fixAll") if isinstance(data, dict) and isinstance(data.get("fixAll"), str) else None


class ProjectFile:
    """The kling.toml (or pyproject.toml with [tool.kling]) an action may edit, or the
    folder where a new kling.toml would go. `text` is the file's content when the editor has it
    open (it may differ from the disk)."""

    def __init__(self, path: Path | None, folder: Path, can_create: bool, text: str | None = None) -> None:
        self.path = path
        self.folder = folder
        self.can_create = can_create
        self.text = text

    def turn_off(self, rule: str, codec: PositionCodec) -> types.CodeAction | None:
        title = f"Turn {rule} off in this project"
        if self.path is None:
            if not self.can_create:
                return None
            target = (self.folder / "kling.toml").as_uri()
            return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, edit=types.WorkspaceEdit(
                document_changes=[
                    types.CreateFile(uri=target, options=types.CreateFileOptions(ignore_if_exists=True)),
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=target, version=None),
                        edits=[types.TextEdit(range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                                              new_text=config_edit.turn_off("", rule, pyproject=False))]),
                ]))
        try:
            content = self.text if self.text is not None else self.path.read_text(encoding="utf-8-sig")
            edit = config_edit.smallest_edit(content, config_edit.turn_off(
                content, rule, pyproject=self.path.name == "pyproject.toml"))
        except (OSError, UnicodeDecodeError, config_edit.NotEditable):
            return None  # loading the config reports what is wrong with it
        lines = LineIndex(content)
        start, end = (types.Position(*lines.position(at, codec.encoding)) for at in (edit.start, edit.end))
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, edit=types.WorkspaceEdit(
            changes={self.path.as_uri(): [types.TextEdit(range=types.Range(start, end), new_text=edit.new_text)]}))
