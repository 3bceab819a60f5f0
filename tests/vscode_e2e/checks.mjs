// The checks, in order, on workspace/lighthouse.kling: each is what a user does and what they must
// see. They share one editor, so a later check sees the edits of an earlier one (recorded in `state`).
import { readFileSync } from "node:fs";
import { SELECTORS } from "./workbench.mjs";

export const FILE = "lighthouse.kling";
const FIX_TITLE = "Make it soft background music";

/** Where things are in the workspace file (1-based line and column), found rather than hard-coded. */
export function landmarks(text) {
  const lines = text.split("\n");
  const find = (needle) => {
    const line = lines.findIndex((l) => l.includes(needle));
    if (line < 0) throw new Error(`${FILE} no longer contains ${JSON.stringify(needle)}`);
    return { line: line + 1, column: lines[line].indexOf(needle) + 1, text: lines[line] };
  };
  return {
    music: find("Upbeat accordion music"),         // the clip's prompt line, to be fixed
    musicWord: find("music plays from a radio"),   // music-over-dialogue is reported on "music"
    dialogue: find("I brought the coffee"),        // dialogue-too-long: 24 words against 20
    lastLine: find("Waves slap against the hull."), // where completion is typed
  };
}

/** The speaking styles the server offers after a speech verb (kinds manner and voice). */
export function speakingStyles(tomlPath) {
  const styles = new Set();
  for (const block of readFileSync(tomlPath, "utf8").split("[[style]]").slice(1)) {
    const phrase = /^phrase\s*=\s*"([^"]+)"/m.exec(block);
    const kind = /^kind\s*=\s*"([^"]+)"/m.exec(block);
    if (phrase && kind && kind[1] !== "verb") styles.add(phrase[1]);
  }
  return styles;
}

/** The clip titles the storyboard webview shows ("Name · 8 s ..."), from whichever of its frames has them. */
async function storyboardTitles(page) {
  // The page sits in nested iframes of the webview's own origin; playwright reaches every frame.
  for (const frame of page.frames()) {
    const titles = await frame.locator("section.clip h3").allInnerTexts().catch(() => []);
    if (titles.length) return titles;
  }
  return undefined;
}

const clipNames = (titles) => titles.map((t) => t.split("\u00b7")[0].trim());

