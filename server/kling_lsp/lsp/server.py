"""The kling language server: thin pygls handlers over the feature modules.

A document is analysed as soon as it changes if no analysis of it is running, else once more
when that one ends, so a burst of keystrokes costs one or two analyses, not one per keystroke.
Analyses run in a worker thread so the event loop keeps answering; a result for version N is
dropped once N+1 has arrived. Pull-capable clients get diagnostics by pull only, the
others by push; a client that declares pull but has not pulled PULL_GRACE seconds after its first
document opened (@codemirror/lsp-client declares it and only handles push) is pushed to from then on.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol.json_rpc import JsonRPCNotification
from pygls.uris import to_fs_path

from .. import __version__
from .protocol import KlingProtocol, strict_converter
from .capabilities import FIX_ALL, SUMMARY_COMMAND, TOKEN_LEGEND, TRIGGER_CHARACTERS, WATCH_GLOBS

if TYPE_CHECKING:
    from ..core.config import Config
    from .regions import Analysis

# The analysis modules load on first use (or in the background after `initialized`), so
# that `initialize` is answered as soon as pygls itself is up.


def _features():
    from . import actions, completion, convert, hover, outline, regions, tokens

    return actions, completion, convert, hover, outline, regions, tokens

log = logging.getLogger("kling_lsp")
BURST_GAP = 0.02  # edits closer than this are one burst: a paste or a macro (people type a key per 50 ms at most)
SETTLE = 0.01  # how long an edit in a burst waits for the next one
MAX_BURST_WAIT = 0.25  # a burst that never pauses is still analysed this often
PULL_GRACE = 1.5  # seconds a pull-declaring client has to pull before diagnostics are pushed to it
HEAD_CHARACTERS = 20_000  # a file opened longer than this gets the findings of its top (a few screens) first


class KlingServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("kling-lsp", __version__, protocol_cls=KlingProtocol, converter_factory=strict_converter)
        self._cache = None
        self._configs = None
        self._editor_settings: dict | None = None
        self.analyses: dict[str, tuple[int, "Analysis", "Config"]] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.dirty: set[str] = set()  # documents changed while their analysis was running
        self.last_edit: dict[str, float] = {}  # uri -> time.monotonic() of its last change
        self.analysed_generation: dict[str, int] = {}  # uri -> the document edit its analysis saw
        self.heads: dict[str, tuple[int, Analysis]] = {}  # a long file's top, while the rest is analysed
        self.head_ready: dict[str, asyncio.Event] = {}
        self.refresh_due: set[str] = set()  # pulled with the head only: refresh when all is known
        self.results: dict[str, str] = {}  # uri -> result id of the last pulled/pushed diagnostics
        self.pull = False
        self.pulled = False  # whether the client has pulled diagnostics at all
        self.pull_watch: asyncio.TimerHandle | None = None
        self.watching = False  # whether the client tells us when kling.toml changes

    # --- helpers ---------------------------------------------------------------------
    @property
    def cache(self):
        if self._cache is None:
            self._cache = _features()[5].RegionCache()
        return self._cache

    @property
    def configs(self):
        if self._configs is None:
            from .settings import ConfigResolver

            self._configs = ConfigResolver(self._show_problem)
            if self._editor_settings is not None:
                self._configs.set_editor_settings(self._editor_settings)
        return self._configs

    def _show_problem(self, message: str) -> None:
        log.warning(message)
        try:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))
        except Exception:  # no client yet (tests of the resolver): logging is enough
            pass

    def forget_documents(self) -> None:
        """Drop what is known of every document: a new client (a reloaded page) opens its own."""
        for task in self.pending.values():
            task.cancel()
        for known in (self.analyses, self.pending, self.last_edit, self.analysed_generation, self.heads,
                      self.head_ready, self.results):
            known.clear()
        self.dirty.clear()
        self.refresh_due.clear()

    def watch_for_pull(self) -> None:
        """A pull-declaring client gets PULL_GRACE seconds to pull; if it does not, push."""
        if self.pull and not self.pulled and self.pull_watch is None:
            self.pull_watch = asyncio.get_running_loop().call_later(PULL_GRACE, self._push_if_never_pulled)

    def _push_if_never_pulled(self) -> None:
        if not self.pull or self.pulled:
            return
        log.info("the client declared pull diagnostics but has not pulled any in %s s: pushing them instead",
                 PULL_GRACE)
        self.pull = False
        for uri, (version, analysis, _) in list(self.analyses.items()):
            if self._is_current(uri, version):
                self.publish(uri, version, analysis)
        for uri in list(self.workspace.text_documents):
            if uri not in self.analyses:
                self.schedule(uri)

    def codec(self):
        return self.workspace.position_codec

    def config_for(self, uri: str) -> Config:
        path = to_fs_path(uri)
        return self.configs.for_path(Path(path) if path else None)

    def open_document(self, uri: str):
        """The text the editor sent for `uri`; an error for any other document, which pygls
        would otherwise read from disk."""
        document = self.workspace.text_documents.get(uri)
        if document is None:
            raise JsonRpcInvalidParams(f"{uri} is not open: kling reads only what the editor sends (didOpen)")
        return document

    async def current(self, uri: str) -> tuple[Analysis, Config]:
        """The analysis of the document's current text: the running one if there is one, else
        one made in a worker thread, never on the event loop (other requests keep their answers)."""
        for _ in range(3):  # an edit may land while we wait; then wait for the newer analysis
            document = self.open_document(uri)
            known = self.analyses.get(uri)
            if known is not None and known[0] == (document.version or 0):
                return known[1], known[2]
            task = self.pending.get(uri)
            if task is None or task.done():
                break
            await asyncio.wait({task})  # not cancelled with it: a closed document is caught above
        document = self.open_document(uri)
        version, text, generation = document.version or 0, document.source, getattr(document, "generation", None)
        config = self.config_for(uri)
        result = await asyncio.get_running_loop().run_in_executor(None, _features()[5].analyse, text, config, self.cache)
        if self._is_current(uri, version):
            self.analyses[uri] = (version, result, config)
            self.analysed_generation.pop(uri, None)
            if generation is not None:
                self.analysed_generation[uri] = generation
        return result, config

    def diagnostics_for(self, uri: str, analysis: Analysis) -> list[dict]:
        """Every diagnostic of the document as plain data (see publish.py for why plain)."""
        from .publish import diagnostics

        return diagnostics(analysis, uri, self.codec(), self.protocol._converter.unstructure)

    def diagnostics_json(self, uri: str, analysis: Analysis) -> str:
        from .publish import diagnostics_json

        return diagnostics_json(analysis, uri, self.codec(), self.protocol._converter.unstructure)

    async def publish_off_loop(self, uri: str, version: int | None, analysis: Analysis) -> None:
        """Publish, with the findings turned into JSON in a worker thread: a fresh long file has
        thousands, and converting them on the event loop held every other request for a second."""
        body = await asyncio.get_running_loop().run_in_executor(None, self.diagnostics_json, uri, analysis)
        if self._is_current(uri, version):
            self.publish(uri, version, analysis, body)

    def publish(self, uri: str, version: int | None, analysis: Analysis, body: str | None = None) -> None:
        """Push diagnostics, the JSON written straight from each region's cached text: pygls would
        otherwise decode and re-encode thousands of findings on every keystroke."""
        if body is None:
            body = self.diagnostics_json(uri, analysis)
        message = ('{"jsonrpc":"2.0","method":"%s","params":{"uri":%s,"version":%s,"diagnostics":%s}}'
                   % (types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, json.dumps(uri), json.dumps(version), body))
        if not _write_json(self.protocol, message):
            self.protocol._send_data(JsonRPCNotification(
                method=types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, jsonrpc="2.0",
                params={"uri": uri, "version": version, "diagnostics": json.loads(body)}))

    def schedule(self, uri: str, edited: bool = False) -> None:
        """Analyse now if idle; while an analysis runs, note that another is due when it ends.
        A keystroke after a pause waits for nothing; edits that follow each other within
        BURST_GAP (a paste, a macro, a client that sends each change on its own) wait SETTLE
        for the rest of the burst, so a burst costs a few analyses, not one per edit."""
        now = time.monotonic()
        delay = 0.0
        if edited:
            if now - self.last_edit.get(uri, 0.0) < BURST_GAP:
                delay = SETTLE
            self.last_edit[uri] = now
        task = self.pending.get(uri)
        if task is not None and not task.done():
            self.dirty.add(uri)
            return
        if uri in self.dirty and now - self.last_edit.get(uri, 0.0) < BURST_GAP:
            delay = SETTLE  # the re-run after a busy analysis: the burst may still be going
        self.dirty.discard(uri)
        self.pending[uri] = asyncio.ensure_future(self._analyse_later(uri, delay))

    async def _burst_end(self, uri: str, waited: float) -> None:
        """Wait until a burst of edits pauses for SETTLE, or MAX_BURST_WAIT has passed, so a
        burst is analysed at its end and not once per slow tick of the event loop."""
        while waited < MAX_BURST_WAIT and time.monotonic() - self.last_edit.get(uri, 0.0) < SETTLE:
            await asyncio.sleep(SETTLE)
            waited += SETTLE

    async def _analyse_later(self, uri: str, delay: float) -> None:
        try:
            await asyncio.sleep(delay)  # 0: edits already received apply first
            if delay:
                await self._burst_end(uri, delay)
            self.dirty.discard(uri)  # edits received so far are in the text read below
            document = self.workspace.get_text_document(uri)
            version, text = document.version or 0, document.source
            generation = getattr(document, "generation", None)
            lines = getattr(document, "current_line_index", lambda: None)()
            config = self.config_for(uri)
            loop = asyncio.get_running_loop()
            analyse = _features()[5].analyse
            known = self.analyses.get(uri)
            previous = known[1] if known is not None else None
            if previous is None and len(text) > HEAD_CHARACTERS and (not self.pull or self._refreshes()):
                # a long file just opened: the top, where the editor opens it, comes first
                head = await loop.run_in_executor(None, _features()[5].analyse_head, text, config, self.cache,
                                                  HEAD_CHARACTERS)
                if not self._is_current(uri, version):
                    return
                if self.pull:  # a pull that comes meanwhile gets the head; a refresh follows
                    self.heads[uri] = (version, head)
                    self.head_ready.setdefault(uri, asyncio.Event()).set()
                else:
                    await self.publish_off_loop(uri, version, head)
            change = None
            if previous is not None and generation is not None and uri in self.analysed_generation:
                change = document.change_since(self.analysed_generation[uri])
            result = await loop.run_in_executor(None, analyse, text, config, self.cache, previous, lines, change)
            if not self._is_current(uri, version):
                return  # a newer version arrived meanwhile: never publish stale results
            self.analyses[uri] = (version, result, config)
            if generation is not None:
                self.analysed_generation[uri] = generation
            if not self.pull:
                await self.publish_off_loop(uri, version, result)
            elif uri in self.refresh_due:
                self.refresh_due.discard(uri)
                self.workspace_diagnostic_refresh(None)

        except asyncio.CancelledError:
            pass
        except Exception:  # keep serving whatever one document does
            log.exception("analysis of %s failed", uri)
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                self.pending.pop(uri, None)
                self.heads.pop(uri, None)
                self.head_ready.pop(uri, None)
                if uri in self.dirty and uri in self.workspace.text_documents:
                    self.schedule(uri)

    def _refreshes(self) -> bool:
        """Whether the client takes workspace/diagnostic/refresh (then a pull may be answered
        with a long file's top first, and the whole after the refresh)."""
        caps = self.client_capabilities.workspace
        return bool(caps and caps.diagnostics and caps.diagnostics.refresh_support)

    async def first_findings(self, uri: str, task: asyncio.Task) -> tuple[int, Analysis] | None:
        """Wait for the running analysis of `uri`, or for its head if that comes first."""
        ready = self.head_ready.setdefault(uri, asyncio.Event())
        waiter = asyncio.ensure_future(ready.wait())
        try:
            await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
        if task.done():
            return None
        return self.heads.get(uri)

    def _is_current(self, uri: str, version: int) -> bool:
        if uri not in self.workspace.text_documents:
            return False
        return (self.workspace.get_text_document(uri).version or 0) == version

    def recheck_all(self, forget: bool = False) -> None:
        """Check every open document again: after a change of settings (results are cached by
        configuration, so an unchanged one costs nothing), or with `forget` when the language
        model has loaded: the clips whose lines waited for it are checked again, the others
        come from the cache."""
        if forget:
            self.cache.forget_unjudged()
            self.analyses.clear()
        self.configs.invalidate()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri)
        if self.pull:
            try:
                self.workspace_diagnostic_refresh(None)
            except Exception:
                log.debug("client does not take diagnostic refresh requests")


