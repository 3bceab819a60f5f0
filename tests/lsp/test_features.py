"""Code actions, hover, completion, outline, hints, lenses and tokens over a real server."""

from __future__ import annotations

from lsprotocol import types

from kling_lsp.core.config import load_config_file
from kling_lsp.core.rules import rule_names
from test_diagnostics import units

STORY = """---
duration: 8
---
# Harbour {duration=8}
A fisherman mends a net on the pier and says calmly, "We sail at dawn, before the fog lifts."
Upbeat accordion music plays.

# Storm {duration=6}
Shot 1 (2s): Rain hammers the tin roof.
Shot 2 (4s): [Ines: harbour master, tense whisper]: "Nobody leaves tonight."
"""


def apply(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    """Apply LSP edits (positions in `encoding` units) to text, back to front."""
    lines = text.splitlines(keepends=True)

    def offset(pos: types.Position) -> int:
        before = sum(len(l) for l in lines[:pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        count = 0
        for i, ch in enumerate(line):
            if count >= pos.character:
                return before + i
            count += units(ch, encoding)
        return before + len(line.rstrip("\r\n"))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
        lines = text.splitlines(keepends=True)
    return text


async def actions_at(session, uri: str, diagnostic: types.Diagnostic, only=None) -> list[types.CodeAction]:
    return await session.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic], only=only)))


async def test_quick_fix_removes_the_diagnostic(session):
    uri = session.open("harbour.kling", STORY)
    music = next(d for d in await session.diagnostics(uri) if d.code == "music-over-dialogue")
    actions = await actions_at(session, uri, music)
    fix = next(a for a in actions if a.title == "Make it soft background music")
    assert fix.is_preferred and fix.kind == types.CodeActionKind.QuickFix
    assert fix.diagnostics and fix.diagnostics[0].code == "music-over-dialogue"
    new_text = apply(STORY, fix.edit.changes[uri], session.encoding)
    assert "Soft background upbeat accordion music plays." in new_text
    session.change(uri, new_text)
    assert not any(d.code == "music-over-dialogue" for d in await session.diagnostics(uri))


async def test_ignore_in_this_clip_and_in_this_file(session):
    uri = session.open("ignore.kling", STORY)
    music = next(d for d in await session.diagnostics(uri) if d.code == "music-over-dialogue")
    actions = await actions_at(session, uri, music)
    titles = [a.title for a in actions]
    assert "Ignore music-over-dialogue in this clip" in titles
    assert "Ignore music-over-dialogue in this file" in titles
    clip_action = next(a for a in actions if a.title.endswith("in this clip"))
    assert clip_action.command is None  # a plain edit: works in every editor
    clipped = apply(STORY, clip_action.edit.changes[uri], session.encoding)
    assert "# Harbour {duration=8}\n// kling-ignore music-over-dialogue\n" in clipped
    session.change(uri, clipped)
    assert not any(d.code == "music-over-dialogue" for d in await session.diagnostics(uri))
    file_action = next(a for a in actions if a.title.endswith("in this file"))
    filed = apply(STORY, file_action.edit.changes[uri], session.encoding)
    assert filed.startswith("---\nduration: 8\n---\n// kling-ignore music-over-dialogue\n")


async def test_ignore_in_this_clip_puts_the_rule_before_the_comments_note(session):
    text = STORY.replace("# Harbour {duration=8}\n", "# Harbour {duration=8}\n// kling-ignore empty-clip -- noisy\n")
    uri = session.open("noted.kling", text)
    music = next(d for d in await session.diagnostics(uri) if d.code == "music-over-dialogue")
    action = next(a for a in await actions_at(session, uri, music) if a.title.endswith("in this clip"))
    clipped = apply(text, action.edit.changes[uri], session.encoding)
    assert "// kling-ignore empty-clip, music-over-dialogue -- noisy\n" in clipped
    session.change(uri, clipped)
    assert not any(d.code == "music-over-dialogue" for d in await session.diagnostics(uri))


async def test_turn_off_in_the_project_edits_or_creates_kling_toml(session):
    uri = session.open("project.kling", STORY)
    music = next(d for d in await session.diagnostics(uri) if d.code == "music-over-dialogue")
    actions = await actions_at(session, uri, music)
    project = [a for a in actions if a.title == "Turn music-over-dialogue off in this project"]
    caps = session.client.capabilities.workspace.workspace_edit
    can_create = bool(caps and caps.document_changes and caps.resource_operations
                      and types.ResourceOperationKind.Create in caps.resource_operations)
    if not can_create:
        assert project == []
        return
    change = project[0].edit.document_changes
    assert change[0].kind == "create" and change[0].uri.endswith("/kling.toml")
    assert change[1].edits[0].new_text == '[rules]\nmusic-over-dialogue = "off"\n'


async def project_edit(session, name: str, content: str) -> str:
    """The project file after applying "Turn music-over-dialogue off in this project"."""
    (session.root / name).write_text(content, encoding="utf-8", newline="")
    uri = session.open(f"{name}.kling", STORY)
    music = next(d for d in await session.diagnostics(uri) if d.code == "music-over-dialogue")
    action = next(a for a in await actions_at(session, uri, music) if a.title.endswith("in this project"))
    [(target, edits)] = action.edit.changes.items()
    assert target == (session.root / name).as_uri()
    return apply(content, edits, session.encoding)


async def test_project_action_appends_to_an_existing_kling_toml(session):
    new = await project_edit(session, "kling.toml", "max-speakers = 1\n")
    assert new == 'max-speakers = 1\n\n[rules]\nmusic-over-dialogue = "off"\n'


