// The studio in headless Chromium, as a writer uses it. tests/test_studio_e2e.py starts
// `kling studio FOLDER --no-browser` and runs this with:
//   node run.mjs URL FOLDER SHOTS_DIR TOOLS_JSON
// Each check prints one line `{"check": name, "ok": bool, "detail": ...}`; the last line is
// `{"done": true}`. A screenshot of each step goes to SHOTS_DIR. Chromium is closed on every path.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [url, folder, shots, toolsFile] = process.argv.slice(2);
const tools = JSON.parse(readFileSync(toolsFile, "utf8"));
const { chromium } = await import(tools.playwright);

const LONG = "We sail at dawn when the tide turns and the gulls go quiet over the grey harbour water, and nobody on this pier will stop us.";
const PROMPT = `# Pier {duration=5}\nShot 1 (5s): A fisherman on the pier says calmly, "${LONG}"\n`;
const SECOND = `\n# Night market {duration=5}\nShot 1 (5s): Upbeat accordion music plays as Ana says softly, "Come closer."\n`;
const report = (check, ok, detail = "") => console.log(JSON.stringify({ check, ok, detail }));
const home = join(shots, "..", "chromium-home");

const browser = await chromium.launch({
  executablePath: tools.chromium, headless: true, args: ["--no-sandbox", "--disable-features=LocalNetworkAccessChecks"],
  env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, "config"), XDG_CACHE_HOME: join(home, "cache") },
});
const stop = async () => { try { await browser.close(); } catch {} };
process.on("SIGTERM", async () => { await stop(); process.exit(143); });

async function step(name, body) {
  try {
    report(name, true, (await body()) ?? "");
  } catch (error) {
    report(name, false, String(error && error.stack || error));
  } finally {
    await page.screenshot({ path: join(shots, `${name}.png`) }).catch(() => {});
  }
}

const context = await browser.newContext({ viewport: { width: 1500, height: 900 } });
await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(url).origin });
const page = await context.newPage();
const errors = [];
page.on("pageerror", (error) => errors.push(String(error)));
const editor = page.locator("#editor .cm-content");
const until = async (predicate, what, ms = 15000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await predicate()) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`waited ${ms} ms: ${what}`);
};
const docText = () => page.evaluate(() => window.klingStudio.view.state.doc.toString());
const findingRules = () => page.$$eval("#findings li.finding", (rows) => rows.map((r) => r.dataset.rule));

