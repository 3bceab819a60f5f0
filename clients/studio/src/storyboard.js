// The storyboard panel: the server's kling/storyboard fragment (the picture `kling export --format
// html` and the VS Code view show), asked for again whenever new findings arrive, so it follows the
// text as it is typed. A click on a shot, a line or a heading puts the cursor there; each clip gets
// a "Copy for Kling" button with its exported prompt (kling/exportClips).
import { EditorSelection } from "@codemirror/state";
import { LSPPlugin } from "@codemirror/lsp-client";

export class Storyboard {
  constructor(element, getView, say) {
    this.element = element;
    this.getView = getView;
    this.say = say;
    this.asked = 0;
    this.style = document.createElement("style");
    document.head.append(this.style);
    element.addEventListener("click", (event) => this.clicked(event));
  }

  async refresh() {
    const view = this.getView();
    const plugin = view && LSPPlugin.get(view);
    if (!plugin) return;
    const ask = ++this.asked;
    try {
      const [board, exported] = await Promise.all([
        plugin.client.request("kling/storyboard", { uri: plugin.uri }),
        plugin.client.request("kling/exportClips", { uri: plugin.uri }),
      ]);
      if (ask !== this.asked || this.getView() !== view) return; // a newer answer is on its way
      if (this.style.textContent !== board.css) this.style.textContent = board.css;
      this.element.innerHTML = board.html; // built by the server from escaped text
      this.element.dataset.clips = String(board.clips);
      this.addCopyButtons(exported.clips);
    } catch (error) {
      if (ask === this.asked) this.say(`The storyboard could not be drawn: ${error.message || error}`);
    }
  }

  addCopyButtons(clips) {
    const byLine = new Map(clips.map((clip) => [clip.line, clip]));
    for (const heading of this.element.querySelectorAll("section.clip > h3[data-line]")) {
      const clip = byLine.get(Number(heading.dataset.line));
      if (!clip) continue;
      const button = document.createElement("button");
      button.className = "copy";
      button.textContent = "Copy for Kling";
      button.title = clip.errors.length
        ? `kling export holds this clip back: ${clip.errors.join("; ")}`
        : "Copy the prompt, the negative prompt and the settings, ready to paste into Kling";
      button.disabled = !clip.text;
      button.onclick = async (event) => {
        event.stopPropagation();
        await this.copy(clip);
      };
      heading.append(button);
    }
  }

  async copy(clip) {
    try {
      await navigator.clipboard.writeText(clip.text);
      this.say(clip.errors.length ? `Copied "${clip.title}", but it has errors: ${clip.errors[0]}` : `Copied "${clip.title}" for Kling.`);
    } catch {
      this.say("The browser did not allow copying; select the prompt under the clip instead.");
    }
  }

  clicked(event) {
    const target = event.target.closest("[data-line]");
    const view = this.getView();
    if (!target || !view || event.target.closest("button")) return;
    const plugin = LSPPlugin.get(view);
    const line = Number(target.dataset.line);
    const character = Number(target.dataset.character || 0);
    if (!plugin || line >= view.state.doc.lines) return;
    const at = plugin.fromPosition({ line, character }, view.state.doc);
    view.dispatch({ selection: EditorSelection.cursor(at), scrollIntoView: true });
    view.focus();
  }
}
