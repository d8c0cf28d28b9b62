/**
 * `npm run bench:suite`: the whole `npm test` as a number of offline plans. In the same run on the
 * same machine: the yardstick, one offline `terraform plan` of the synthesized stack (after its
 * init, the median of three before `npm test` and three after), `npm test` once, and each tier's
 * files (tools/bench/test-tiers.cjs) by the time Jest measured them. Absolute times differ between machines and moments; the ratio
 * holds, and is what the suite's budget is stated in.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../project-root";
import { OFFLINE_AWS_ENVIRONMENT } from "../terraform/offline-plan";
import { synthesizeOfflineStack } from "../terraform/offline-stack";
import { terraformEnvironment } from "../terraform/terraform-cli";

function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, quiet = true): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}) in ${cwd}${quiet ? `:\n${result.stderr}` : ""}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The middle value; of an even count, the mean of the two middle ones. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Three offline plans of the stack, after one init; their times. */
function threePlans(): number[] {
  const outdir = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-bench-suite-"));
  try {
    const directory = synthesizeOfflineStack(outdir);
    const env = { ...terraformEnvironment(process.env), ...OFFLINE_AWS_ENVIRONMENT, CHECKPOINT_DISABLE: "1" };
    timed("terraform", ["init", "-input=false"], directory, env);
    const variables = { partition: "aws", region: "us-east-1", account_id: "123456789012", read_repositories: '["custom-repo1"]' };
    const args = ["plan", "-input=false", "-lock=false", ...Object.entries(variables).map(([name, value]) => `-var=${name}=${value}`)];
    return [0, 1, 2].map(() => timed("terraform", args, directory, env));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const { TIERS, tierOf } = require("./test-tiers.cjs") as { TIERS: string[]; tierOf(path: string): string };

/** What Jest's --json says of each test file. */
interface JestReport {
  testResults: { name: string; startTime: number; endTime: number }[];
}

/** Each tier's files and their time, the sum of the files' times (two at a time on two workers: more than the wall time). */
function tierLines(report: JestReport, plan: number): string[] {
  return TIERS.map((tier) => {
    const files = report.testResults.filter((file) => tierOf(file.name) === tier);
    const seconds = files.reduce((sum, file) => sum + (file.endTime - file.startTime) / 1000, 0);
    return `  ${tier}: ${files.length} files, ${seconds.toFixed(0)} s of worker time = ${(seconds / plan).toFixed(0)} plans`;
  });
}

// The yardstick is measured before and after the suite: the machine's speed drifts over minutes
// (medians of 3.0 to 3.8 s within one session here), and a ratio to one moment would carry it.
const before = threePlans();
console.log(`one offline terraform plan of the stack, before npm test: ${median(before).toFixed(2)} s (median of 3)`);
const reportDirectory = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-bench-suite-report-"));
const reportFile = join(reportDirectory, "jest.json");
try {
  const suite = timed("npm", ["test", "--silent", "--", "--json", `--outputFile=${reportFile}`], PROJECT_ROOT, { ...process.env, CHECKPOINT_DISABLE: "1" }, false);
  const after = threePlans();
  const plan = median([...before, ...after]);
  console.log(`\none offline terraform plan of the stack, after npm test: ${median(after).toFixed(2)} s (median of 3); of all six: ${plan.toFixed(2)} s`);
  console.log(`npm test: ${suite.toFixed(0)} s = ${(suite / plan).toFixed(0)} offline plans (budget: 72)`);
  console.log(tierLines(JSON.parse(readFileSync(reportFile, "utf8")) as JestReport, plan).join("\n"));
} finally {
  rmSync(reportDirectory, { recursive: true, force: true });
}