try {
  await step("1-open", async () => {
    await page.goto(url);
    await page.locator("#file-list button", { hasText: "pier.kling" }).click();
    await until(async () => (await docText()).includes("old text"), "pier.kling's text in the editor");
    if (new URL(page.url()).search.includes("token")) throw new Error("the token stayed in the address bar");
    return await page.locator("#file-name").textContent();
  });

  await step("2-squiggle", async () => {
    await editor.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(PROMPT);
    await page.locator(".cm-lintRange-warning, .cm-lintRange-error").first().waitFor({ timeout: 15000 });
    await page.locator('#findings li[data-rule="dialogue-too-long"]').waitFor({ timeout: 15000 });
    return await page.locator('#findings li[data-rule="dialogue-too-long"]').textContent();
  });

  await step("3-hover", async () => {
    const box = await page.evaluate((word) => {
      const view = window.klingStudio.view;
      const at = view.state.doc.toString().indexOf(word) + 2;
      const c = view.coordsAtPos(at);
      return { x: c.left + 2, y: (c.top + c.bottom) / 2 };
    }, "gulls");
    await page.mouse.move(box.x - 40, box.y - 40);
    await page.mouse.move(box.x, box.y, { steps: 4 });
    const tip = page.locator(".cm-tooltip-hover").first();
    await tip.waitFor({ timeout: 15000 });
    await until(async () => /\d+ words?/.test(await tip.textContent()), "a word count in the hover");
    return await tip.textContent();
  });

  await step("4-completion", async () => {
    await page.mouse.move(5, 5);
    await page.evaluate(() => {
      const view = window.klingStudio.view;
      view.dispatch({ selection: { anchor: view.state.doc.length } });
      view.focus();
    });
    await page.keyboard.type('The old sailor says ', { delay: 30 });
    const list = page.locator(".cm-tooltip-autocomplete");
    await list.waitFor({ timeout: 15000 });
    const labels = await list.locator("li").allTextContents();
    if (!labels.some((l) => l.includes("softly"))) throw new Error(`no "softly" among ${labels.join(" | ")}`);
    await page.keyboard.press("Escape");
    // take the typed words back out
    await page.evaluate(() => {
      const view = window.klingStudio.view;
      const text = view.state.doc.toString();
      const at = text.lastIndexOf("The old sailor says ");
      view.dispatch({ changes: { from: at, to: text.length } });
    });
    return labels.slice(0, 8).join(" | ");
  });

  await step("5-quick-fix", async () => {
    const row = page.locator('#findings li[data-rule="dialogue-too-long"]');
    await row.waitFor({ timeout: 15000 });
    const button = row.locator("button.fix");
    const title = await button.textContent();
    await button.click();
    await until(async () => !(await findingRules()).includes("dialogue-too-long"), "the dialogue-too-long finding goes");
    await until(async () => (await page.locator(".cm-lintRange-warning").count()) === 0 ||
      !(await findingRules()).includes("dialogue-too-long"), "its squiggle goes");
    if ((await docText()).includes(LONG)) throw new Error("the long line is still in the text");
    return title;
  });

  await step("6-storyboard", async () => {
    await until(async () => (await page.locator("#storyboard section.clip").count()) === 1, "one clip in the storyboard");
    await page.evaluate((text) => {
      const view = window.klingStudio.view;
      view.dispatch({ changes: { from: view.state.doc.length, insert: text } });
    }, SECOND);
    await until(async () => (await page.locator("#storyboard section.clip").count()) === 2, "the storyboard gains the typed clip");
    const lanes = await page.locator("#storyboard section.clip").nth(1).locator("[data-lane]").evaluateAll(
      (nodes) => nodes.map((n) => n.dataset.lane));
    if (!lanes.includes("music")) throw new Error(`no music lane in the new clip: ${lanes.join(", ")}`);
    await page.locator("#storyboard section.clip").nth(1).scrollIntoViewIfNeeded();
    return lanes.join(", ");
  });

  await step("7-copy", async () => {
    await page.locator("#storyboard section.clip").nth(1).locator("button.copy").click();
    await until(async () => (await page.locator("#status").textContent()).includes("Copied"), "the copy is confirmed");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    if (!copied.includes("Upbeat accordion music") || !copied.includes("Settings: 5 s")) throw new Error(copied);
    return copied;
  });

  await step("8-save", async () => {
    await page.keyboard.press("Control+s").catch(() => {});
    await page.locator("#save").click();
    await until(async () => (await page.locator("#status").textContent()).startsWith("Saved pier.kling"), "Saved in the status line");
    return await page.locator("#status").textContent();
  });

  await step("9-outside-refused", async () => {
    await page.locator("#file-input").fill("../outside.kling");
    await page.locator("#create").click();
    await until(async () => (await page.locator("#status").textContent()).includes("outside the studio folder"),
      "the refusal in the status line");
    return await page.locator("#status").textContent();
  });

  await step("10-other-origin-refused", async () => {
    // a page of another origin (a site the user visits) tries the studio's WebSocket with the token.
    // Chromium's own Local Network Access check is off (see launch) so that the studio's server is
    // what refuses it; the test then reads the refusal in the studio's log.
    const other = await context.newPage();
    try {
      await other.route("http://elsewhere.example/", (route) =>
        route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>elsewhere</title>" }));
      await other.goto("http://elsewhere.example/");
      const token = await page.evaluate(() => sessionStorage.getItem("kling-studio-token"));
      const target = new URL("/lsp", url.replace(/^http/, "ws"));
      target.search = `token=${token}`;
      const outcome = await other.evaluate((address) => new Promise((resolve) => {
        const socket = new WebSocket(address);
        socket.onopen = () => resolve("open");
        socket.onerror = () => resolve(`refused (page ${location.origin})`);
        setTimeout(() => resolve("timeout"), 8000);
      }), target.toString());
      if (!outcome.startsWith("refused")) throw new Error(`the other origin's WebSocket: ${outcome}`);
      return outcome;
    } finally {
      await other.close();
    }
  });
  report("no-page-errors", errors.length === 0, errors.join("\n"));
} finally {
  await stop();
  console.log(JSON.stringify({ done: true }));
}
