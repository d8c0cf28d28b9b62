import { spawnSync } from "node:child_process";

export interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/**
 * Wall time of a whole command, in seconds, over `runs` runs after one warm-up run. `allowFailure`
 * is for commands expected to stop with an error (a plan over the size budget).
 */
export function timeCommand(
  command: string,
  args: string[],
  options: { runs?: number; cwd?: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {},
): Timing {
  const runs = options.runs ?? 7;
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: options.cwd, env: options.env, encoding: "utf8" });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0 && !options.allowFailure) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stderr}`);
    if (i > 0) samples.push(seconds);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples[samples.length - 1], runs };
}

export const seconds = (timing: Timing) =>
  `median ${timing.median.toFixed(3)} s (min ${timing.min.toFixed(3)}, max ${timing.max.toFixed(3)}, ${timing.runs} runs)`;
