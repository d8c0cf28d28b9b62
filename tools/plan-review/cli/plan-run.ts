import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { App } from "cdktf";
import { addStacks, SINGLE_STACK_ID } from "../../../stacks/app-stacks";
import type { StackOutcome } from "../analysis/stack-outcome";
import type { Fitted } from "../render/comment-fit";
import { failureReport } from "../render/failure-report";
import { renderFullReview, renderReview } from "../render/render-review";
import { DEFAULT_PARALLEL, PlanOptions } from "./plan-options";
import { PlanSummary, planSummary } from "./plan-summary";
import { Planned, reviewOutcome, saveOutcome, statusOf, writeInstallsReview } from "./install-results";
import { inParallel, installTerraformEnvironment, pluginCacheConfigured, turns } from "./parallel-plans";
import { PLAN_FILES } from "./plan-files";
import { useJobCredentials } from "../../terraform/job-credentials";
import { prefixedLines } from "../../terraform/prefixed-output";
import { terraformEnvironment } from "../../terraform/terraform-cli";
import { runTerraformStreamed } from "../../terraform/terraform-stream";

export { PLAN_FILES };

/**
 * `npm run plan`, step by step: synthesize the deployable stack as `cdktf synth` does, terraform
 * init and plan -out with Terraform's output passed on live, terraform show -json, then the review.
 * A failed step leaves a review.md that says so (never an old review) and its exit code is returned.
 * summary.json says, whatever happened, whether anything would change (the exit code does not).
 * With an installs file the installs are planned side by side (at most --parallel at once, each
 * kept apart: parallel-plans.ts), each line of theirs prefixed with [install], and the one review
 * is made from their outcomes as npm run plan:merge makes it (install-results.ts).
 */

export interface PlanRunContext {
  /** The project's top folder: the stack is synthesized into its cdktf.out, like `cdktf synth`. */
  root: string;
  env: NodeJS.ProcessEnv;
  /** Our progress lines. */
  say: (line: string) => void;
  /** Terraform's own output, as it comes. */
  terraformStdout: (text: string) => void;
  terraformStderr: (text: string) => void;
  /** Seconds of Terraform silence after which a "still running" line is said (default 15). */
  quietSeconds?: number;
}

async function terraformStep(step: string, args: string[], directory: string, env: NodeJS.ProcessEnv, context: PlanRunContext, quiet = false) {
  const started = Date.now();
  let lastOutput = started;
  const quietMs = (context.quietSeconds ?? 15) * 1000;
  const timer = setInterval(() => {
    if (Date.now() - lastOutput >= quietMs) {
      context.say(`… ${step} still running (${Math.round((Date.now() - started) / 1000)} s)`);
      lastOutput = Date.now();
    }
  }, 1000);
  try {
    return await runTerraformStreamed(args, directory, env, {
      stdout: (text) => {
        lastOutput = Date.now();
        if (!quiet) context.terraformStdout(text);
      },
      stderr: (text) => {
        lastOutput = Date.now();
        context.terraformStderr(text);
      },
    });
  } finally {
    clearInterval(timer);
  }
}

/** How planStack runs: its Terraform environment, and a wrapper that makes its init wait for its turn. */
interface StackRun {
  env: NodeJS.ProcessEnv;
  initTurn?: <R>(step: () => Promise<R>) => Promise<R>;
}

/** init, plan -out, show -json and the review of one synthesized stack; the plan files go to `outDir`. */
async function planStack(name: string, directory: string, outDir: string, options: PlanOptions, context: PlanRunContext, run: StackRun): Promise<Planned> {
  const show = (path: string) => relative(process.cwd(), path) || ".";
  const failed = (step: string, code: number, output: string): StackOutcome => ({ name, failure: { step, code, output } });
  mkdirSync(outDir, { recursive: true });
  for (const file of Object.values(PLAN_FILES)) rmSync(join(outDir, file), { force: true });
  const { env } = run;
  const initTurn = run.initTurn ?? (<R>(step: () => Promise<R>) => step());
  context.say("[2/5] terraform init");
  const init = await initTurn(() => terraformStep("terraform init", ["init", "-input=false", "-reconfigure"], directory, env, context));
  if (init.code !== 0) return failed("terraform init", init.code, init.stderr || init.stdout);

  const planFile = join(outDir, PLAN_FILES.plan);
  const planArgs = ["plan", "-input=false", `-out=${planFile}`, ...options.varFiles.map((file) => `-var-file=${file}`), ...(options.lock ? [] : ["-lock=false"])];
  context.say(`[3/5] terraform plan${options.varFiles.length ? ` with ${options.varFiles.map(show).join(", ")}` : ""}${options.lock ? "" : ", without the state lock"}`);
  const plan = await terraformStep("terraform plan", planArgs, directory, env, context);
  if (plan.code !== 0) return failed("terraform plan", plan.code, plan.stderr || plan.stdout);

  context.say("[4/5] terraform show -json");
  const json = await terraformStep("terraform show", ["show", "-json", planFile], directory, env, context, true);
  if (json.code !== 0) return failed("terraform show", json.code, json.stderr);
  writeFileSync(join(outDir, PLAN_FILES.json), json.stdout);

  context.say("[5/5] Reviewing the plan (IAM policy evaluator)");
  return reviewOutcome(name, json.stdout, join(outDir, PLAN_FILES.json), (message) => context.terraformStderr(`${message}\n`));
}

