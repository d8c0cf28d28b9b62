import { readdirSync, readFileSync } from "node:fs";

/**
 * A process and everything it started, read from Linux's /proc. `cdktf deploy` runs Terraform in a
 * pseudo-terminal, a session of its own, so killing the CLI's process group would leave Terraform
 * and its provider running: a test that stands for "the machine went away" kills the whole tree.
 */

interface ProcessStatus {
  pid: number;
  parent: number;
  /** One letter, as /proc/<pid>/stat has it: "Z" is a zombie, dead but not yet reaped. */
  state: string;
}

function readStatus(pid: number): ProcessStatus | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (command) state ppid …": the command may hold spaces and parentheses.
    const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, parent: Number(parent), state };
  } catch {
    return undefined; // gone while we looked
  }
}

function allProcesses(): ProcessStatus[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStatus(Number(name)))
    .filter((status): status is ProcessStatus => status !== undefined);
}

/** `root` and its descendants that are still alive (zombies left out), root first. */
export function processTree(root: number): number[] {
  const processes = allProcesses().filter((p) => p.state !== "Z");
  const tree = processes.some((p) => p.pid === root) ? [root] : [];
  for (let i = 0; i < tree.length; i++) tree.push(...processes.filter((p) => p.parent === tree[i]).map((p) => p.pid));
  return tree;
}

export function isAlive(pid: number): boolean {
  const status = readStatus(pid);
  return status !== undefined && status.state !== "Z";
}

/** Sends `signal` to every process of the tree, all listed before the first is signalled. */
export function signalTree(root: number, signal: NodeJS.Signals): number[] {
  const tree = processTree(root);
  for (const pid of tree) {
    try {
      process.kill(pid, signal);
    } catch {
      // exited in between
    }
  }
  return tree;
}

/** Waits up to `timeoutMs` for these processes to end; returns those still alive then. */
export async function waitForExit(pids: number[], timeoutMs = 5000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return pids.filter(isAlive);
}
