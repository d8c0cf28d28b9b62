import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { App } from "cdktf";
import { addStacks, SINGLE_STACK_ID } from "../../../stacks/app-stacks";
import type { StackOutcome } from "../analysis/stack-outcome";
import type { Fitted } from "../render/comment-fit";
import { renderFullInstallsReview, renderInstallsReview } from "../render/installs-review";
import { failureReport } from "../render/failure-report";
import { parsePlanJson } from "../analysis/plan-json";
import { renderFullReview, renderReview } from "../render/render-review";
import { reviewPlan } from "../analysis/review";
import type { PlanOptions } from "./plan-options";
import { planChanges, PlanStatus, PlanSummary, planSummary } from "./plan-summary";
import { terraformEnvironment } from "../../terraform/terraform-cli";
import { runTerraformStreamed } from "../../terraform/terraform-stream";

/**
 * `npm run plan`, step by step: synthesize the deployable stack as `cdktf synth` does, terraform
 * init and plan -out with Terraform's output passed on live, terraform show -json, then the review.
 * A failed step leaves a review.md that says so (never an old review) and its exit code is returned.
 * summary.json says, whatever happened, whether anything would change (the exit code does not).
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

export const PLAN_FILES = { plan: "plan.tfplan", json: "plan.json", review: "review.md", fullReview: "review-full.md", summary: "summary.json" } as const;

/** A stack's outcome and, when it was planned, whether the plan changes anything. */
type Planned = StackOutcome & { changed?: boolean };

const statusOf = (outcome: Planned): PlanStatus => ("failure" in outcome ? "failed" : outcome.changed ? "changed" : "unchanged");

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

/** init, plan -out, show -json and the review of one synthesized stack; the plan files go to `outDir`. */
async function planStack(name: string, directory: string, outDir: string, options: PlanOptions, context: PlanRunContext, label = ""): Promise<Planned> {
  const show = (path: string) => relative(process.cwd(), path) || ".";
  const failed = (step: string, code: number, output: string): StackOutcome => ({ name, failure: { step, code, output } });
  mkdirSync(outDir, { recursive: true });
  for (const file of Object.values(PLAN_FILES)) rmSync(join(outDir, file), { force: true });
  const env = terraformEnvironment(context.env);
  context.say(`[2/5] ${label}terraform init`);
  const init = await terraformStep("terraform init", ["init", "-input=false", "-reconfigure"], directory, env, context);
  if (init.code !== 0) return failed("terraform init", init.code, init.stderr || init.stdout);

  const planFile = join(outDir, PLAN_FILES.plan);
  const planArgs = ["plan", "-input=false", `-out=${planFile}`, ...options.varFiles.map((file) => `-var-file=${file}`), ...(options.lock ? [] : ["-lock=false"])];
  context.say(`[3/5] ${label}terraform plan${options.varFiles.length ? ` with ${options.varFiles.map(show).join(", ")}` : ""}${options.lock ? "" : ", without the state lock"}`);
  const plan = await terraformStep("terraform plan", planArgs, directory, env, context);
  if (plan.code !== 0) return failed("terraform plan", plan.code, plan.stderr || plan.stdout);

  context.say(`[4/5] ${label}terraform show -json`);
  const json = await terraformStep("terraform show", ["show", "-json", planFile], directory, env, context, true);
  if (json.code !== 0) return failed("terraform show", json.code, json.stderr);
  writeFileSync(join(outDir, PLAN_FILES.json), json.stdout);

  context.say(`[5/5] ${label}Reviewing the plan (IAM policy evaluator)`);
  try {
    const plan = parsePlanJson(json.stdout, join(outDir, PLAN_FILES.json));
    return { name, review: await reviewPlan(plan), changed: planChanges(plan) };
  } catch (error) {
    const message = (error as Error).stack ?? String(error);
    context.terraformStderr(`${message}\n`);
    return failed("The review", 1, message);
  }
}

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
  /** "✖ terraform plan failed (exit code 1); its whole output is above." */
  const failedLine = ({ step, code, output }: { step: string; code: number; output: string }) => `✖ ${step} failed (exit code ${code})${output ? "; its whole output is above" : ""}.`;
  let names: string[];
  let installs: string | undefined;
  try {
    const app = new App({ outdir });
    ({ stacks: names, installsFile: installs } = addStacks(app, context.env, context.root));
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
    const outcome = await planStack(names[0], join(outdir, "stacks", names[0]), outDir, options, context);
    writeSummary(planSummary({ [outcome.name]: statusOf(outcome) }));
    if ("failure" in outcome) {
      const { step, code, output } = outcome.failure;
      writeFileSync(join(outDir, PLAN_FILES.review), failureReport(step, code, output));
      context.say(`${failedLine(outcome.failure)} The pull-request note is ${show(join(outDir, PLAN_FILES.review))}.`);
      return code;
    }
    writeReviews(renderReview(outcome.review, { whereFull: options.whereFull }), renderFullReview(outcome.review));
  } else {
    const outcomes: Planned[] = [];
    for (const name of names) {
      const outcome = await planStack(name, join(outdir, "stacks", name), join(outDir, name), options, context, `${name}: `);
      if ("failure" in outcome) context.say(`${name}: ${failedLine(outcome.failure)}`);
      outcomes.push(outcome);
    }
    writeReviews(renderInstallsReview(outcomes, { whereFull: options.whereFull }), renderFullInstallsReview(outcomes));
    writeSummary(planSummary(Object.fromEntries(outcomes.map((outcome) => [outcome.name, statusOf(outcome)]))));
    const failure = outcomes.find((outcome): outcome is Extract<StackOutcome, { failure: unknown }> => "failure" in outcome);
    if (failure) {
      context.say(`✖ ${outcomes.filter((outcome) => "failure" in outcome).map((outcome) => outcome.name).join(", ")} failed: each is reported in its section of ${show(join(outDir, PLAN_FILES.review))}.`);
      return failure.failure.code;
    }
  }
  context.say(`✔ Written to ${show(outDir)}/`);
  context.say(`Review: ${show(join(outDir, PLAN_FILES.review))}`);
  return 0;
}
