// What a user does in the VS Code workbench, as playwright steps: open a file, go to a line and
// column, run a command from the palette, look at the Problems panel. Selectors are the workbench's.
export const SELECTORS = {
  squiggle: ".monaco-editor .squiggly-warning, .monaco-editor .squiggly-error",
  quickInputRow: ".quick-input-widget .monaco-list-row",
  problemsRow: ".markers-panel .monaco-list-row",
  hover: ".monaco-hover:not(.hidden)",
  suggest: ".suggest-widget.visible",
  suggestLabel: ".suggest-widget.visible .monaco-list-row .label-name",
  lightBulb: ".monaco-editor .margin [class*='codicon-gutter-lightbulb']",  // drawn in the gutter
  actionWidget: ".action-widget",
  toast: ".notifications-toasts .notification-toast",
  tab: ".tabs-container .tab",
  editorOf: (name) => `.monaco-editor[data-uri$='${name}']`,
  cursorPosition: "[id='status.editor.selection']",  // the status bar's "Ln 18, Col 1"
};

export class Workbench {
  constructor(page) {
    this.page = page;
  }

  /** Quick Open (Ctrl+P): wait for the row naming the file before pressing Enter. */
  async openFile(name) {
    const { page } = this;
    await page.keyboard.press("Control+P");
    await page.keyboard.type(name);
    await page.locator(SELECTORS.quickInputRow, { hasText: name }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press("Enter");
    await page.locator(`.monaco-editor[data-uri$='${name}'] .view-lines`).waitFor({ timeout: 15_000 });
  }

  /** Put the cursor at a 1-based line and column (Go to Line: ":line:column"). */
  async goTo(line, column = 1) {
    const { page } = this;
    await page.keyboard.press("Control+G");
    await page.locator(".quick-input-widget input").waitFor({ timeout: 10_000 });
    await page.keyboard.type(`${line}:${column}`);
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 10_000 });
  }

  /**
   * The text of the cursor's line, as the editor holds it: copied (Ctrl+C with nothing selected copies
   * the line), so neither inlay hints nor wrapping show in it. Uses the clipboard.
   */
  async cursorLine() {
    const { page } = this;
    const marker = "(the line was not copied)";
    await page.evaluate((text) => navigator.clipboard.writeText(text), marker);
    await page.keyboard.press("Control+C");
    const copied = await this.until(async () => {
      const text = await page.evaluate(() => navigator.clipboard.readText());
      return text !== marker && text;
    }, "Ctrl+C did not copy the cursor's line", 5_000);
    return copied.replace(/\r?\n$/, "");
  }

  /** The cursor's place as the status bar shows it: "Ln 18, Col 1" ("" when it shows none). */
  async cursorPosition() {
    const item = this.page.locator(SELECTORS.cursorPosition).first();
    return (await item.count()) ? (await item.innerText()).trim() : "";
  }

  /** Run a command by its title from the palette (F1). */
  async runCommand(title) {
    const { page } = this;
    await page.keyboard.press("F1");
    await page.locator(".quick-input-widget input").waitFor({ timeout: 10_000 });
    await page.keyboard.type(title);
    await page.locator(SELECTORS.quickInputRow, { hasText: title }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press("Enter");
  }

  /** The rows of the Problems panel (opened with Ctrl+Shift+M), as text. */
  async problems() {
    return this.page.locator(SELECTORS.problemsRow).allInnerTexts();
  }

  async showProblems() {
    await this.page.keyboard.press("Control+Shift+M");
    await this.page.locator(".markers-panel").waitFor({ timeout: 10_000 });
  }

  /** Wait for the first element matching `selector` (and `hasText`); throw "<what> did not appear". */
  async see(selector, what, { hasText, timeout = 15_000 } = {}) {
    const locator = this.page.locator(selector, hasText ? { hasText } : {}).first();
    try {
      await locator.waitFor({ timeout });
    } catch {
      throw new Error(`${what} did not appear within ${timeout / 1000} s`);
    }
    return locator;
  }

  /** Poll `probe` until it returns something truthy; return it, or throw `message`. */
  async until(probe, message, timeoutMs = 15_000) {
    for (let waited = 0; waited <= timeoutMs; waited += 200) {
      const value = await probe();
      if (value) return value;
      await this.page.waitForTimeout(200);
    }
    throw new Error(message);
  }
}
