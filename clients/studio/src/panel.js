// The findings panel: one row per finding (severity, rule, message, line), a click puts the cursor
// on it, and its quick fix is a button beside it.
import { EditorSelection } from "@codemirror/state";

const LABEL = { 1: "error", 2: "warning", 3: "info", 4: "hint" };

export function findingsPanel(element, findings, getView) {
  findings.onChange((items) => {
    element.replaceChildren();
    const view = getView();
    if (!items.length) {
      const none = document.createElement("p");
      none.className = "none";
      none.textContent = "No findings.";
      element.append(none);
      return;
    }
    const list = document.createElement("ul");
    for (const item of items) {
      const { diagnostic } = item;
      const row = document.createElement("li");
      row.className = `finding ${LABEL[diagnostic.severity ?? 1]}`;
      row.dataset.rule = String(diagnostic.code ?? "");
      const jump = document.createElement("button");
      jump.className = "jump";
      jump.title = "Show it in the text";
      const line = diagnostic.range.start.line + 1;
      jump.innerHTML = `<span class="sev"></span> <span class="rule"></span> <span class="msg"></span> <span class="where"></span>`;
      jump.querySelector(".sev").textContent = LABEL[diagnostic.severity ?? 1];
      jump.querySelector(".rule").textContent = `[${diagnostic.code}]`;
      jump.querySelector(".msg").textContent = diagnostic.message;
      jump.querySelector(".where").textContent = `line ${line}`;
      jump.onclick = () => {
        if (!view) return;
        const to = Math.min(item.to, view.state.doc.length);
        const from = Math.min(item.from, to);
        view.dispatch({ selection: EditorSelection.range(from, to), scrollIntoView: true });
        view.focus();
      };
      row.append(jump);
      const fix = item.fixes.find((f) => !f.title.startsWith("Ignore ") && !f.title.startsWith("Turn off"));
      if (fix) {
        const button = document.createElement("button");
        button.className = "fix";
        button.textContent = fix.title;
        button.onclick = () => findings.apply(fix);
        row.append(button);
      }
      list.append(row);
    }
    element.append(list);
  });
}