/**
 * One install of many: its lines (ours and Terraform's) each begin with `[install] `, whole lines
 * only, so installs planned side by side stay readable; its files go to out/<install>/ with its
 * outcome.json. Terraform runs with the install's own data directory (see parallel-plans.ts).
 */
async function planInstall(name: string, directory: string, outDir: string, options: PlanOptions, context: PlanRunContext, initTurn?: StackRun["initTurn"]): Promise<Planned> {
  const prefix = `[${name}] `;
  const stdout = prefixedLines(prefix, context.terraformStdout);
  const stderr = prefixedLines(prefix, context.terraformStderr);
  const own: PlanRunContext = { ...context, say: (line) => context.say(`${prefix}${line}`), terraformStdout: stdout.write, terraformStderr: stderr.write };
  const env = installTerraformEnvironment(terraformEnvironment(context.env), directory);
  // Only for this plan: cdktf synth leaves files it did not write, and a later `cdktf deploy` in
  // this folder must use the install's own access again.
  useJobCredentials(directory, options.jobCredentials ?? false);
  let outcome: Planned;
  try {
    outcome = await planStack(name, directory, outDir, options, own, { env, initTurn });
  } finally {
    useJobCredentials(directory, false);
    stdout.end();
    stderr.end();
  }
  if ("failure" in outcome) own.say(failedLine(outcome.failure));
  saveOutcome(outDir, outcome);
  return outcome;
}

/** "✖ terraform plan failed (exit code 1); its whole output is above." */
const failedLine = ({ step, code, output }: { step: string; code: number; output: string }) => `✖ ${step} failed (exit code ${code})${output ? "; its whole output is above" : ""}.`;

/**
 * Synthesizes the app as `cdktf synth` does (one stack, or one per install of the installs file)
 * and plans and reviews each stack; returns the exit code: 0, or the first failure's.
 */
export async function runPlan(options: PlanOptions, context: PlanRunContext): Promise<number> {
  const { outDir } = options;
  const show = (path: string) => relative(process.cwd(), path) || ".";
  mkdirSync(outDir, { recursive: true });
  for (const file of [PLAN_FILES.review, PLAN_FILES.fullReview, PLAN_FILES.summary]) rmSync(join(outDir, file), { force: true });
  const writeReviews = (fitted: Fitted, full: string) => {
    writeFileSync(join(outDir, PLAN_FILES.review), fitted.markdown);
    writeFileSync(join(outDir, PLAN_FILES.fullReview), full);
    if (fitted.truncated.length) context.say(`The review is over a comment's limit; review.md says what it leaves out: ${fitted.truncated.join("; ")}.`);
  };
  const writeSummary = (summary: PlanSummary) => writeFileSync(join(outDir, PLAN_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);

  const outdir = join(context.root, "cdktf.out");
  let names: string[];
  let installs: string | undefined;
  try {
    const app = new App({ outdir });
    ({ stacks: names, installsFile: installs } = addStacks(app, context.env, context.root, options.installs));
    context.say(installs ? `[1/5] Synthesizing a stack per install of ${show(installs)} into ${show(join(outdir, "stacks"))}` : `[1/5] Synthesizing the stack into ${show(join(outdir, "stacks", SINGLE_STACK_ID))}`);
    app.synth();
  } catch (error) {
    const message = (error as Error).message;
    context.terraformStderr(`${message}\n`);
    writeFileSync(join(outDir, PLAN_FILES.review), failureReport("Synthesis", 1, message));
    writeSummary(planSummary({}, true));
    context.say(`✖ Synthesis failed; the pull-request note is ${show(join(outDir, PLAN_FILES.review))}.`);
    return 1;
  }

  if (!installs) {
    const outcome = await planStack(names[0], join(outdir, "stacks", names[0]), outDir, options, context, { env: terraformEnvironment(context.env) });
    writeSummary(planSummary({ [outcome.name]: statusOf(outcome) }));
    if ("failure" in outcome) {
      const { step, code, output } = outcome.failure;
      writeFileSync(join(outDir, PLAN_FILES.review), failureReport(step, code, output));
      context.say(`${failedLine(outcome.failure)} The pull-request note is ${show(join(outDir, PLAN_FILES.review))}.`);
      return code;
    }
    writeReviews(renderReview(outcome.review, { whereFull: options.whereFull }), renderFullReview(outcome.review));
  } else {
    const parallel = Math.min(options.parallel ?? DEFAULT_PARALLEL, names.length);
    const env = terraformEnvironment(context.env);
    // Only init writes a plugin cache, and two inits must not write one at once.
    const initTurn = parallel > 1 && pluginCacheConfigured(env) ? turns() : undefined;
    const how = [initTurn && "their inits one at a time: a plugin cache is configured", options.jobCredentials && "with this job's credentials, not the installs' profiles or roles"].filter(Boolean);
    context.say(`Planning ${names.length === 1 ? "1 install" : `${names.length} installs, ${parallel === 1 ? "one after another" : `${parallel} at once`}`}${how.length ? ` (${how.join("; ")})` : ""}; each line of an install begins with [install]`);
    const outcomes = await inParallel(names, parallel, (name) => planInstall(name, join(outdir, "stacks", name), join(outDir, name), options, context, initTurn));
    return writeInstallsReview(outcomes, outDir, options, context.say);
  }
  context.say(`✔ Written to ${show(outDir)}/`);
  context.say(`Review: ${show(join(outDir, PLAN_FILES.review))}`);
  return 0;
}