server = KlingServer()


@server.feature(types.INITIALIZE)
def on_initialize(ls: KlingServer, params: types.InitializeParams) -> None:
    from ..core import language
    from .document import use_kling_documents

    use_kling_documents(ls.workspace)
    loop = asyncio.get_running_loop()
    # the language model (0.7 s to load) never holds up a file's first findings
    language.on_model_loaded = lambda: loop.call_soon_threadsafe(ls.recheck_all, True)
    # the analysis modules and vocabulary patterns load while the editor opens its files,
    # starting once the answer to `initialize` is on its way
    loop.call_soon(threading.Thread(target=_warm_up, name="kling-warm-up", daemon=True).start)
    caps = params.capabilities
    ls.pull = bool(caps.text_document and caps.text_document.diagnostic)
    ls.pulled = False
    if ls.pull_watch is not None:
        ls.pull_watch.cancel()
        ls.pull_watch = None
    ls._editor_settings = _initial_settings(params.initialization_options)
    if params.process_id:
        _watch_parent(params.process_id)


@server.feature(types.INITIALIZED)
async def on_initialized(ls: KlingServer, params: types.InitializedParams) -> None:
    caps = ls.client_capabilities
    workspace = caps.workspace
    if workspace and workspace.did_change_watched_files and workspace.did_change_watched_files.dynamic_registration:
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                id="kling-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=g) for g in WATCH_GLOBS]))]))
            ls.watching = True
        except Exception:
            log.info("the client did not take the file watchers; config changes apply when a file is opened")
    await _pull_settings(ls)


