/**
 * `npm run bench:plans [-- --runs N --parallel N,… --counts N,…]` (also the last part of `npm run bench`): the
 * whole `npm run plan` over an installs file of 1, 3 and 6 installs, each its own account on its
 * own local IAM endpoint (reached by its AWS profile's endpoint_url, so no AWS is needed), planned
 * side by side (--parallel, default npm run plan's) and one at a time (--parallel 1), and the ratio.
 * It runs in a copy of the project, after one untimed run that leaves every install initialised,
 * as a developer's second run is; the two are timed in turns so that a busy machine slows both.
 *
 * The endpoint is the tests' (__tests__/support/iam-endpoint): the one place tools/ reaches into
 * the tests, for a benchmark that must not need AWS.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { IamEndpoint, startIamEndpoint } from "../../__tests__/support/iam-endpoint";
import { RECOMMENDED_ACCESS, RECOMMENDED_COMPACTION } from "../mlspace-installs";
import { DEFAULT_PARALLEL } from "../plan-review/cli/plan-options";
import { PROJECT_ROOT } from "../project-root";
import { seconds, summarize, Timing } from "./measure";
import { copyProjectFiles } from "./project-files";

/** Wall time of `npm run plan -- ARGS` in `cwd`, without blocking the endpoints in this process. */
function timePlan(cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "plan", "--", ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const output: string[] = [];
    child.stdout.setEncoding("utf8").on("data", (text: string) => output.push(text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => output.push(text));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e9) : reject(new Error(`npm run plan -- ${args.join(" ")} failed (exit ${code}) in ${cwd}:\n${output.join("")}`)),
    );
  });
}

/** A project copy with `count` installs, each with its profile pointing at its own endpoint. */
async function project(count: number): Promise<{ directory: string; env: NodeJS.ProcessEnv; endpoints: IamEndpoint[] }> {
  const directory = mkdtempSync(join(tmpdir(), `mlspace-ecr-access-bench-plans-${count}-`));
  copyProjectFiles(PROJECT_ROOT, directory);
  const endpoints = await Promise.all(Array.from({ length: count }, (_, i) => startIamEndpoint({ accountId: String(100000000001 + i) })));
  const names = endpoints.map((_, i) => `install-${i + 1}`);
  const profiles = names.map((name, i) => `[profile ${name}]\nregion = us-east-1\nendpoint_url = ${endpoints[i].url}\naws_access_key_id = AKIABENCH${i}\naws_secret_access_key = bench\n`);
  writeFileSync(join(directory, "aws-config"), profiles.join("\n"));
  writeFileSync(join(directory, "aws-credentials"), "");
  const installs = Object.fromEntries(names.map((name, i) => [name, { account_id: endpoints[i].accountId, region: "us-east-1", profile: name }]));
  // The recommended access on the module's own documents: the plan's time is the provider's, and
  // bases that IAM's size limit could reject would measure a synthesis error instead.
  const defaults = { partition: "aws", ...RECOMMENDED_ACCESS, compaction: RECOMMENDED_COMPACTION };
  writeFileSync(join(directory, "installs.json"), JSON.stringify({ defaults, installs }, null, 2));
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_") && !name.startsWith("TF_"))),
    CHECKPOINT_DISABLE: "1",
    AWS_CONFIG_FILE: join(directory, "aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(directory, "aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  };
  return { directory, env, endpoints };
}

/**
 * For each count: one untimed run, then in turns one at a time and side by side with each of
 * `parallel` (default npm run plan's own), `runs` times; each with its ratio to one at a time.
 */
export async function plansReport(options: { counts?: number[]; runs?: number; parallel?: number[] } = {}): Promise<void> {
  const { counts = [1, 3, 6], runs = 1, parallel = [DEFAULT_PARALLEL] } = options;
  console.log(`\nnpm run plan over N installs (each its own local IAM endpoint; ${runs} timed run(s) each, after one untimed run)`);
  const heading = (value: number) => `--parallel ${value}${value === DEFAULT_PARALLEL ? " (default)" : ""}`;
  console.log(`  N     ${"one at a time (--parallel 1)".padEnd(50)} ${parallel.map((value) => `${heading(value).padEnd(50)} ratio  `).join(" ")}`);
  for (const count of counts) {
    const { directory, env, endpoints } = await project(count);
    try {
      await timePlan(directory, env, ["--parallel", String(parallel[0])]);
      const one: number[] = [];
      const side: number[][] = parallel.map(() => []);
      for (let run = 0; run < runs; run++) {
        one.push(await timePlan(directory, env, ["--parallel", "1"]));
        for (const [i, value] of parallel.entries()) side[i].push(await timePlan(directory, env, ["--parallel", String(value)]));
      }
      const base: Timing = summarize(one);
      const columns = side.map((samples) => summarize(samples)).map((timing) => `${seconds(timing).padEnd(50)} ${`${(base.median / timing.median).toFixed(2)}×`.padEnd(7)}`);
      console.log(`  ${String(count).padEnd(5)} ${seconds(base).padEnd(50)} ${columns.join(" ")}`);
    } finally {
      await Promise.all(endpoints.map((endpoint) => endpoint.stop()));
      rmSync(directory, { recursive: true, force: true });
    }
  }
}

if (require.main === module) {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { runs: { type: "string" }, parallel: { type: "string" }, counts: { type: "string" } } });
  plansReport({
    runs: values.runs ? Number(values.runs) : undefined,
    parallel: values.parallel ? values.parallel.split(",").map(Number) : undefined,
    counts: values.counts ? values.counts.split(",").map(Number) : undefined,
  }).catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exitCode = 1;
  });
}
