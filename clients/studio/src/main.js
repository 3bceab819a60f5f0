// kling studio: the page. One CodeMirror editor talks to the kling language server over the
// studio's WebSocket (@codemirror/lsp-client for sync, completion and hover; diagnostics.js for
// squiggles and quick fixes); beside it the findings panel and the storyboard; with a folder, a
// file list. The token the studio printed in the address is kept for reloads in sessionStorage
// and taken out of the address bar.
import { basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { lintGutter } from "@codemirror/lint";
import { LSPClient, serverCompletion, hoverTooltips } from "@codemirror/lsp-client";
import { connectSocket } from "./transport.js";
import { klingHighlighting } from "./highlight.js";
import { Findings } from "./diagnostics.js";
import { findingsPanel } from "./panel.js";
import { Storyboard } from "./storyboard.js";
import { FolderFiles, SCRATCH_URI, scratch, errorText } from "./files.js";

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = "kling-studio-token";

function say(text, kind = "info") {
  const status = $("status");
  status.textContent = text;
  status.dataset.kind = kind;
}

function takeToken() {
  const given = new URLSearchParams(location.search).get("token");
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given);
    history.replaceState(null, "", location.pathname);
  }
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

class Studio {
  constructor(client, findings) {
    this.client = client;
    this.findings = findings;
    this.view = new EditorView({ parent: $("editor") });
    this.states = new Map(); // path -> EditorState, so switching files keeps unsaved text
    this.saved = new Map(); // path -> text on disk
    this.path = null;
    this.folder = null;
    this.storyboard = new Storyboard($("storyboard"), () => this.view, say);
    findingsPanel($("findings"), findings, () => this.view);
    let timer = -1;
    findings.onChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => this.storyboard.refresh(), 60);
    });
  }

  state(uri, text) {
    return EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        klingHighlighting,
        lintGutter(),
        EditorView.lineWrapping,
        keymap.of([{ key: "Mod-s", preventDefault: true, run: () => (this.save(), true) }]),
        EditorView.updateListener.of((update) => update.docChanged && this.edited()),
        this.client.plugin(uri, "kling"),
      ],
    });
  }

  show(path, uri, state) {
    if (this.path !== null) this.states.set(this.path, this.view.state);
    this.path = path;
    this.view.setState(state);
    this.findings.attach(this.view, uri);
    this.storyboard.refresh();
    this.edited();
    this.markOpen();
  }

  edited() {
    const dirty = this.folder !== null && this.view.state.doc.toString() !== this.saved.get(this.path);
    $("file-name").textContent = (dirty ? "\u25cf " : "") + (this.path ?? "");
    document.title = `${dirty ? "\u25cf " : ""}${this.path ?? "scratch"} \u2013 Kling studio`;
    if (this.folder === null) {
      clearTimeout(this.keepTimer);
      this.keepTimer = setTimeout(() => scratch.keep(this.view.state.doc.toString()), 200);
    }
  }

  // --- without a folder ---
  startScratch() {
    $("files").hidden = true;
    $("save").hidden = true;
    this.show("scratch", SCRATCH_URI, this.state(SCRATCH_URI, scratch.load()));
    say("No folder: the text is kept in this browser. Start kling studio with a folder to save files.");
  }

  // --- with a folder ---
  async startFolder(folder) {
    this.folder = folder;
    const files = await folder.list();
    $("folder-name").textContent = folder.folder.split(/[\\/]/).filter(Boolean).pop() || folder.folder;
    $("folder-name").title = folder.folder;
    this.renderList();
    if (files.length) await this.open(files[0].path);
    else say("The folder has no .kling files yet: name one and press New.");
  }

  renderList() {
    const list = $("file-list");
    list.replaceChildren();
    for (const file of this.folder.files) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.textContent = file.path;
      button.dataset.path = file.path;
      button.onclick = () => this.open(file.path);
      item.append(button);
      list.append(item);
    }
    this.markOpen();
  }

  markOpen() {
    for (const button of $("file-list").querySelectorAll("button")) {
      button.classList.toggle("open", button.dataset.path === this.path);
    }
  }

  async open(path) {
    if (path === this.path) return;
    try {
      let state = this.states.get(path);
      if (!state) {
        const file = await this.folder.read(path);
        this.saved.set(path, file.text);
        state = this.state(file.uri, file.text);
      }
      const uri = this.folder.files.find((f) => f.path === path)?.uri;
      this.show(path, uri, state);
      say(`Opened ${path}.`);
    } catch (error) {
      say(errorText(error), "error");
    }
  }

  async save() {
    if (!this.folder || this.path === null) return;
    const text = this.view.state.doc.toString();
    try {
      const answer = await this.folder.save(this.path, text);
      this.saved.set(this.path, text);
      this.edited();
      say(`Saved ${answer.path} (${answer.bytes} bytes).`);
    } catch (error) {
      say(errorText(error), "error");
    }
  }

  async create(name) {
    try {
      const file = await this.folder.create(name, "");
      await this.folder.list();
      this.renderList();
      this.saved.set(file.path, file.text);
      this.show(file.path, file.uri, this.state(file.uri, file.text));
      say(`Created ${file.path}.`);
    } catch (error) {
      say(errorText(error), "error");
    }
  }

  async rename(name) {
    if (this.path === null) return;
    try {
      if (this.view.state.doc.toString() !== this.saved.get(this.path)) await this.save();
      const answer = await this.folder.rename(this.path, name);
      const text = this.view.state.doc.toString();
      this.states.delete(this.path);
      this.saved.delete(this.path);
      this.saved.set(answer.path, text);
      await this.folder.list();
      this.path = null;
      this.show(answer.path, answer.uri, this.state(answer.uri, text));
      this.renderList();
      say(`Renamed to ${answer.path}.`);
    } catch (error) {
      say(errorText(error), "error");
    }
  }
}

async function main() {
  const token = takeToken();
  let transport;
  try {
    transport = await connectSocket(token, () =>
      say("The studio's server has stopped or another tab took over; start kling studio again and reload.", "error"),
    );
  } catch (error) {
    say(`${errorText(error)}. Open the address kling studio printed (it carries a token).`, "error");
    return;
  }
  const findings = new Findings();
  const client = new LSPClient({
    timeout: 20000,
    extensions: [serverCompletion(), hoverTooltips(), findings.extension()],
  }).connect(transport);
  await client.initializing;
  const studio = new Studio(client, findings);
  window.klingStudio = studio; // for the end-to-end test and the curious
  $("save").onclick = () => studio.save();
  $("fix-all").onclick = async () => say((await findings.fixAll()) ? "Fixed what could be fixed safely." : "Nothing to fix safely.");
  $("file-form").onsubmit = (event) => {
    event.preventDefault();
    const name = $("file-input").value.trim();
    if (event.submitter?.id === "rename") studio.rename(name);
    else studio.create(name);
  };
  const folder = new FolderFiles(client);
  try {
    await folder.list();
  } catch {
    studio.startScratch();
    return;
  }
  await studio.startFolder(folder);
}

main();
