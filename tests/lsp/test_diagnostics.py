"""Diagnostics end to end: ranges in every position encoding, codes and links, push or pull,
configuration, bursts of edits."""

from __future__ import annotations

import asyncio

from lsprotocol import types

BROKEN = '# Party 🎉 派对\n🎉🎉 派对开始了. The host raises a glass and says calmly, "Welcome, friends!\n'


def units(text: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le")) // 2


async def test_diagnostic_range_in_the_negotiated_encoding(session):
    uri = session.open("party.kling", BROKEN)
    diagnostics = await session.diagnostics(uri)
    unclosed = [d for d in diagnostics if d.code == "unclosed-quote"]
    assert len(unclosed) == 1
    line = BROKEN.splitlines()[1]
    expected = units(line[:line.index('"')], session.encoding)
    assert unclosed[0].range.start == types.Position(1, expected)
    assert unclosed[0].range.end == types.Position(1, expected + 1)
    assert unclosed[0].source == "kling"
    assert unclosed[0].severity == types.DiagnosticSeverity.Error
    assert unclosed[0].code_description.href.endswith("unclosed-quote.md")


async def test_related_information_points_at_the_other_speaker(session):
    text = ('# Kitchen {duration=8}\nThe chef says calmly, "Salt first." '
            'The apprentice replies nervously, "Yes, chef."\n')
    uri = session.open("kitchen.kling", text)
    diagnostics = await session.diagnostics(uri)
    speakers = next(d for d in diagnostics if d.code == "multiple-speakers")
    assert "apprentice" in speakers.message
    related = speakers.related_information[0]
    assert related.location.uri == uri
    start = related.location.range.start
    assert text.splitlines()[1][start.character:].startswith("Salt first.")


async def test_edits_update_diagnostics(session):
    uri = session.open("scene.kling", BROKEN)
    assert any(d.code == "unclosed-quote" for d in await session.diagnostics(uri))
    session.change(uri, BROKEN.replace("friends!\n", 'friends!"\n'))
    assert not any(d.code == "unclosed-quote" for d in await session.diagnostics(uri))


async def test_a_burst_of_edits_ends_with_the_last_version(session):
    uri = session.open("burst.kling", "# A\nA dog barks.\n")
    await session.diagnostics(uri)
    text = '# A\nA dog barks. The owner says calmly, "Sit'
    for n in range(25):
        text += f" down{n}"
        session.change(uri, text + "\n")
    final = await session.diagnostics(uri)
    assert sum(1 for d in final if d.code == "unclosed-quote") == 1  # only the last quote is open
    if not session.pull:
        versions = [p.version for p in session.client.published if p.uri == uri]
        assert versions == sorted(versions), "never an older version after a newer one"
        assert versions[-1] == session.versions[uri]
        assert len(versions) < 10, "a burst costs one analysis, not one per keystroke"


async def test_project_file_configures_rules(session):
    (session.root / "kling.toml").write_text('[rules]\nunclosed-quote = "off"\n', encoding="utf-8")
    uri = session.open("quiet.kling", BROKEN)
    assert not any(d.code == "unclosed-quote" for d in await session.diagnostics(uri))


async def test_editor_settings_apply_and_recheck(session):
    uri = session.open("settings.kling", BROKEN)
    assert any(d.code == "unclosed-quote" for d in await session.diagnostics(uri))
    session.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"kling": {"rules": {"unclosed-quote": "off"}}}))
    await asyncio.sleep(0.3)
    if not session.pull:
        session.versions[uri] = session.versions[uri]  # same version, republished after the change
        for _ in range(100):
            if not any(d.code == "unclosed-quote" for d in session.client.diagnostics.get(uri, [])):
                break
            await asyncio.sleep(0.05)
    assert not any(d.code == "unclosed-quote" for d in await session.diagnostics(uri))


async def test_bad_project_file_shows_one_message_and_keeps_working(session):
    (session.root / "kling.toml").write_text("max-speakers = 'many'\n", encoding="utf-8")
    uri = session.open("bad.kling", BROKEN)
    diagnostics = await session.diagnostics(uri)
    assert any(d.code == "unclosed-quote" for d in diagnostics)  # defaults still apply
    for _ in range(50):
        if session.client.messages:
            break
        await asyncio.sleep(0.05)
    messages = [m.message for m in session.client.messages]
    assert len(messages) == 1 and "kling.toml" in messages[0] and "max-speakers" in messages[0]


async def test_pull_answers_unchanged_when_nothing_changed(session):
    if not session.pull:
        return  # push clients are covered above
    uri = session.open("same.kling", BROKEN)
    ident = types.TextDocumentIdentifier(uri=uri)
    first = await session.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=ident))
    again = await session.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=ident, previous_result_id=first.result_id))
    assert first.result_id and again.kind == "unchanged" and again.result_id == first.result_id
    assert not session.client.diagnostics.get(uri), "a pull client is never pushed diagnostics"