async def _pull_settings(ls: KlingServer) -> None:
    caps = ls.client_capabilities
    if not (caps.workspace and caps.workspace.configuration):
        return
    try:
        result = await ls.workspace_configuration_async(types.ConfigurationParams(
            items=[types.ConfigurationItem(section="kling")]))
    except Exception:
        log.debug("client did not answer workspace/configuration")
        return
    if result and isinstance(result[0], dict):
        ls.configs.set_editor_settings(result[0])
        ls.recheck_all()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def on_configuration(ls: KlingServer, params: types.DidChangeConfigurationParams) -> None:
    settings = params.settings
    if isinstance(settings, dict) and isinstance(settings.get("kling"), dict):
        ls.configs.set_editor_settings(settings["kling"])
        ls.recheck_all()
    else:
        await _pull_settings(ls)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def on_watched(ls: KlingServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.recheck_all()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def on_open(ls: KlingServer, params: types.DidOpenTextDocumentParams) -> None:
    if not ls.watching:
        ls.configs.invalidate()  # no file watcher: read the project file again on open
    ls.analyses.pop(params.text_document.uri, None)  # reopened: its versions start again
    ls.schedule(params.text_document.uri)
    ls.watch_for_pull()


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def on_change(ls: KlingServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, edited=True)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def on_close(ls: KlingServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.dirty.discard(uri)
    ls.last_edit.pop(uri, None)
    ls.analysed_generation.pop(uri, None)
    ls.analyses.pop(uri, None)
    if not ls.pull:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(
    identifier="kling", inter_file_dependencies=False, workspace_diagnostics=False))
async def on_pull(ls: KlingServer, params: types.DocumentDiagnosticParams):
    uri = params.text_document.uri
    ls.pulled = True
    ls.open_document(uri)
    task = ls.pending.get(uri)
    if task is not None and not task.done() and uri not in ls.analyses and ls._refreshes():
        head = await ls.first_findings(uri, task)
        version = ls.workspace.get_text_document(uri).version or 0
        if head is not None and head[0] == version:
            ls.refresh_due.add(uri)
            items = await asyncio.get_running_loop().run_in_executor(None, ls.diagnostics_for, uri, head[1])
            return {"kind": "full", "resultId": f"head:{version}", "items": items}
    if task is not None:
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            pass
    found = await ls.current(uri)
    analysis = found[0]
    version = ls.workspace.get_text_document(uri).version or 0
    result_id = f"{version}:{hash(tuple((r.start, id(r.result)) for r in analysis.regions))}"
    if params.previous_result_id == result_id:
        return types.UnchangedDocumentDiagnosticReport(result_id=result_id)
    # plain data: the JSON encoder writes it as it is, with no round through attrs objects
    # (converted in a worker thread: thousands of findings would hold the event loop)
    items = await asyncio.get_running_loop().run_in_executor(None, ls.diagnostics_for, uri, analysis)
    return {"kind": "full", "resultId": result_id, "items": items}


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL],
    resolve_provider=True))
