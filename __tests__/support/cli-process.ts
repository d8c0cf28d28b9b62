import { spawn } from "node:child_process";
import { processTree, signalTree, waitForExit } from "./process-tree";

/**
 * A command-line program run as a user runs it, without blocking Node's event loop (tests run it
 * against a server in the same process), its stdout and stderr kept together in arrival order.
 */

export interface CliResult {
  /** The exit code; null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved, terminal escapes removed. */
  output: string;
}

export interface CliProcess {
  readonly pid: number;
  readonly result: Promise<CliResult>;
  /** SIGKILL to the process and all it started, at once, as when the machine or CI runner goes
   * away; returns their pids. */
  killTree(): number[];
  /**
   * Ends the process and all it started as a person would: Ctrl+C, a second one after 1 s (Terraform
   * then stops its providers at once), SIGKILL of whatever is left after 15 s.
   */
  stop(): Promise<void>;
}

/** Colours, cursor moves and line erases of a terminal UI, and the spinner frames between them. */
const TERMINAL_ESCAPES = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\r/g;

export function stripTerminalEscapes(text: string): string {
  return text.replace(TERMINAL_ESCAPES, "");
}

/** Whitespace folded to single spaces, for matching messages a terminal UI wrapped and indented. */
export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, " ");
}

export function startCli(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): CliProcess {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  const chunks: string[] = [];
  child.stdout.setEncoding("utf8").on("data", (text: string) => chunks.push(text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => chunks.push(text));
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, output: stripTerminalEscapes(chunks.join("")) }));
  });
  const pid = child.pid!;
  return {
    pid,
    result,
    killTree: () => signalTree(pid, "SIGKILL"),
    stop: async () => {
      const tree = processTree(pid);
      const timers = [setTimeout(() => signalTree(pid, "SIGINT"), 1000), setTimeout(() => tree.forEach(killQuietly), 15000)];
      signalTree(pid, "SIGINT");
      await result.catch(() => undefined);
      // The CLI may exit before the Terraform it started in a pseudo-terminal.
      await waitForExit(tree, 16000);
      timers.forEach(clearTimeout);
    },
  };
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}