async def test_a_file_wide_suppression_reaches_every_clip(session):
    text = '# One\nShe shouts, "Run!\n# Two\nHe shouts, "Stop!\n'
    uri = session.open("suppress.kling", text)
    assert sum(d.code == "unclosed-quote" for d in await session.diagnostics(uri)) == 2
    session.change(uri, "// kling-ignore unclosed-quote\n" + text)
    assert not any(d.code == "unclosed-quote" for d in await session.diagnostics(uri))
    session.change(uri, text)
    assert sum(d.code == "unclosed-quote" for d in await session.diagnostics(uri)) == 2


async def test_language_findings_arrive_without_holding_up_the_first_ones(session):
    text = '# Mercado {duration=8}\nA market vendor smiles and says calmly, "Las naranjas están muy dulces hoy."\n'
    uri = session.open("mercado.kling", text)
    for _ in range(100):  # the model loads in the background, then the file is checked again
        diagnostics = await session.diagnostics(uri)
        if any(d.code == "dialogue-language" for d in diagnostics):
            break
        await asyncio.sleep(0.1)
    language = [d for d in diagnostics if d.code == "dialogue-language"]
    assert language and "Spanish" in language[0].message


async def test_incremental_edits_after_emoji_and_cjk_keep_the_text_in_step(session):
    """Typing into a line after emoji and CJK characters, by incremental changes: the findings
    land where a fresh open of the same text puts them."""
    text = '# 派对 🎉\n🎉 派对. The host says warmly, "Welcome".\n'
    uri = session.open("typing.kling", text)
    assert not [d for d in await session.diagnostics(uri) if d.code == "unclosed-quote"]
    line = text.splitlines()[1]
    before = line[:line.index('Welcome')]
    # delete the closing quote, then type a word after "Welcome" one character at a time
    close = line.index('".')
    session.edit(uri, (1, line[:close]), (1, line[:close + 1]), "")
    typed = line[:close]
    for ch in " all":
        session.edit(uri, (1, typed), (1, typed), ch)
        typed += ch
    found = [d for d in await session.diagnostics(uri) if d.code == "unclosed-quote"]
    assert len(found) == 1
    assert found[0].range.start == types.Position(1, session.units(before) - 1)

    fresh = session.open("typing-fresh.kling", text.replace(line, typed + "."))
    again = [d for d in await session.diagnostics(fresh) if d.code == "unclosed-quote"]
    assert [d.range for d in again] == [d.range for d in found]


async def test_characters_that_python_but_not_lsp_breaks_lines_at(session):
    """A form feed and U+2028 do not end a line in LSP: an edit on the line after them must
    land there (pygls's own document counts them as breaks and would edit the wrong line)."""
    text = "# Scene\nRain falls.\u2028 Soft\x0c light.\nA dog barks.\n"
    uri = session.open("separators.kling", text)
    await session.diagnostics(uri)
    session.edit(uri, (2, ""), (2, ""), 'The owner says calmly, "Sit. ')
    found = [d for d in await session.diagnostics(uri) if d.code == "unclosed-quote"]
    assert len(found) == 1
    assert found[0].range.start.line == 2
    assert found[0].range.start.character == session.units("The owner says calmly, ")


async def test_a_long_file_gets_the_findings_of_its_top_first(session):
    """Opening a long file, a push client gets the findings at the top at once, then all of
    them for the same version; so does a pull client that takes refresh requests (its first
    pull gets the top, a refresh follows); other pull clients get all of them at once."""
    quiet = "A lighthouse keeper climbs the spiral stairs at dusk. Waves crash on the rocks below."
    broken = 'The keeper shouts, "Storm coming'
    clips = [f"# Clip {n}\n{broken if n in (1, 2000) else quiet}\n" for n in range(1, 2001)]
    text = "\n".join(clips)
    assert len(text) > 60_000
    last_line = text.splitlines().index(broken, 10)
    uri = session.open("long.kling", text)
    refreshes = session.client.capabilities.workspace.diagnostics
    if session.pull and refreshes and refreshes.refresh_support:
        # the first pull gets the top; a refresh follows once all is known, and the next pull has it
        first = [d.range.start.line for d in await session.diagnostics(uri) if d.code == "unclosed-quote"]
        assert first == [1]
        for _ in range(200):
            if session.client.refreshes:
                break
            await asyncio.sleep(0.05)
        assert session.client.refreshes, "no workspace/diagnostic/refresh after the head"
        final = [d.range.start.line for d in await session.diagnostics(uri) if d.code == "unclosed-quote"]
        assert sorted(final) == [1, last_line]
        return
    if session.pull:
        final = [d for d in await session.diagnostics(uri) if d.code == "unclosed-quote"]
        assert sorted(d.range.start.line for d in final) == [1, last_line]
        return
    mine: list = []
    for _ in range(200):
        mine = [p for p in session.client.published if p.uri == uri]
        if len(mine) >= 2:
            break
        await asyncio.sleep(0.05)
    assert [p.version for p in mine] == [1, 1]
    first, complete = ([d.range.start.line for d in p.diagnostics if d.code == "unclosed-quote"] for p in mine)
    assert first == [1], "the first publish holds the top of the file only"
    assert sorted(complete) == [1, last_line]
