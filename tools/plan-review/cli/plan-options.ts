import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";

/** The command line of `npm run plan`. */

export interface PlanOptions {
  /** Terraform variable files, as absolute paths (Terraform runs in the synthesized stack's folder). */
  varFiles: string[];
  /** Where the plan, its JSON and the review are written. */
  outDir: string;
  /** False: plan without taking the state lock (for pull requests, which never apply). */
  lock: boolean;
  /** Said in the review where it is truncated: where the reader finds the whole review. */
  whereFull?: string;
  /** At most this many installs are planned at once (default DEFAULT_PARALLEL). */
  parallel?: number;
  /** Only these installs of the installs file (all when empty or absent). */
  installs?: string[];
  /** Installs are planned with the environment's credentials (a CI job's role), not their profile or assume_role. */
  jobCredentials?: boolean;
}

/**
 * Installs planned at once by default. A plan is mostly the AWS provider's CPU (its start, the
 * schema, the refresh), so more plans than cores only queue for them; GitHub's standard runners
 * have 2 to 4 vCPUs. On 2 cores `npm run bench:plans` planned 6 installs in 42.7 s one at a time,
 * 26.7 s with 2 at once, 27.7 s with 3 and 28.9 s with 4 (README, "Many installs from one repository").
 */
export const DEFAULT_PARALLEL = 2;

export const PLAN_USAGE = `Usage: npm run plan -- [--var-file FILE]... [--out-dir DIR] [--no-lock] [--where-full TEXT] [--parallel N] [--install NAME]... [--job-credentials]

Synthesizes the app, runs terraform init and terraform plan, and writes to DIR (default out/plan):
  plan.tfplan     the saved plan (apply it with terraform apply in cdktf.out/stacks/mlspace-ecr-access)
  plan.json       terraform show -json of it
  review.md       the review, within a pull-request comment's 65,535 characters
  review-full.md  the review with nothing left out
  summary.json    {"changed", "failed", "installs": {NAME: "changed" | "unchanged" | "failed"}}, for scripts
With an installs file, every install is planned: its plan.tfplan and plan.json go to DIR/<install>/,
and review.md, review-full.md and summary.json cover them all (the review: a summary table, then a
section per install). Installs are planned side by side, each Terraform line prefixed with [install].
Each install's folder also gets outcome.json, from which npm run plan:merge makes the one review of
installs planned separately (e.g. one CI job each).

  --var-file FILE   a Terraform variable file (.tfvars or .tfvars.json); repeatable. TF_VAR_* also work.
  --out-dir DIR     where the files go (default out/plan, relative to the current folder)
  --no-lock         do not take the state lock: for plans that are never applied, e.g. in pull requests
  --where-full TEXT one sentence the review shows where it is truncated, naming where the whole one is
  --parallel N      with an installs file: plan at most N installs at once (default ${DEFAULT_PARALLEL}; 1: one after another)
  --install NAME    with an installs file: plan only this install; repeatable
  --job-credentials with an installs file: plan with the environment's credentials (a CI job's read-only
                    role), not each install's profile or assume_role (its deploy access)`;

export function parsePlanOptions(args: string[], cwd: string, defaultOutDir: string): PlanOptions | "help" {
  const { values } = parseArgs({
    args,
    options: {
      "var-file": { type: "string", multiple: true },
      "out-dir": { type: "string" },
      "no-lock": { type: "boolean" },
      "where-full": { type: "string" },
      parallel: { type: "string" },
      install: { type: "string", multiple: true },
      "job-credentials": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  const varFiles = (values["var-file"] ?? []).map(absolute);
  const missing = varFiles.filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`--var-file ${missing.join(", ")} does not exist: give the path of a .tfvars or .tfvars.json file, relative to ${cwd} or absolute.`);
  const parallel = values.parallel === undefined ? DEFAULT_PARALLEL : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1) throw new Error(`--parallel ${values.parallel} is not a number of installs: give a whole number, 1 or more (1 plans one install after another).`);
  return {
    varFiles,
    outDir: values["out-dir"] ? absolute(values["out-dir"]) : defaultOutDir,
    lock: !values["no-lock"],
    whereFull: values["where-full"],
    parallel,
    installs: [...new Set(values.install ?? [])],
    jobCredentials: Boolean(values["job-credentials"]),
  };
}