async def test_project_action_finds_a_rules_table_whose_header_has_a_comment(session):
    content = '# tuned for the harbour series \u2014 \u6e2f\n[rules]  # ours\nempty-clip = "hint"\n'
    new = await project_edit(session, "kling.toml", content)
    assert new == content + 'music-over-dialogue = "off"\n'
    (session.root / "kling.toml").write_text(new, encoding="utf-8")
    assert load_config_file(session.root / "kling.toml", rule_names()).rules["music-over-dialogue"] == "off"


async def test_project_action_edits_tool_kling_in_pyproject(session):
    content = '[project]\nname = "p"\n\n[tool.kling]\nmax-speakers = 2\n\n[tool.ruff]\nline-length = 99\n'
    new = await project_edit(session, "pyproject.toml", content)
    assert new == content.replace("\n\n[tool.ruff]", '\n\n[tool.kling.rules]\nmusic-over-dialogue = "off"\n\n[tool.ruff]')


async def test_fix_all(session):
    text = '# A\nShe shouts, "Run!\n<<voice_1>> hums.\n'
    uri = session.open("fixall.kling", text)
    diagnostics = await session.diagnostics(uri)
    [action] = await session.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        context=types.CodeActionContext(diagnostics=diagnostics, only=["source.fixAll.kling"])))
    fixed = apply(text, action.edit.changes[uri], session.encoding)
    assert fixed == '# A\nShe shouts, "Run!"\n<<<voice_1>>> hums.\n'


async def test_hover_on_dialogue_and_heading(session):
    uri = session.open("hover.kling", STORY)
    await session.diagnostics(uri)
    line = STORY.splitlines()[4]
    hover = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(4, units(line[:line.index("We sail")], session.encoding))))
    value = hover.contents.value
    assert "words" in value and "a fisherman" in value.lower() and "says calmly" in value
    heading = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(3, 3)))
    assert "Harbour" in heading.contents.value and "speakers" in heading.contents.value


async def complete(session, uri: str, line: int, text_before: str) -> list[str]:
    result = await session.client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line, units(text_before, session.encoding))))
    return [item.label for item in result.items]


async def test_completion_in_context(session):
    text = STORY + 'The cook says \n[\n<<<\nThe cook says, "Hel\n'
    uri = session.open("complete.kling", text)
    await session.diagnostics(uri)
    base = len(STORY.splitlines())
    styles = await complete(session, uri, base, "The cook says ")
    assert "calmly" in styles or any("calm" in s for s in styles)
    speakers = await complete(session, uri, base + 1, "[")
    assert "Ines" in speakers
    refs = await complete(session, uri, base + 2, "<<<")
    assert "voice_1" in refs
    assert await complete(session, uri, base + 3, 'The cook says, "Hel') == []
    attributes = await complete(session, uri, 7, "# Storm {")
    assert "duration" in attributes and "aspect" in attributes


async def test_outline_folding_hints_lenses_tokens(session):
    uri = session.open("outline.kling", STORY)
    await session.diagnostics(uri)
    ident = types.TextDocumentIdentifier(uri=uri)
    symbols = await session.client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=ident))
    assert [s.name for s in symbols] == ["Harbour", "Storm"]
    assert [c.name for c in symbols[1].children] == ["Shot 1", "Shot 2", "Ines"]
    folds = await session.client.text_document_folding_range_async(types.FoldingRangeParams(text_document=ident))
    assert any(f.start_line == 3 for f in folds)
    hints = await session.client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=ident, range=types.Range(types.Position(0, 0), types.Position(20, 0))))
    assert any("/20 words" in h.label for h in hints)
    lenses = await session.client.text_document_code_lens_async(types.CodeLensParams(text_document=ident))
    assert len(lenses) == 2 and "speakers" in lenses[0].command.title
    tokens = await session.client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=ident))
    assert tokens.data and len(tokens.data) % 5 == 0
    found = await session.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="storm"))
    assert [s.name for s in found] == ["Storm"]


async def test_completion_narrows_to_the_typed_prefix(session):
    text = STORY + "The cook says sof\n"
    uri = session.open("prefix.kling", text)
    await session.diagnostics(uri)
    line = len(STORY.splitlines())
    result = await session.client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line, units("The cook says sof", session.encoding))))
    assert result.is_incomplete
    labels = [item.label for item in result.items]
    assert "softly" in labels and all(label.lower().startswith("sof") for label in labels)


async def test_fix_all_on_a_cursor_move_is_resolved_only_when_chosen(session):
    """Asked without `only` (the light bulb as the cursor moves), "fix all" comes without its
    edit to a client that resolves code actions, and with it to one that cannot."""
    text = '# A\nShe shouts, "Run!\n<<voice_1>> hums.\n'
    uri = session.open("fixall-lazy.kling", text)
    diagnostics = await session.diagnostics(uri)
    offered = await session.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(1, 0), types.Position(1, 0)),
        context=types.CodeActionContext(diagnostics=diagnostics)))
    [action] = [a for a in offered if a.kind == "source.fixAll.kling"]
    caps = session.client.capabilities.text_document
    resolves = bool(caps.code_action and caps.code_action.resolve_support
                    and "edit" in caps.code_action.resolve_support.properties)
    if resolves:
        assert action.edit is None
        action = await session.client.code_action_resolve_async(action)
    fixed = apply(text, action.edit.changes[uri], session.encoding)
    assert fixed == '# A\nShe shouts, "Run!"\n<<<voice_1>>> hums.\n'
