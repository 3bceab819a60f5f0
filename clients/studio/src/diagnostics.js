// Diagnostics and quick fixes, our extension over @codemirror/lsp-client's request API (the client
// draws pushed diagnostics but knows no code actions). Each push of diagnostics is kept with the
// quick fixes the server offers for them (one textDocument/codeAction request over the whole
// document); the lint squiggles get the fixes as buttons, and listeners (the findings panel, the
// storyboard) hear of every new set. Edits are mapped from the text they were made for to the
// current one, so a fix applies even after a keystroke.
import { setDiagnostics } from "@codemirror/lint";
import { ViewPlugin } from "@codemirror/view";
import { LSPPlugin } from "@codemirror/lsp-client";

const SEVERITY = { 1: "error", 2: "warning", 3: "info", 4: "hint" };
export const FIX_ALL = "source.fixAll.kling";

function key(diagnostic) {
  const { start, end } = diagnostic.range;
  return `${diagnostic.code}@${start.line}:${start.character}-${end.line}:${end.character}`;
}

export class Findings {
  constructor() {
    this.uri = null;
    this.view = null;
    this.items = []; // [{diagnostic, from, to, fixes: [{title, edits, preferred}]}]
    this.listeners = [];
    this.mapping = null;
  }

  onChange(listener) {
    this.listeners.push(listener);
  }

  attach(view, uri) {
    this.view = view;
    this.uri = uri;
    this.items = [];
    this.notify();
  }

  // the lsp-client extension: capabilities, the notification handler and a sync after typing
  extension() {
    const findings = this;
    return {
      clientCapabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source"] } } },
        },
      },
      notificationHandlers: {
        "textDocument/publishDiagnostics": (client, params) => {
          findings.received(client, params);
          return true;
        },
      },
      editorExtension: ViewPlugin.fromClass(
        class {
          constructor() {
            this.timer = -1;
          }
          update(update) {
            if (!update.docChanged) return;
            clearTimeout(this.timer);
            this.timer = setTimeout(() => LSPPlugin.get(update.view)?.client.sync(), 250);
          }
          destroy() {
            clearTimeout(this.timer);
          }
        },
      ),
    };
  }

  async received(client, params) {
    const view = this.view;
    const file = client.workspace.getFile(params.uri);
    if (!view || params.uri !== this.uri || !file) return;
    if (params.version != null && params.version !== file.version) return; // an older text's findings
    const plugin = LSPPlugin.get(view);
    if (!plugin) return;
    const mapping = client.workspaceMapping();
    const fixes = params.diagnostics.length ? await this.quickFixes(client, plugin, params.diagnostics) : new Map();
    if (this.view !== view || this.uri !== params.uri) return mapping.destroy();
    if (this.mapping) this.mapping.destroy();
    this.mapping = mapping;
    this.items = params.diagnostics.map((diagnostic) => ({
      diagnostic,
      from: mapping.mapPosition(params.uri, diagnostic.range.start),
      to: mapping.mapPosition(params.uri, diagnostic.range.end),
      fixes: fixes.get(key(diagnostic)) || [],
    }));
    view.dispatch(
      setDiagnostics(
        view.state,
        this.items.map((item) => ({
          from: Math.min(item.from, view.state.doc.length),
          to: Math.min(item.to, view.state.doc.length),
          severity: SEVERITY[item.diagnostic.severity ?? 1],
          source: `kling ${item.diagnostic.code}`,
          message: item.diagnostic.message,
          actions: item.fixes.map((fix) => ({ name: fix.title, apply: () => this.apply(fix) })),
        })),
      ),
    );
    this.notify();
  }

  notify() {
    for (const listener of this.listeners) listener(this.items);
  }

  // every quick fix the server has for these diagnostics, by diagnostic
  async quickFixes(client, plugin, diagnostics) {
    const end = plugin.toPosition(plugin.syncedDoc.length, plugin.syncedDoc);
    const actions = await client
      .request("textDocument/codeAction", {
        textDocument: { uri: plugin.uri },
        range: { start: { line: 0, character: 0 }, end },
        context: { diagnostics, only: ["quickfix"] },
      })
      .catch(() => []);
    const found = new Map();
    for (const action of actions || []) {
      const edits = action.edit?.changes?.[plugin.uri];
      const elsewhere = Object.keys(action.edit?.changes || {}).some((uri) => uri !== plugin.uri);
      if (!edits || elsewhere || action.edit?.documentChanges || !action.diagnostics?.length) continue;
      for (const diagnostic of action.diagnostics) {
        const list = found.get(key(diagnostic)) || [];
        // two findings of one rule on one range share their actions: list each once
        if (!list.some((fix) => fix.title === action.title)) {
          list.push({ title: action.title, edits, preferred: !!action.isPreferred });
        }
        found.set(key(diagnostic), list);
      }
    }
    for (const list of found.values()) list.sort((a, b) => b.preferred - a.preferred);
    return found;
  }

  // apply edits made for the text the current mapping started from
  apply(fix, mapping = this.mapping) {
    const view = this.view;
    if (!view || !mapping) return false;
    const changes = fix.edits.map((edit) => ({
      from: mapping.mapPosition(this.uri, edit.range.start),
      to: mapping.mapPosition(this.uri, edit.range.end),
      insert: edit.newText,
    }));
    view.dispatch({ changes, userEvent: "input.fix" });
    view.focus();
    return true;
  }

  // "Fix all": the server's source.fixAll.kling for the current text
  async fixAll() {
    const view = this.view;
    const plugin = view && LSPPlugin.get(view);
    if (!plugin) return false;
    plugin.client.sync();
    const mapping = plugin.client.workspaceMapping();
    try {
      const end = plugin.toPosition(plugin.syncedDoc.length, plugin.syncedDoc);
      const actions = await plugin.client.request("textDocument/codeAction", {
        textDocument: { uri: plugin.uri },
        range: { start: { line: 0, character: 0 }, end },
        context: { diagnostics: this.items.map((item) => item.diagnostic), only: [FIX_ALL] },
      });
      const action = (actions || []).find((a) => a.kind === FIX_ALL && a.edit?.changes?.[plugin.uri]);
      if (!action || this.view !== view) return false;
      return this.apply({ title: action.title, edits: action.edit.changes[plugin.uri] }, mapping);
    } finally {
      mapping.destroy();
    }
  }
}
