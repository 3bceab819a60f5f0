// The status bar item: the server's state and the number of findings in the active .kling file.
import * as vscode from "vscode";
import type { ServerManager, ServerStatus } from "./server";

const ICONS: Record<ServerStatus["state"], string> = {
  starting: "$(sync~spin)",
  running: "$(check)",
  stopped: "$(circle-slash)",
  failed: "$(error)",
};

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly manager: ServerManager) {
    this.item = vscode.window.createStatusBarItem("kling.status", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "Kling";
    this.item.command = "kling.showOutput";
    this.disposables.push(
      this.item,
      manager.onDidChangeStatus(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && event.uris.some((uri) => uri.toString() === active)) {
          this.update();
        }
      }),
    );
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== "kling") {
      this.item.hide();
      return;
    }
    const { state, detail } = this.manager.status;
    const findings = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === "kling");
    const errors = findings.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = findings.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    let text = `${ICONS[state]} Kling`;
    if (state === "running") {
      text = findings.length === 0 ? "$(check) Kling" : `${errors > 0 ? "$(error)" : warnings > 0 ? "$(warning)" : "$(info)"} Kling: ${findings.length}`;
    }
    this.item.text = text;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**kling-lsp**: ${state}${detail ? ` (${detail})` : ""}\n\n`);
    if (this.manager.description) {
      tooltip.appendText(`${this.manager.description}\n\n`);
    }
    if (state === "running") {
      tooltip.appendMarkdown(
        `${findings.length} finding${findings.length === 1 ? "" : "s"} in this file (${errors} error${errors === 1 ? "" : "s"}, ` +
          `${warnings} warning${warnings === 1 ? "" : "s"})\n\n`,
      );
    }
    tooltip.appendMarkdown("Click to show the server output.");
    this.item.tooltip = tooltip;
    this.item.backgroundColor = state === "failed" ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
    this.item.show();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
