// The Kling extension: starts the kling language server for .kling files and adds a few commands.
import * as vscode from "vscode";
import { clipAtLine, CliError, exportText } from "./clips";
import { InterpreterError } from "./python";
import { ServerManager } from "./server";
import { affectsLaunch } from "./settings";
import { StatusItem } from "./status";
import { StoryboardView } from "./storyboard";

let manager: ServerManager | undefined;

const RESTART_DELAY_MS = 500;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Kling");
  manager = new ServerManager(context, output);
  const servers = manager;
  context.subscriptions.push(output, servers, new StatusItem(servers));

  // Restart once the launch settings stop changing (typing a path fires an event per keystroke).
  let restartTimer: NodeJS.Timeout | undefined;
  const restartSoon = () => {
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      output.appendLine("[kling] The server settings changed; restarting the server.");
      void servers.restart();
    }, RESTART_DELAY_MS);
  };
  context.subscriptions.push(
    { dispose: () => clearTimeout(restartTimer) },
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsLaunch(event)) {
        restartSoon();
      }
    }),
    // Trusting the workspace makes kling.interpreter / kling.serverCommand count.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      const config = vscode.workspace.getConfiguration("kling");
      if ((config.get<string[]>("interpreter") ?? []).length + (config.get<string[]>("serverCommand") ?? []).length > 0) {
        restartSoon();
      }
    }),
    vscode.commands.registerCommand("kling.restartServer", () => servers.restart()),
    vscode.commands.registerCommand("kling.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("kling.copyClipPrompt", () => copyClipPrompt(servers)),
    vscode.commands.registerCommand("kling.exportFile", () => exportFile(servers)),
    new StoryboardView(servers).register(),
  );

  await servers.start();
}

export async function deactivate(): Promise<void> {
  await manager?.stop();
  manager = undefined;
}

function activeKlingEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "kling") {
    void vscode.window.showWarningMessage("Kling: open a .kling file first.");
    return undefined;
  }
  return editor;
}

async function runExport(servers: ServerManager, document: vscode.TextDocument) {
  try {
    const program = await servers.cli();
    const filename = document.uri.scheme === "file" ? document.uri.fsPath : undefined;
    const result = await exportText(program, document.getText(), filename);
    if (result.notes) {
      servers.output.appendLine(`[kling] export: ${result.notes}`);
    }
    return result;
  } catch (error) {
    const message = error instanceof CliError || error instanceof InterpreterError ? error.message : String(error);
    servers.output.appendLine(`[kling] export failed: ${message}`);
    void vscode.window.showErrorMessage(`Kling: export failed: ${message}`);
    return undefined;
  }
}

async function copyClipPrompt(servers: ServerManager): Promise<void> {
  const editor = activeKlingEditor();
  if (!editor) {
    return;
  }
  const document = editor.document;
  const result = await runExport(servers, document);
  if (!result) {
    return;
  }
  if (result.clips.length === 0) {
    void vscode.window.showWarningMessage("Kling: this file has no clip (no prompt text).");
    return;
  }
  const index = clipAtLine(document.getText(), editor.selection.active.line, result.clips);
  if (index === undefined) {
    void vscode.window.showWarningMessage("Kling: could not tell which clip the cursor is in.");
    return;
  }
  const clip = result.clips[index];
  await vscode.env.clipboard.writeText(clip.prompt);
  const title = clip.name ? `"${clip.name}"` : `${index + 1}`;
  const errors = result.notes ? ` Note: ${result.notes.replace(/^kling: note: /, "")}.` : "";
  const message =
    `Kling: copied the prompt of clip ${title} (${clip.prompt.length} characters, ${clip.duration} s, ${clip.aspect_ratio}, ${clip.model}).` + errors;
  if (clip.negative_prompt) {
    const choice = await vscode.window.showInformationMessage(message, "Copy Negative Prompt");
    if (choice) {
      await vscode.env.clipboard.writeText(clip.negative_prompt);
    }
  } else {
    void vscode.window.showInformationMessage(message);
  }
}

async function exportFile(servers: ServerManager): Promise<void> {
  const editor = activeKlingEditor();
  if (!editor) {
    return;
  }
  const result = await runExport(servers, editor.document);
  if (!result) {
    return;
  }
  const exported = await vscode.workspace.openTextDocument({ language: "json", content: result.json });
  await vscode.window.showTextDocument(exported, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  if (result.notes) {
    void vscode.window.showWarningMessage(`Kling: ${result.notes.replace(/^kling: note: /, "")}`);
  }
}