async def on_code_action(ls: KlingServer, params: types.CodeActionParams):
    actions = _features()[0]
    uri = params.text_document.uri
    analysis, config = await ls.current(uri)
    codec = ls.codec()
    only = params.context.only or []
    result: list[types.CodeAction] = []
    wants_fix_all = any(str(k).startswith(("source.fixAll", "source")) and str(k) != "source.organizeImports"
                        for k in only)
    if not only or any(str(k).startswith("quickfix") for k in only):
        result += actions.quick_fixes(uri, analysis, params.range, codec, list(params.context.diagnostics),
                                      _project_file(ls, uri, config))
    if wants_fix_all or not only:
        if not wants_fix_all and _resolves_edits(ls):
            # asked as the cursor moves: offer "fix all" and build its edit only if chosen
            if actions.has_safe_fix(analysis):
                result.append(actions.fix_all_unresolved(uri))
        else:
            action = actions.fix_all(uri, analysis, codec)
            if action is not None:
                result.append(action)
    return result


@server.feature(types.CODE_ACTION_RESOLVE)
async def on_code_action_resolve(ls: KlingServer, action: types.CodeAction):
    actions = _features()[0]
    uri = actions.unresolved_uri(action)
    if uri is None or uri not in ls.workspace.text_documents:
        return action
    analysis, _ = await ls.current(uri)
    resolved = actions.fix_all(uri, analysis, ls.codec())
    if resolved is not None:
        action.edit = resolved.edit
    return action


