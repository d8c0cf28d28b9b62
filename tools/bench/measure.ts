import { spawnSync } from "node:child_process";

export interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Median, min and max of samples in seconds. */
export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** Wall time of one run of a whole command, in seconds; throws with its output when it fails, unless `allowFailure`. */
export function timeOnce(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean; shell?: boolean } = {}): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: options.cwd, env: options.env, shell: options.shell, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0 && !options.allowFailure) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}) in ${options.cwd ?? process.cwd()}:\n${result.stderr}${result.stdout}`);
  return seconds;
}

/**
 * Wall time of a whole command, in seconds, over `runs` runs after one warm-up run. `allowFailure`
 * is for commands expected to stop with an error (a plan over the size budget).
 */
export function timeCommand(
  command: string,
  args: string[],
  options: { runs?: number; cwd?: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean; shell?: boolean } = {},
): Timing {
  const runs = options.runs ?? 7;
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const seconds = timeOnce(command, args, options);
    if (i > 0) samples.push(seconds);
  }
  return summarize(samples);
}

export const seconds = (timing: Timing) =>
  `median ${timing.median.toFixed(3)} s (min ${timing.min.toFixed(3)}, max ${timing.max.toFixed(3)}, ${timing.runs} runs)`;
