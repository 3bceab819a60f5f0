// "Kling: Show Storyboard": one webview beside the editor with the .kling file's clips on a time axis,
// their shots, each line's speaking time against the clip's length, and the findings. The server
// renders it (kling/storyboard, the same picture as `kling export --format html`) from the live
// buffer; the view follows edits and the active .kling editor, and a click reveals the place.
import * as path from "node:path";
import * as vscode from "vscode";
import type { ServerManager } from "./server";
import { FromPage, isFromPage, storyboardPage, ToPage } from "./storyboardPage";

const METHOD = "kling/storyboard";
export const COMMAND = "kling.showStoryboard";
const DEBOUNCE_MS = 250;
const MAX_CATCH_UP = 5; // answers in a row for an older version than the editor's before we stop asking

interface StoryboardResult {
  uri: string;
  version: number;
  html: string;
  css: string;
  clips: number;
}

export class StoryboardView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private uri: vscode.Uri | undefined; // the document shown
  private css: string | undefined; // the stylesheet the page was built with
  private ready = false; // the page has loaded and listens
  private latest: ToPage | undefined; // what the page should show (sent again after a reload)
  private timer: NodeJS.Timeout | undefined;
  private sequence = 0; // requests sent; an answer to an older one is dropped
  private catchUp = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly servers: ServerManager) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.shows(event.document.uri) && event.contentChanges.length > 0) {
          this.catchUp = 0;
          this.schedule(DEBOUNCE_MS);
        }
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && editor?.document.languageId === "kling" && !this.shows(editor.document.uri)) {
          this.follow(editor.document.uri);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.shows(document.uri)) {
          this.post({ type: "status", text: `${path.basename(document.uri.path)} was closed; open a .kling file to show its storyboard.` });
        }
      }),
      servers.onDidChangeStatus((status) => {
        if (this.panel && status.state === "running") {
          this.schedule(0);
        }
      }),
    );
  }

  /** The command (the editor title menu passes the file's URI, the palette nothing), and this view. */
  register(): vscode.Disposable {
    const command = vscode.commands.registerCommand(COMMAND, (resource?: unknown) =>
      this.show(resource instanceof vscode.Uri ? resource : undefined),
    );
    return vscode.Disposable.from(command, this);
  }

  /** Show the storyboard of `uri`, else of the active .kling editor, else of the file shown last. */
  show(uri?: vscode.Uri): void {
    const active = vscode.window.activeTextEditor?.document;
    const target = uri ?? (active?.languageId === "kling" ? active.uri : this.uri);
    if (!target) {
      void vscode.window.showWarningMessage("Kling: open a .kling file first.");
      return;
    }
    if (this.panel) {
      this.panel.reveal(undefined, true);
    } else {
      this.panel = this.createPanel();
    }
    this.follow(target);
  }

  private createPanel(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(
      "kling.storyboard",
      "Storyboard",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [], enableFindWidget: true },
    );
    this.css = undefined; // the server's stylesheet comes with its first answer
    this.ready = false;
    panel.webview.html = storyboardPage("");
    panel.onDidChangeViewState(() => {
      if (panel.visible) {
        this.schedule(0); // edits made while it was hidden were not asked for
      }
    });
    panel.webview.onDidReceiveMessage((message: unknown) => {
      if (isFromPage(message)) {
        void this.receive(message);
      }
    });
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.latest = undefined;
      clearTimeout(this.timer);
    });
    return panel;
  }

  private shows(uri: vscode.Uri): boolean {
    return this.panel !== undefined && this.uri?.toString() === uri.toString();
  }

  private follow(uri: vscode.Uri): void {
    this.uri = uri;
    this.catchUp = 0;
    if (this.panel) {
      this.panel.title = `Storyboard: ${path.basename(uri.path)}`;
    }
    this.schedule(0);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.render(), delay);
  }

  /** Ask the server for the storyboard of the shown document's latest text. */
  private async render(): Promise<void> {
    const uri = this.uri;
    if (!this.panel || !uri || !this.panel.visible) {
      return;
    }
    const sequence = ++this.sequence;
    const request = this.servers.request<StoryboardResult>(METHOD, { uri: uri.toString() });
    if (!request) {
      this.post({ type: "status", text: "The Kling language server is not running; the storyboard shows when it starts." });
      return;
    }
    let result: StoryboardResult;
    try {
      result = await request;
    } catch (error) {
      if (sequence === this.sequence) {
        const reason = error instanceof Error ? error.message : String(error);
        this.post({ type: "status", text: `No storyboard for ${path.basename(uri.path)}: ${reason}` });
      }
      return;
    }
    if (sequence !== this.sequence || !this.panel || !this.shows(uri)) {
      return; // a newer request is under way, or another file is shown now
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document && result.version < document.version && this.catchUp < MAX_CATCH_UP) {
      this.catchUp += 1; // the server had not had the latest change yet: show this, ask again
      this.schedule(DEBOUNCE_MS);
    }
    this.setPage(result.css);
    this.post({ type: "storyboard", html: result.html });
  }

  /** (Re)build the page when the stylesheet changes; it then says it is ready. */
  private setPage(css: string): void {
    if (!this.panel || css === this.css) {
      return;
    }
    this.css = css;
    this.ready = false;
    this.panel.webview.html = storyboardPage(css);
  }

  private post(message: ToPage): void {
    this.latest = message;
    if (this.panel && this.ready) {
      void this.panel.webview.postMessage(message);
    }
  }

  private async receive(message: FromPage): Promise<void> {
    if (message.type === "ready") {
      this.ready = true;
      if (this.latest) {
        void this.panel?.webview.postMessage(this.latest);
      }
      return;
    }
    const uri = this.uri;
    if (!uri) {
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const position = document.validatePosition(new vscode.Position(message.line, message.character));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const column = visible?.viewColumn ?? (this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: false });
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