def _resolves_edits(ls: KlingServer) -> bool:
    """Whether the client can ask for a code action's edit later (codeAction/resolve)."""
    caps = ls.client_capabilities.text_document
    support = caps and caps.code_action and caps.code_action.resolve_support
    return bool(support and "edit" in support.properties)


def _project_file(ls: KlingServer, uri: str, config: "Config"):
    from ..core.config import find_config_file

    actions = _features()[0]
    path = to_fs_path(uri)
    if not path:
        return None
    here = Path(path).parent
    found = find_config_file(here)
    folder = here
    for folder_uri in ls.workspace.folders:
        root = to_fs_path(folder_uri)
        if root and str(here).startswith(root):
            folder = Path(root)
            break
    caps = ls.client_capabilities.workspace
    can_create = bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes
                      and caps.workspace_edit.resource_operations
                      and types.ResourceOperationKind.Create in caps.workspace_edit.resource_operations)
    opened = ls.workspace.text_documents.get(found.as_uri()) if found else None
    return actions.ProjectFile(found, folder, can_create, opened.source if opened else None)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def on_hover(ls: KlingServer, params: types.HoverParams):
    _, _, convert, hover, _, _, _ = _features()
    document_offset = convert.document_offset
    analysis, config = await ls.current(params.text_document.uri)
    offset = document_offset(analysis, params.position, ls.codec())
    index = analysis.region_index(offset)
    region = analysis.regions[index]
    findings = [f for _, f in analysis.findings(index, index)]
    text = hover.hover_markdown(region, offset - region.start, config, findings)
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS))
async def on_completion(ls: KlingServer, params: types.CompletionParams):
    _, completion, convert, _, _, _, _ = _features()
    document_offset = convert.document_offset
    analysis, _ = await ls.current(params.text_document.uri)
    offset = document_offset(analysis, params.position, ls.codec())
    caps = ls.client_capabilities.text_document
    snippets = bool(caps and caps.completion and caps.completion.completion_item
                    and caps.completion.completion_item.snippet_support)
    items = completion.complete(analysis, offset, snippets)
    prefix = completion.typed_prefix(analysis.text, offset)
    if prefix:  # send what can still match; the client asks again as the word grows
        items = [i for i in items if i.label.lower().startswith(prefix)]
    return types.CompletionList(is_incomplete=bool(prefix), items=items)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
async def on_symbols(ls: KlingServer, params: types.DocumentSymbolParams):
    outline = _features()[4]
    analysis, _ = await ls.current(params.text_document.uri)
    return outline.document_symbols(analysis, ls.codec())


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
async def on_folding(ls: KlingServer, params: types.FoldingRangeParams):
    outline = _features()[4]
    analysis, _ = await ls.current(params.text_document.uri)
    return outline.folding_ranges(analysis)


@server.feature(types.WORKSPACE_SYMBOL)
async def on_workspace_symbol(ls: KlingServer, params: types.WorkspaceSymbolParams):
    outline = _features()[4]
    found = []
    for uri in list(ls.workspace.text_documents):
        analysis, _ = await ls.current(uri)
        found += outline.workspace_symbols(uri, analysis, params.query, ls.codec())
    return found


