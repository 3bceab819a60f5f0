// Starting, stopping and restarting the kling language server.
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  Executable,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { BundleManifest, findInterpreter, Interpreter, InterpreterError, readManifest } from "./python";
import { launchSettings, SECTION, serverSettings } from "./settings";

/** A program that runs kling: the server, and the command line used by the export commands. */
export interface Program {
  command: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Launch {
  /** The server (vscode-languageclient appends --stdio). */
  server: Program;
  /** The command line (`kling ...` without a subcommand), or undefined when it is not known. */
  cli: Program | undefined;
  /** For the log and the status bar tooltip. */
  description: string;
}

export type ServerState = "starting" | "running" | "stopped" | "failed";

export interface ServerStatus {
  state: ServerState;
  detail?: string;
}

function workingDirectory(): string {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file");
  return folder ? folder.uri.fsPath : os.homedir();
}

export class ServerManager implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private launch: Launch | undefined;
  private interpreter: Interpreter | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly statusEmitter = new vscode.EventEmitter<ServerStatus>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  status: ServerStatus = { state: "stopped" };
  readonly bundledDir: string;
  readonly manifest: BundleManifest | undefined;

  constructor(
    context: vscode.ExtensionContext,
    readonly output: vscode.OutputChannel,
  ) {
    this.bundledDir = context.asAbsolutePath("bundled");
    this.manifest = readManifest(this.bundledDir);
  }

  get description(): string | undefined {
    return this.launch?.description;
  }

  private log(line: string): void {
    this.output.appendLine(`[kling] ${line}`);
  }

  private setStatus(state: ServerState, detail?: string): void {
    this.status = { state, detail };
    this.statusEmitter.fire(this.status);
  }

  /** Start/stop/restart run one at a time, in order. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task, task);
    return this.queue;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  /** The bundled server run by a Python found as kling.interpreter says (cached until a restart). */
  async bundled(): Promise<{ server: Program; cli: Program; interpreter: Interpreter }> {
    const settings = launchSettings();
    if (settings.ignoredUntrusted) {
      this.log("The workspace is not trusted: kling.interpreter and kling.serverCommand are ignored.");
    }
    this.interpreter ??= await findInterpreter(settings.interpreter, this.manifest, (line) => this.log(line));
    const python = this.interpreter.command;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // The bundled server and its dependencies, ahead of anything installed for that Python.
      PYTHONPATH: path.join(this.bundledDir, "libs"),
      PYTHONNOUSERSITE: "1",
      PYTHONIOENCODING: "utf-8",
      PYTHONUTF8: "1",
    };
    // -P (3.11+): the working directory is not put on sys.path, so nothing in the workspace is imported.
    return {
      server: { command: [...python, "-P", "-m", "kling_lsp"], env, cwd: workingDirectory() },
      cli: { command: [...python, "-P", "-m", "kling_lsp.cli.main"], env, cwd: workingDirectory() },
      interpreter: this.interpreter,
    };
  }

  private async resolveLaunch(): Promise<Launch> {
    const settings = launchSettings();
    if (settings.serverCommand.length > 0) {
      const command = settings.serverCommand;
      const program = { command, env: process.env, cwd: workingDirectory() };
      const cli = command.length > 1 && command[command.length - 1] === "server" ? { ...program, command: command.slice(0, -1) } : undefined;
      return { server: program, cli, description: `kling.serverCommand: ${command.join(" ")}` };
    }
    const bundled = await this.bundled();
    const version = this.manifest ? ` ${this.manifest.server}` : "";
    return {
      server: bundled.server,
      cli: bundled.cli,
      description: `bundled server${version}, Python ${bundled.interpreter.version} (${bundled.interpreter.executable})`,
    };
  }

  /** A request to the running server (custom methods such as kling/storyboard); undefined when none runs. */
  request<R>(method: string, params: object): Promise<R> | undefined {
    return this.client?.isRunning() ? this.client.sendRequest<R>(method, params) : undefined;
  }

  /** How to run the command line: the installed one next to kling.serverCommand, else the bundled one. */
  async cli(): Promise<Program> {
    if (this.launch?.cli) {
      return this.launch.cli;
    }
    return (await this.bundled()).cli;
  }

  private async doStart(): Promise<void> {
    if (this.client) {
      return;
    }
    this.setStatus("starting");
    this.interpreter = undefined;
    try {
      this.launch = await this.resolveLaunch();
    } catch (error) {
      const message = error instanceof InterpreterError ? error.message : String(error);
      this.log(`Cannot start the server: ${message}`);
      this.setStatus("failed", message);
      void vscode.window.showErrorMessage(`Kling: cannot start the language server: ${message}`, "Open Settings", "Show Output").then((choice) => {
        if (choice === "Open Settings") {
          void vscode.commands.executeCommand("workbench.action.openSettings", "kling.interpreter");
        } else if (choice === "Show Output") {
          this.output.show(true);
        }
      });
      return;
    }
    this.log(`Starting ${this.launch.description}: ${this.launch.server.command.join(" ")} --stdio`);

    const [command, ...args] = this.launch.server.command;
    const executable: Executable = {
      command,
      args,
      transport: TransportKind.stdio,
      options: { env: this.launch.server.env, cwd: this.launch.server.cwd },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: "kling", scheme: "file" },
        { language: "kling", scheme: "untitled" },
      ],
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: { settings: { [SECTION]: serverSettings() } },
      synchronize: { configurationSection: SECTION },
      middleware: {
        workspace: {
          // Answer workspace/configuration for "kling" with the settings the user has set, not
          // with VS Code's defaults, which would hide the project's kling.toml.
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) {
              return result;
            }
            return params.items.map((item, i) =>
              item.section === SECTION ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : result[i],
            );
          },
          // Send an empty change, so the server asks through workspace/configuration (above)
          // instead of getting every kling.* value including the defaults.
          didChangeConfiguration: (_sections, next) => next(undefined),
        },
      },
    };
    const client = new LanguageClient("kling", "Kling", { run: executable, debug: executable }, clientOptions);
    this.client = client;
    client.onDidChangeState((event) => {
      if (this.client !== client) {
        return;
      }
      if (event.newState === State.Running) {
        this.setStatus("running");
      } else if (event.newState === State.Starting) {
        this.setStatus("starting");
      } else {
        this.setStatus("stopped", "the server stopped; see the Kling output");
      }
    });
    try {
      await client.start();
      this.setStatus("running");
    } catch (error) {
      this.log(`The server did not start: ${error instanceof Error ? error.message : String(error)}`);
      this.setStatus("failed", "the server did not start; see the Kling output");
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.launch = undefined;
    if (!client) {
      return;
    }
    try {
      await client.dispose(3000);
    } catch (error) {
      this.log(`Stopping the server: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.setStatus("stopped");
  }

  dispose(): void {
    void this.stop();
    this.statusEmitter.dispose();
  }
}
