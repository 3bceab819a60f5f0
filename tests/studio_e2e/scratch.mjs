// The studio without a folder: the scratch buffer is checked live and survives a reload.
//   node scratch.mjs URL SHOTS_DIR TOOLS_JSON   -> one line {"ok": bool, "detail": ...}
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [url, shots, toolsFile] = process.argv.slice(2);
const tools = JSON.parse(readFileSync(toolsFile, "utf8"));
const { chromium } = await import(tools.playwright);
const home = join(shots, "..", "chromium-home-scratch");
const browser = await chromium.launch({
  executablePath: tools.chromium, headless: true, args: ["--no-sandbox"],
  env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, "config"), XDG_CACHE_HOME: join(home, "cache") },
});
const TYPED = '\n# Rooftop {duration=5}\nA courier says, "The parcel must reach the harbour office before the last ferry leaves tonight, whatever the rain and the wind and the angry sea may do to us all."\n';
let result;
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.klingStudio?.view.state.doc.length > 0, null, { timeout: 15000 });
  await page.evaluate((text) => {
    const view = window.klingStudio.view;
    view.dispatch({ changes: { from: view.state.doc.length, insert: text } });
  }, TYPED);
  await page.locator('#findings li[data-rule="dialogue-too-long"]').waitFor({ timeout: 15000 });
  await page.waitForTimeout(500); // the buffer is kept 200 ms after the last change
  await page.reload();
  await page.waitForFunction((text) => window.klingStudio?.view.state.doc.toString().includes(text),
    "the angry sea may do", { timeout: 15000 });
  await page.locator("#storyboard section.clip").nth(1).waitFor({ timeout: 15000 });
  await page.screenshot({ path: join(shots, "scratch-after-reload.png") });
  result = { ok: await page.locator("#files").isHidden(), detail: "kept across a reload; no file list" };
} catch (error) {
  result = { ok: false, detail: String(error && error.stack || error) };
} finally {
  await browser.close().catch(() => {});
}
console.log(JSON.stringify(result));
