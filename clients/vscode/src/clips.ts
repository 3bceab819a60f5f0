// Exporting clips with `kling export --format json` and finding the clip under the cursor.
import { spawn } from "node:child_process";
import type { Program } from "./server";

/** One item of `kling export --format json`. */
export interface ExportedClip {
  path: string;
  index: number;
  name: string | null;
  prompt: string;
  negative_prompt: string;
  duration: number;
  aspect_ratio: string;
  model: string;
  sound: string;
  language: string | null;
  shots: unknown[];
}

export interface ExportResult {
  /** stdout: the JSON list, as the command line printed it. */
  json: string;
  clips: ExportedClip[];
  /** stderr: notes such as "the file has 2 errors". */
  notes: string;
}

export class CliError extends Error {}

/** Run `kling export --format json -` with `text` on standard input. `filename` (the document's
 * path) tells the command line where to look for kling.toml. */
export function exportText(program: Program, text: string, filename: string | undefined, timeoutMs = 60000): Promise<ExportResult> {
  const args = ["export", "--format", "json", ...(filename ? ["--stdin-filename", filename] : []), "-"];
  const [command, ...before] = program.command;
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...before, ...args], { env: program.env, cwd: program.cwd, windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill();
      reject(new CliError(`\`${program.command.join(" ")} export\` took longer than ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new CliError(`cannot run ${program.command.join(" ")}: ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8").trim();
      if (code !== 0) {
        reject(new CliError(stderr.split(/\r?\n/).pop() || `\`kling export\` exited with code ${code}`));
        return;
      }
      try {
        resolve({ json: stdout, clips: JSON.parse(stdout) as ExportedClip[], notes: stderr });
      } catch {
        reject(new CliError(`\`kling export\` printed something that is not JSON: ${stdout.slice(0, 200)}`));
      }
    });
    child.stdin.on("error", () => undefined); // the process may exit before reading everything
    child.stdin.end(text, "utf8");
  });
}

// The parser's own patterns (server/kling_lsp/core/{headings,frontmatter,parser}.py).
// A heading: any blanks, one or more "#", then a space or a tab; the name is trimmed of every
// space Python's \s matches (SPACE below), U+3000 and U+0085 among them.
const HEADING_START = /^[ \t]*#+[ \t]/;
const SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const HEADING = new RegExp(`^[ \\t]*(#+)[ \\t]${SPACE}*([^${SPACE.slice(1, -1)}][^]*?)?${SPACE}*$`, "u");
const FENCE = /^---[ \t]*$/;
const END_FENCE = /^(?:---|\.\.\.)[ \t]*$/;
const KEY_LINE = /^[ \t]*(?:[\p{L}\p{M}\p{N}\p{Pc}-]+[ \t]*:.*|)$/u;
const COMMENT = /^[ \t]*\/\//;

function isHeading(line: string): boolean {
  return HEADING_START.test(line);
}

/** The line after the front matter (0 when there is none), as the parser finds it. */
export function bodyStart(lines: string[]): number {
  if (lines.length === 0 || !FENCE.test(lines[0].replace(/^\ufeff/, ""))) {
    return 0;
  }
  for (let i = 1; i < lines.length; i++) {
    if (END_FENCE.test(lines[i])) {
      return i + 1;
    }
  }
  // Never closed: the key: value lines that follow, up to a blank line.
  let closing = 1;
  while (closing < lines.length && KEY_LINE.test(lines[closing])) {
    if (lines[closing] === "" && closing > 1) {
      break;
    }
    closing++;
  }
  return closing;
}

export interface ClipStart {
  line: number;
  /** The heading's name without its {…} attributes; undefined for text above the first heading. */
  name?: string;
}

/** Where each clip starts, in the order `kling export` lists them: the text above the first
 * heading when it holds prompt text (not only comments and blank lines), then every heading. */
export function clipStarts(text: string): ClipStart[] {
  const lines = text.split(/\r\n|\r|\n/);
  const body = bodyStart(lines);
  const starts: ClipStart[] = [];
  for (let i = body; i < lines.length; i++) {
    if (isHeading(lines[i])) {
      const name = (HEADING.exec(lines[i])?.[2] ?? "").replace(/\s*\{[^{}]*\}$/, "").trim();
      starts.push({ line: i, name });
    }
  }
  const preambleEnd = starts.length > 0 ? starts[0].line : lines.length;
  for (let i = body; i < preambleEnd; i++) {
    if (!COMMENT.test(lines[i]) && lines[i].trim() !== "") {
      starts.unshift({ line: body });
      break;
    }
  }
  return starts;
}

/** The index into `clips` of the clip that holds `line`, or undefined when it cannot be told. */
export function clipAtLine(text: string, line: number, clips: ExportedClip[]): number | undefined {
  if (clips.length === 0) {
    return undefined;
  }
  const starts = clipStarts(text);
  let at = 0;
  starts.forEach((start, i) => {
    if (start.line <= line) {
      at = i;
    }
  });
  if (starts.length === clips.length) {
    return at;
  }
  // The headings found here do not match the export (should not happen): go by name instead.
  const name = starts[at]?.name;
  if (name === undefined) {
    return undefined;
  }
  const byName = clips.findIndex((clip) => (clip.name ?? "") === name);
  return byName >= 0 ? byName : undefined;
}
