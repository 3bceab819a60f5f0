// The storyboard webview's page: a shell for the fragment the server renders (kling/storyboard),
// under a strict Content-Security-Policy: no remote or local resources, and only the style and
// script that carry this page's nonce. The fragment's geometry is in SVG attributes, so no
// inline style attribute is needed; its colours are the editor theme's CSS variables.
import { randomBytes } from "node:crypto";

/** Extension -> page. */
export type ToPage = { type: "storyboard"; html: string } | { type: "status"; text: string };

/** Page -> extension. */
export type FromPage = { type: "ready" } | { type: "reveal"; line: number; character: number };

export function isFromPage(message: unknown): message is FromPage {
  if (typeof message !== "object" || message === null) {
    return false;
  }
  const m = message as Record<string, unknown>;
  if (m.type === "ready") {
    return true;
  }
  return m.type === "reveal" && Number.isInteger(m.line) && Number.isInteger(m.character) &&
    (m.line as number) >= 0 && (m.character as number) >= 0;
}

// Runs in the webview: shows what the extension posts, and asks it to reveal what is clicked.
const SCRIPT = `(function () {
  const vscode = acquireVsCodeApi();
  const board = document.getElementById("board");
  const status = document.getElementById("status");
  function show(html) {
    board.innerHTML = html;
    vscode.setState({ html: html });
  }
  window.addEventListener("message", function (event) {
    const message = event.data;
    if (message.type === "storyboard") {
      status.textContent = "";
      show(message.html);
    } else if (message.type === "status") {
      status.textContent = message.text;
    }
  });
  function reveal(target) {
    const place = target instanceof Element ? target.closest("[data-line]") : null;
    if (!place) {
      return false;
    }
    vscode.postMessage({ type: "reveal", line: Number(place.getAttribute("data-line")),
                         character: Number(place.getAttribute("data-character")) });
    return true;
  }
  document.addEventListener("click", function (event) { reveal(event.target); });
  document.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && reveal(event.target)) {
      event.preventDefault();
    }
  });
  const state = vscode.getState();
  if (state && state.html) {
    show(state.html);
  }
  vscode.postMessage({ type: "ready" });
}());`;

const PAGE_CSS = "#status:empty { display: none; } #status { color: var(--vscode-descriptionForeground); }";

export function storyboardPage(css: string): string {
  const nonce = randomBytes(18).toString("base64");
  const safeCss = css.replace(/<\//g, "<\\/"); // the stylesheet cannot close its own element
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kling storyboard</title>
<style nonce="${nonce}">${safeCss}
${PAGE_CSS}</style>
</head>
<body>
<p id="status" role="status"></p>
<main id="board"></main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}