@server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
async def on_inlay(ls: KlingServer, params: types.InlayHintParams):
    outline = _features()[4]
    analysis, config = await ls.current(params.text_document.uri)
    return outline.inlay_hints(analysis, params.range, config, ls.codec())


@server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
async def on_code_lens(ls: KlingServer, params: types.CodeLensParams):
    outline = _features()[4]
    analysis, config = await ls.current(params.text_document.uri)
    return outline.code_lenses(analysis, config, ls.codec())


@server.command(SUMMARY_COMMAND)
def on_summary_command(ls: KlingServer, *args) -> None:
    return None  # the lens shows the summary; running it changes nothing


@server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, TOKEN_LEGEND)
async def on_tokens(ls: KlingServer, params: types.SemanticTokensParams):
    tokens = _features()[6]
    analysis, _ = await ls.current(params.text_document.uri)
    return tokens.semantic_tokens(analysis, ls.codec())


@server.feature("kling/storyboard")
async def on_storyboard(ls: KlingServer, params):
    from .storyboard import storyboard  # the editor's storyboard view; see that module

    return await storyboard(ls, params)


@server.feature("kling/exportClips")
async def on_export_clips(ls: KlingServer, params):
    from .clip_export import exported_clips  # "copy this clip for Kling"; see that module

    uri = params.get("uri") if isinstance(params, dict) else getattr(params, "uri", None)
    if not isinstance(uri, str):
        raise JsonRpcInvalidParams('kling/exportClips takes {"uri": <document uri>}')
    analysis, _ = await ls.current(uri)
    return {"uri": uri, "version": ls.workspace.get_text_document(uri).version or 0,
            "clips": exported_clips(analysis)}


WARM_UP_TEXT = ('# Warm-up {duration=5}\nShot 1 (5s): A tall man in a quiet harbour says calmly, "We sail." '
                'Soft ambient piano music plays low while gulls cry and rain falls.\n')


def _warm_up() -> None:
    """Load the analysis modules and build every vocabulary pattern (a few hundred ms, once)
    by analysing a small clip, while the editor is still opening files."""
    try:
        from ..core.config import Config

        regions = _features()[5]
        regions.analyse(WARM_UP_TEXT, Config(), regions.RegionCache())
    except Exception:
        log.exception("warming up failed; analysis will load on first use")


def _initial_settings(options) -> dict | None:
    """initializationOptions: {"settings": {"kling": {...}}}, {"kling": {...}} or {...}."""
    if not isinstance(options, dict):
        return None
    if isinstance(options.get("settings"), dict):
        options = options["settings"]
    if isinstance(options.get("kling"), dict):
        options = options["kling"]
    return options


class ClientLogHandler(logging.Handler):
    """Log records also reach the client as window/logMessage."""

    LEVELS = {logging.ERROR: types.MessageType.Error, logging.WARNING: types.MessageType.Warning,
              logging.INFO: types.MessageType.Info}

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(server.protocol, "writer", None) is None:
            return  # no client yet (a WebSocket server before its first page)
        try:
            server.window_log_message(types.LogMessageParams(
                type=self.LEVELS.get(record.levelno, types.MessageType.Log), message=self.format(record)))
        except Exception:
            pass


def _write_json(protocol, message: str) -> bool:
    """Write one JSON-RPC message (already JSON text) as pygls would; False when this pygls
    does not look as expected, so that the caller sends it the ordinary way."""
    writer = getattr(protocol, "writer", None)
    if writer is None or not message.isascii():
        return False
    body = message.encode("ascii")
    if getattr(protocol, "_include_headers", True):
        header = (f"Content-Length: {len(body)}\r\n"
                  f"Content-Type: {protocol.CONTENT_TYPE}; charset={protocol.CHARSET}\r\n\r\n")
        body = header.encode("ascii") + body
    written = writer.write(body)
    if inspect.isawaitable(written):
        asyncio.ensure_future(written)
    return True


def _watch_parent(pid: int) -> None:
    """Exit when the editor that started us is gone, even if it never said goodbye."""
    def watch() -> None:
        while True:
            threading.Event().wait(3)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                log.info("client process %s is gone; exiting", pid)
                os._exit(0)
            except PermissionError:
                pass  # alive, owned by someone else
    threading.Thread(target=watch, name="kling-parent-watch", daemon=True).start()