export const CHECKS = [
  {
    name: "the extension activates: a squiggle in the editor and the finding in Problems",
    shot: "1-diagnostics",
    async run({ wb }) {
      await wb.openFile(FILE);
      // The server starts, loads its language model and analyses the file: allow for a slow machine.
      await wb.see(SELECTORS.squiggle, "a squiggle", { timeout: 90_000 });
      await wb.showProblems();
      const rows = await wb.until(async () => {
        const rows = await wb.problems();
        return rows.some((r) => r.includes("music-over-dialogue")) && rows;
      }, "the Problems panel shows no music-over-dialogue entry");
      if (!rows.some((r) => r.includes("dialogue-too-long"))) {
        throw new Error(`no dialogue-too-long entry in Problems: ${JSON.stringify(rows)}`);
      }
    },
  },
  {
    name: `the light bulb's quick fix "${FIX_TITLE}" applies and the warning goes`,
    shot: "2-quick-fix",
    async run({ wb, page, marks, state, file }) {
      await wb.goTo(marks.musicWord.line, marks.musicWord.column + 2);
      const bulb = await wb.see(SELECTORS.lightBulb, "the light bulb");
      await bulb.click();
      const item = await wb.see(`${SELECTORS.actionWidget} .monaco-list-row`, `the quick fix "${FIX_TITLE}"`, { hasText: FIX_TITLE });
      await page.screenshot({ path: state.shot("2-quick-fix-menu") });
      await item.click();
      await wb.until(async () => {
        const rows = await wb.problems();
        return !rows.some((r) => r.includes("music-over-dialogue")) && rows.some((r) => r.includes("dialogue-too-long"));
      }, "the music-over-dialogue entry is still in Problems after the fix");
      // What the fix wrote: save, and read the file (the editor's DOM holds only the wrapped lines on screen).
      await page.keyboard.press("Control+S");
      const fixed = marks.music.text.replace("Upbeat accordion music", "Soft background upbeat accordion music");
      await wb.until(() => readFileSync(file, "utf8").split("\n").includes(fixed),
        `the saved line is not ${JSON.stringify(fixed)}`);
      state.fixed = true;
    },
  },
  {
    name: "hover on a line of dialogue shows its word count against the limit",
    shot: "3-hover",
    async run({ wb, page, marks }) {
      await wb.goTo(marks.dialogue.line, marks.dialogue.column + 5);
      await page.keyboard.press("Control+K");
      await page.keyboard.press("Control+I");  // Show Hover
      const text = await wb.until(async () => {
        const hovers = await page.locator(SELECTORS.hover).allInnerTexts();
        return hovers.find((h) => h.includes("Dialogue"));
      }, "no hover with the dialogue summary appeared");
      if (!/24 words \(clip: 24\/20\)/.test(text)) throw new Error(`the hover has no "24 words (clip: 24/20)": ${text}`);
    },
    after: async ({ page }) => page.keyboard.press("Escape"),
  },
  {
    name: "completion after a speech verb offers speaking styles",
    shot: "4-completion",
    async run({ wb, page, marks, styles }) {
      await wb.goTo(marks.lastLine.line, marks.lastLine.text.length + 1);
      await page.keyboard.type(" The keeper says ", { delay: 40 });  // the space is a trigger character
      const labels = await wb.until(async () => {
        const labels = await page.locator(SELECTORS.suggestLabel).allInnerTexts();
        return labels.some((l) => styles.has(l.trim())) && labels;
      }, "the suggest widget shows no speaking style after 'says '");
      const strangers = labels.filter((l) => !styles.has(l.trim()));
      if (strangers.length) throw new Error(`completions that are not speaking styles: ${strangers.join(", ")}`);
    },
    after: async ({ page }) => page.keyboard.press("Escape"),
  },
  {
    name: 'the command "Kling: Copy Current Clip Prompt" puts the clip\'s prompt on the clipboard',
    shot: "5-copy-prompt",
    async run({ wb, page, marks, state }) {
      await page.evaluate(() => navigator.clipboard.writeText("(nothing copied yet)"));
      await wb.goTo(marks.music.line, 1);
      await wb.runCommand("Kling: Copy Current Clip Prompt");
      await wb.see(SELECTORS.toast, "the notification 'copied the prompt of clip \"Lamp room\"'",
        { hasText: 'copied the prompt of clip "Lamp room"', timeout: 30_000 });
      // The live buffer is exported: with the quick fix applied, the music is soft.
      const expected = state.fixed
        ? marks.music.text.replace("Upbeat accordion music", "Soft background upbeat accordion music")
        : marks.music.text;
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      if (copied !== expected) throw new Error(`clipboard: ${JSON.stringify(copied)}; expected ${JSON.stringify(expected)}`);
    },
  },
  {
    name: 'the command "Kling: Show Storyboard" opens a webview that lists the clips',
    shot: "6-storyboard",
    async run({ wb, page }) {
      await wb.runCommand("Kling: Show Storyboard");
      await wb.see(SELECTORS.tab, `a "Storyboard: ${FILE}" tab`, { hasText: `Storyboard: ${FILE}` });
      const titles = await wb.until(() => storyboardTitles(page),
        "no frame of the webview shows the clips (section.clip h3)", 30_000);
      if (clipNames(titles).join(" | ") !== "Lamp room | Supply boat") throw new Error(`the storyboard lists ${JSON.stringify(titles)}`);
    },
  },
  {
    name: "the storyboard follows the buffer as the writer types",
    shot: "7-storyboard-live",
    async run({ wb, page, file }) {
      // With the storyboard open beside it, the writer types a new clip at the end and does not save.
      const heading = "# Night watch";
      const dialogue = 'The keeper says softly, "Goodnight, old light."';
      await wb.runCommand("View: Focus First Editor Group");
      // Keys pressed while the palette is still closing go to the palette's input box, not the editor.
      await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 10_000 });
      await wb.see(`${SELECTORS.editorOf(FILE)}.focused`, `the focused ${FILE} editor`);
      await page.keyboard.press("Control+End");
      // The buffer has as many lines as the file: nothing since the last save added one.
      const lastLine = readFileSync(file, "utf8").split("\n").length;
      await wb.until(async () => (await wb.cursorPosition()).startsWith(`Ln ${lastLine},`),
        `Ctrl+End did not take the cursor to line ${lastLine}`, 5_000).catch(async (error) => {
        throw new Error(`${error.message}: the status bar says ${JSON.stringify(await wb.cursorPosition())}`);
      });
      await page.keyboard.press("Enter");  // a blank line before the heading
      // Escape before each Enter: the suggest widget (snippets, speaking styles) must not take the key.
      await page.keyboard.type(heading, { delay: 40 });
      await page.keyboard.press("Escape");
      await page.keyboard.press("Enter");
      // '"' auto-closes; typed at the end, the closing quote types over the one the editor put there.
      await page.keyboard.type(dialogue, { delay: 40 });
      await page.keyboard.press("Escape");
      let titles;
      await wb.until(async () => {
        titles = await storyboardTitles(page);
        return titles && clipNames(titles).includes("Night watch");
      }, "the storyboard does not list the clip \"Night watch\" 10 s after it was typed", 10_000).catch((error) => {
        throw new Error(`${error.message}; it lists ${JSON.stringify(titles)}`);
      });
      if (clipNames(titles).join(" | ") !== "Lamp room | Supply boat | Night watch") {
        throw new Error(`the storyboard lists ${JSON.stringify(titles)}`);
      }
      // What the buffer holds now, line by line from the cursor up: exactly one pair of quotes.
      const typed = await wb.cursorLine();
      if (typed !== dialogue) throw new Error(`the typed line is ${JSON.stringify(typed)}, not ${JSON.stringify(dialogue)}`);
      // Up one line of the file: the typed line may wrap beside the storyboard, and then one
      // ArrowUp only moves within it; press until the status bar shows the line above.
      const lineOf = async () => Number(/^Ln (\d+),/.exec(await wb.cursorPosition())?.[1]);
      const dialogueLine = await lineOf();
      await wb.until(async () => {
        if (await lineOf() === dialogueLine - 1) return true;
        await page.keyboard.press("ArrowUp");
        return false;
      }, `ArrowUp did not reach line ${dialogueLine - 1}`, 5_000);
      const typedHeading = await wb.cursorLine();
      if (typedHeading !== heading) throw new Error(`the typed heading is ${JSON.stringify(typedHeading)}, not ${JSON.stringify(heading)}`);
      // Unsaved: the tab is dirty and the file on disk has no such clip.
      await wb.see(`${SELECTORS.tab}.dirty`, `a modified (unsaved) ${FILE} tab`, { hasText: FILE });
      if (readFileSync(file, "utf8").includes("Night watch")) throw new Error(`${FILE} on disk already has the new clip`);
      // For the screenshot: the new clip in view in the storyboard.
      for (const frame of page.frames()) {
        const clip = frame.locator("section.clip", { hasText: "Night watch" });
        if (await clip.count().catch(() => 0)) await clip.first().scrollIntoViewIfNeeded().catch(() => {});
      }
    },
  },
];
