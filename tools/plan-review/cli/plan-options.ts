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
}

export const PLAN_USAGE = `Usage: npm run plan -- [--var-file FILE]... [--out-dir DIR] [--no-lock] [--where-full TEXT]

Synthesizes the app, runs terraform init and terraform plan, and writes to DIR (default out/plan):
  plan.tfplan     the saved plan (apply it with terraform apply in cdktf.out/stacks/mlspace-ecr-access)
  plan.json       terraform show -json of it
  review.md       the review, within a pull-request comment's 65,535 characters
  review-full.md  the review with nothing left out
  summary.json    {"changed", "failed", "installs": {NAME: "changed" | "unchanged" | "failed"}}, for scripts
With an installs file, every install is planned: its plan.tfplan and plan.json go to DIR/<install>/,
and review.md, review-full.md and summary.json cover them all (the review: a summary table, then a
section per install).

  --var-file FILE   a Terraform variable file (.tfvars or .tfvars.json); repeatable. TF_VAR_* also work.
  --out-dir DIR     where the files go (default out/plan, relative to the current folder)
  --no-lock         do not take the state lock: for plans that are never applied, e.g. in pull requests
  --where-full TEXT one sentence the review shows where it is truncated, naming where the whole one is`;

export function parsePlanOptions(args: string[], cwd: string, defaultOutDir: string): PlanOptions | "help" {
  const { values } = parseArgs({
    args,
    options: {
      "var-file": { type: "string", multiple: true },
      "out-dir": { type: "string" },
      "no-lock": { type: "boolean" },
      "where-full": { type: "string" },
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
  return {
    varFiles,
    outDir: values["out-dir"] ? absolute(values["out-dir"]) : defaultOutDir,
    lock: !values["no-lock"],
    whereFull: values["where-full"],
  };
}
