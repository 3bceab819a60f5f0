// Finding a Python that can run the bundled server.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The server needs Python 3.11 or newer (pyproject.toml: requires-python). */
export const MIN_PYTHON: [number, number] = [3, 11];

/** bundled/manifest.json, written by scripts/vscode-build.sh. */
export interface BundleManifest {
  /** CPython versions ("3.12") the compiled parts (numpy, PyYAML) were bundled for. */
  pythons: string[];
  /** The platform the bundle was built on, as process.platform-process.arch ("linux-x64"). */
  platform: string;
  /** The bundled kling-lsp version. */
  server: string;
}

export function readManifest(bundledDir: string): BundleManifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(bundledDir, "manifest.json"), "utf8")) as BundleManifest;
  } catch {
    return undefined;
  }
}

export interface Interpreter {
  /** The command and the arguments that come before the script's own (e.g. ["py", "-3"]). */
  command: string[];
  /** "3.12" */
  version: string;
  /** sys.executable */
  executable: string;
}

const PROBE = "import sys; print('%d.%d' % sys.version_info[:2]); print(sys.executable)";

export function probe(command: string[], timeoutMs = 15000): Promise<Interpreter | string> {
  return new Promise((resolve) => {
    execFile(command[0], [...command.slice(1), "-c", PROBE], { timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        resolve(code === "ENOENT" ? "not found" : `failed: ${(stderr || error.message).trim().split("\n").pop()}`);
        return;
      }
      const [version, executable] = stdout.trim().split(/\r?\n/);
      if (!/^\d+\.\d+$/.test(version ?? "")) {
        resolve(`printed no Python version: ${stdout.trim().slice(0, 200)}`);
        return;
      }
      resolve({ command, version, executable: executable ?? command[0] });
    });
  });
}

export function atLeast(version: string, minimum: [number, number] = MIN_PYTHON): boolean {
  const [major, minor] = version.split(".").map(Number);
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

export class InterpreterError extends Error {}

/** The configured interpreter, or the first suitable Python on PATH: python3, python (py -3 on
 * Windows), then python3.X for each version the bundle has compiled parts for. A Python whose
 * version the bundle covers wins over one it does not (which still runs the server, but language
 * detection needs numpy's compiled parts for that version). */
export async function findInterpreter(
  configured: string[],
  manifest: BundleManifest | undefined,
  log: (line: string) => void,
): Promise<Interpreter> {
  const covered = (i: Interpreter) => !manifest || manifest.pythons.includes(i.version);
  if (configured.length > 0) {
    const found = await probe(configured);
    if (typeof found === "string") {
      throw new InterpreterError(`kling.interpreter ${JSON.stringify(configured)}: ${found}`);
    }
    if (!atLeast(found.version)) {
      throw new InterpreterError(`kling.interpreter ${JSON.stringify(configured)} is Python ${found.version}; the server needs ${MIN_PYTHON.join(".")} or newer`);
    }
    if (!covered(found)) {
      log(`Python ${found.version} is not one the bundle was built for (${manifest?.pythons.join(", ")}); language detection may fail.`);
    }
    return found;
  }
  const candidates: string[][] = process.platform === "win32" ? [["py", "-3"], ["python"], ["python3"]] : [["python3"], ["python"]];
  for (const version of [...(manifest?.pythons ?? [])].reverse()) {
    candidates.push(process.platform === "win32" ? ["py", `-${version}`] : [`python${version}`]);
  }
  const tried: string[] = [];
  let fallback: Interpreter | undefined;
  for (const command of candidates) {
    const found = await probe(command);
    if (typeof found === "string") {
      tried.push(`${command.join(" ")}: ${found}`);
      continue;
    }
    if (!atLeast(found.version)) {
      tried.push(`${command.join(" ")}: Python ${found.version} (too old)`);
      continue;
    }
    if (covered(found)) {
      return found;
    }
    tried.push(`${command.join(" ")}: Python ${found.version} (not in the bundle: ${manifest?.pythons.join(", ")})`);
    fallback ??= found;
  }
  if (fallback) {
    log(`No Python the bundle was built for was found; using Python ${fallback.version} (${fallback.executable}). Language detection may fail.`);
    return fallback;
  }
  throw new InterpreterError(
    `no Python ${MIN_PYTHON.join(".")}+ found on PATH (${tried.join("; ")}). ` +
      "Install Python 3.11 or newer, or set kling.interpreter (or kling.serverCommand) in your user settings.",
  );
}
