// The extension's settings: what the server gets (the kling.toml options) and what the client
// itself uses (how to start the server).
import * as vscode from "vscode";

export const SECTION = "kling";

/** Settings that are kling.toml options. The server accepts them camelCased
 * (maxDialogueWords = max-dialogue-words); `rules` is passed as it is. */
export const SERVER_KEYS = [
  "maxDialogueWords",
  "maxSpeakers",
  "wordsPerSecond",
  "charsPerSecond",
  "maxVoices",
  "maxAudioLayers",
  "voicedLanguages",
  "rules",
] as const;

/** Settings that choose the program VS Code starts; changing one restarts the server. */
export const LAUNCH_KEYS = ["interpreter", "serverCommand"] as const;

/** The `kling` settings for the server: only the ones the user has set somewhere. A setting left
 * at its default is not sent, so the project's kling.toml (which the editor layer overrides key by
 * key) still applies to it. */
export function serverSettings(scope?: vscode.ConfigurationScope | null): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const settings: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    const info = config.inspect(key);
    if (!info) {
      continue;
    }
    const set = [info.globalValue, info.workspaceValue, info.workspaceFolderValue].some((v) => v !== undefined);
    if (set) {
      settings[key] = config.get(key);
    }
  }
  return settings;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v.trim() !== "") : [];
}

export interface LaunchSettings {
  /** kling.interpreter, or [] when unset or the workspace is not trusted. */
  interpreter: string[];
  /** kling.serverCommand, or [] when unset or the workspace is not trusted. */
  serverCommand: string[];
  /** Whether a set launch setting was ignored because the workspace is not trusted. */
  ignoredUntrusted: boolean;
}

/** kling.interpreter and kling.serverCommand. Both are machine-scoped (user settings only), and
 * both are ignored while the workspace is not trusted. */
export function launchSettings(): LaunchSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const interpreter = stringArray(config.get("interpreter"));
  const serverCommand = stringArray(config.get("serverCommand"));
  if (!vscode.workspace.isTrusted) {
    return { interpreter: [], serverCommand: [], ignoredUntrusted: interpreter.length + serverCommand.length > 0 };
  }
  return { interpreter, serverCommand, ignoredUntrusted: false };
}

export function affectsLaunch(event: vscode.ConfigurationChangeEvent): boolean {
  return LAUNCH_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
}
