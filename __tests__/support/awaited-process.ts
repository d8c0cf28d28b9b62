import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A helper process the tests start and wait for, synchronously, until it says it is ready: the
 * sync test helpers (spawnSync Terraform) wait for it too. Its output goes to a file: a pipe that
 * nobody reads while a sync Terraform runs would fill and block it. Stopped at the latest when the
 * test worker exits.
 */
export interface AwaitedProcess {
  /** What `ready` matched in its output. */
  readonly ready: RegExpExecArray;
  stop(): void;
}

const START_TIMEOUT_MS = 60_000;

/** Every process still running, stopped at the latest when the test worker exits. */
const running = new Set<() => void>();
process.once("exit", () => [...running].forEach((stop) => stop()));

/** Blocks this thread for `ms`. */
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Starts `command` and returns once its output matches `ready`; throws with its output if it exits
 * first or takes over 60 s. Its standard input is a pipe from this process, which it may watch to
 * end with the test worker.
 */
export function startAndAwait(what: string, command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): AwaitedProcess {
  const folder = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-process-"));
  const log = join(folder, "output.log");
  const fd = openSync(log, "w");
  const child = spawn(command, args, { env, stdio: ["pipe", fd, fd] });
  closeSync(fd);
  (child.stdin as unknown as { unref(): void }).unref();
  const stop = () => {
    running.delete(stop);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(folder, { recursive: true, force: true });
  };
  running.add(stop);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const match = ready.exec(readFileSync(log, "utf8"));
    if (match) return { ready: match, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      const output = readFileSync(log, "utf8");
      stop();
      throw new Error(`${what} (${command} ${args.join(" ")}) did not start${child.exitCode !== null ? ` (exit ${child.exitCode})` : " in 60 s"}:\n${output}`);
    }
    sleep(50);
  }
}
