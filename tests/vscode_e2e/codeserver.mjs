// code-server (VS Code's workbench served to a browser) for one test run: install the .vsix, start
// it on 127.0.0.1 in a process group of its own, and stop that whole group, always.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The folders of a run, and an environment that keeps HOME, XDG_* and TMPDIR inside it. */
export function runLayout(run, tools) {
  const dirs = {
    home: join(run, "home"), config: join(run, "config"), data: join(run, "data"), cache: join(run, "cache"),
    tmp: join(run, "tmp"), userData: join(run, "user-data"), extensions: join(run, "extensions"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const env = {
    PATH: `${dirname(tools.node)}:${process.env.PATH ?? "/usr/bin:/bin"}`,  // node 24 first
    HOME: dirs.home, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp, LANG: "C.UTF-8", EXTENSIONS_GALLERY: "{}",
  };
  const configFile = join(run, "config.yaml");
  writeFileSync(configFile, "auth: none\ncert: false\n");
  // A quiet workbench: no welcome page, no chat, no secondary side bar, no telemetry, no auto-save.
  mkdirSync(join(dirs.userData, "User"), { recursive: true });
  writeFileSync(join(dirs.userData, "User", "settings.json"), JSON.stringify({
    "workbench.startupEditor": "none",
    "chat.disableAIFeatures": true,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "telemetry.telemetryLevel": "off",
    "workbench.tips.enabled": false,
    "extensions.ignoreRecommendations": true,
    "editor.minimap.enabled": false,
    "editor.wordWrap": "on",  // long prompt lines stay readable in the screenshots
    // In a browser VS Code saves a second after each edit by default (desktop: never): off, so what the
    // checks see comes from the buffer, and a file on disk changes only when a check saves it.
    "files.autoSave": "off",
  }, null, 2));
  const common = ["--user-data-dir", dirs.userData, "--extensions-dir", dirs.extensions, "--config", configFile];
  return { dirs, env, common };
}

/** Run a command in its own process group to its end; reject on a non-zero exit or timeout. */
export function runToEnd(command, args, { env, log, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk) => { output += chunk; log?.write(chunk); };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => { killGroup(child.pid, "SIGKILL"); }, timeoutMs);
    child.on("error", (error) => { clearTimeout(timer); reject(error); });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      killGroup(child.pid, "SIGKILL");  // anything it left behind in its group
      if (code === 0) resolve(output);
      else {
        const lines = output.split("\n").map((l) => l.trim()).filter(Boolean);
        const reason = lines.find((l) => /error/i.test(l)) ?? lines.at(-1) ?? "no output";
        reject(new Error(`${args.find((a) => a.startsWith("--")) ?? command} exited ${code ?? signal}: ${reason}`));
      }
    });
  });
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export class CodeServer {
  constructor(tools, layout, logFile) {
    this.tools = tools;
    this.layout = layout;
    this.log = createWriteStream(logFile, { flags: "a" });
    this.pgid = undefined;
  }

  async installExtension(vsix) {
    const { node, codeServer } = this.tools;
    await runToEnd(node, [codeServer, "--install-extension", vsix, "--force", ...this.layout.common],
      { env: this.layout.env, log: this.log, timeoutMs: 120_000 });
  }

  /** Start on 127.0.0.1:port with `folder` open; resolve once /healthz answers. */
  async start(port, folder) {
    const { node, codeServer } = this.tools;
    const args = [codeServer, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry",
      "--disable-update-check", "--disable-workspace-trust", ...this.layout.common, folder];
    // detached: the child calls setsid(), so it leads a new process group (pgid = its pid)
    const child = spawn(node, args, { env: this.layout.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    this.pgid = child.pid;
    child.stdout.pipe(this.log, { end: false });
    child.stderr.pipe(this.log, { end: false });
    let exited = null;
    child.on("exit", (code, signal) => { exited = code ?? signal; });
    child.on("error", (error) => { exited = String(error); });
    const url = `http://127.0.0.1:${port}`;
    for (let waited = 0; waited < 60_000; waited += 250) {
      if (exited !== null) throw new Error(`code-server exited (${exited}) before answering /healthz`);
      try {
        if ((await fetch(`${url}/healthz`)).ok) return url;
      } catch { /* not listening yet */ }
      await sleep(250);
    }
    throw new Error("code-server did not answer /healthz within 60 s");
  }

  /** TERM the whole group, KILL it after a grace period; resolve when the group is gone. */
  async stop(graceMs = 10_000) {
    if (this.pgid === undefined) return;
    killGroup(this.pgid, "SIGTERM");
    for (let waited = 0; groupAlive(this.pgid) && waited < graceMs; waited += 100) await sleep(100);
    if (groupAlive(this.pgid)) killGroup(this.pgid, "SIGKILL");
    for (let waited = 0; groupAlive(this.pgid) && waited < 5_000; waited += 100) await sleep(100);
  }

  /** For a process 'exit' handler: no waiting possible, so KILL at once. */
  killNow() {
    if (this.pgid !== undefined) killGroup(this.pgid, "SIGKILL");
  }
}

export function killGroup(pgid, signal) {
  try { process.kill(-pgid, signal); } catch { /* already gone */ }
}

export function groupAlive(pgid) {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}
