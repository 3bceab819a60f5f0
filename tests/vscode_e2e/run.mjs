#!/usr/bin/env node
// End-to-end test of the packaged extension in a real VS Code: code-server on 127.0.0.1, driven by
// playwright-core with Debian's Chromium. Needs `bash scripts/vscode-e2e-setup.sh` first.
//
//   node tests/vscode_e2e/run.mjs [--vsix FILE] [--screenshots DIR] [--readme-shot FILE]
//
// --screenshots (or KLING_E2E_SCREENSHOTS): where each step's screenshot goes (default: the run
// folder's screenshots/). --readme-shot (or KLING_E2E_README_SHOT): also write the hover screenshot
// there (docs/images/vscode.png is the README's). Prints `ok - name` / `not ok - name: reason` per
// check, then `N passed, N failed`; exits 0 only when every check passed.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { CHECKS, FILE, landmarks, speakingStyles } from "./checks.mjs";
import { CodeServer, freePort, killGroup, runLayout } from "./codeserver.mjs";
import { Workbench } from "./workbench.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const README_SHOT_STEP = "3-hover";

function tools() {
  const cache = process.env.KLING_E2E_CACHE
    || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "kling-lsp", "vscode-e2e");
  const file = join(cache, "paths.json");
  if (!existsSync(file)) {
    console.error(`vscode-e2e: ${file} is missing; run bash scripts/vscode-e2e-setup.sh first`);
    process.exit(2);
  }
  return JSON.parse(readFileSync(file, "utf8"));
}

const { values: options } = parseArgs({
  options: { vsix: { type: "string" }, screenshots: { type: "string" }, "readme-shot": { type: "string" } },
});
const paths = tools();
const vsix = resolve(options.vsix ?? join(root, "clients", "vscode", "kling-lsp.vsix"));
if (!existsSync(vsix)) {
  console.error(`vscode-e2e: ${vsix} is missing; build it with bash scripts/vscode-build.sh`);
  process.exit(2);
}
// A short path: Chromium and code-server put Unix sockets under it (at most 107 bytes each).
const run = mkdtempSync(join(tmpdir(), "kling-vscode-e2e-"));
const shots = resolve(options.screenshots ?? process.env.KLING_E2E_SCREENSHOTS ?? join(run, "screenshots"));
const readmeShot = options["readme-shot"] ?? process.env.KLING_E2E_README_SHOT;
mkdirSync(shots, { recursive: true });
const workspace = join(run, "workspace");
cpSync(join(here, "workspace"), workspace, { recursive: true });

const layout = runLayout(run, paths);
process.env.TMPDIR = layout.dirs.tmp;  // playwright's profile and artifacts stay in the run folder
const server = new CodeServer(paths, layout, join(run, "code-server.log"));
let browserServer;
let browser;
let browserPid;
console.log(`# run folder ${run}`);

let stopping;  // one stop for everyone: the end of the run, a signal, a failure
function stopAll() {
  stopping ??= (async () => {
    await browser?.close().catch(() => {});
    await browserServer?.close().catch(() => {});
    if (browserPid !== undefined) killGroup(browserPid, "SIGKILL");
    await server.stop();
  })();
  return stopping;
}
process.on("exit", () => {  // last resort (an uncaught error): no waiting is possible here
  server.killNow();
  if (browserPid !== undefined) killGroup(browserPid, "SIGKILL");
});
let interrupted;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = signal;
    console.log(`# ${signal}: stopping code-server and Chromium`);
    // The running step then fails at once and the run ends as usual; if it is stuck elsewhere, leave.
    stopAll().then(() => setTimeout(() => process.exit(1), 30_000).unref());
  });
}

let passed = 0;
let failed = 0;
try {
  const { chromium } = await import(pathToFileURL(paths.playwright).href);
  await server.installExtension(vsix);
  const url = await server.start(await freePort(), workspace);
  console.log(`# code-server ${url} (process group ${server.pgid})`);
  // launchServer, not launch: it tells the browser's pid, which leads the browser's process group.
  browserServer = await chromium.launchServer({
    executablePath: paths.chromium, headless: true, args: ["--no-sandbox"], env: layout.env, host: "127.0.0.1",
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,  // our handlers stop everything
  });
  browserPid = browserServer.process().pid;
  browser = await chromium.connect(browserServer.wsEndpoint());
  console.log(`# chromium process group ${browserPid}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: url });
  const page = await context.newPage();
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
  const wb = new Workbench(page);
  await wb.runCommand("View: Close Primary Side Bar");  // more room for the editor in the screenshots

  const state = { fixed: false, shot: (name) => join(shots, `${name}.png`) };
  const file = join(workspace, FILE);
  const ctx = {
    page, wb, state, file, marks: landmarks(readFileSync(file, "utf8")),
    styles: speakingStyles(join(root, "server", "kling_lsp", "data", "speaking_styles.toml")),
  };
  for (const check of CHECKS) {
    if (interrupted) break;
    try {
      await check.run(ctx);
      await page.screenshot({ path: state.shot(check.shot) });
      if (readmeShot && check.shot === README_SHOT_STEP) copyFileSync(state.shot(check.shot), readmeShot);
      console.log(`ok - ${check.name}`);
      passed++;
    } catch (error) {
      if (interrupted) break;
      await page.screenshot({ path: state.shot(`${check.shot}-failed`) }).catch(() => {});
      console.log(`not ok - ${check.name}: ${String(error.message ?? error).split("\n")[0]}`);
      failed++;
    }
    await check.after?.(ctx).catch(() => {});
  }
} catch (error) {
  if (!interrupted) {
    console.log(`not ok - start VS Code with the extension: ${String(error.message ?? error).split("\n")[0]}`);
    failed++;
  }
} finally {
  await stopAll();
}
if (interrupted) {
  console.log(`not ok - the run was interrupted by ${interrupted}`);
  failed++;
}

// Keep the screenshots (and, after a failure, the logs); drop the rest, such as the installed extension.
rmSync(layout.dirs.extensions, { recursive: true, force: true });
if (failed === 0) {
  for (const name of ["home", "config", "data", "cache", "tmp", "user-data", "workspace", "code-server.log", "config.yaml"]) {
    rmSync(join(run, name), { recursive: true, force: true });
  }
  if (!shots.startsWith(run + "/")) rmSync(run, { recursive: true, force: true });
}
console.log(`# screenshots in ${shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed === CHECKS.length ? 0 : 1);
