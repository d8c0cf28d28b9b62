import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { App } from "cdktf";
import { MlspaceEcrAccessStack } from "../../../stacks/mlspace-ecr-access-stack";
import { stateBackendFromEnvironment } from "../../../stacks/state-backend";
import { failureReport } from "../render/failure-report";
import { parsePlanJson } from "../analysis/plan-json";
import { renderFullReview, renderReview } from "../render/render-review";
import { reviewPlan } from "../analysis/review";
import { STACK_ID } from "../../terraform/offline-stack";
import type { PlanOptions } from "./plan-options";
import { terraformEnvironment } from "../../terraform/terraform-cli";
import { runTerraformStreamed } from "../../terraform/terraform-stream";

/**
 * `npm run plan`, step by step: synthesize the deployable stack as `cdktf synth` does, terraform
 * init and plan -out with Terraform's output passed on live, terraform show -json, then the review.
 * A failed step leaves a review.md that says so (never an old review) and its exit code is returned.
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

export const PLAN_FILES = { plan: "plan.tfplan", json: "plan.json", review: "review.md", fullReview: "review-full.md" } as const;

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

export async function runPlan(options: PlanOptions, context: PlanRunContext): Promise<number> {
  const { outDir } = options;
  const show = (path: string) => relative(process.cwd(), path) || ".";
  mkdirSync(outDir, { recursive: true });
  for (const file of Object.values(PLAN_FILES)) rmSync(join(outDir, file), { force: true });
  const fail = (step: string, code: number, output: string) => {
    writeFileSync(join(outDir, PLAN_FILES.review), failureReport(step, code, output));
    context.say(`✖ ${step} failed (exit code ${code})${output ? "; its whole output is above" : ""}. The pull-request note is ${show(join(outDir, PLAN_FILES.review))}.`);
    return code;
  };

  const outdir = join(context.root, "cdktf.out");
  const directory = join(outdir, "stacks", STACK_ID);
  context.say(`[1/5] Synthesizing the stack into ${show(directory)}`);
  try {
    const app = new App({ outdir });
    new MlspaceEcrAccessStack(app, STACK_ID, { stateBackend: stateBackendFromEnvironment(context.env) });
    app.synth();
  } catch (error) {
    const message = (error as Error).message;
    context.terraformStderr(`${message}\n`);
    return fail("Synthesis", 1, message);
  }

  const env = terraformEnvironment(context.env);
  context.say("[2/5] terraform init");
  const init = await terraformStep("terraform init", ["init", "-input=false", "-reconfigure"], directory, env, context);
  if (init.code !== 0) return fail("terraform init", init.code, init.stderr || init.stdout);

  const planFile = join(outDir, PLAN_FILES.plan);
  const planArgs = ["plan", "-input=false", `-out=${planFile}`, ...options.varFiles.map((file) => `-var-file=${file}`), ...(options.lock ? [] : ["-lock=false"])];
  context.say(`[3/5] terraform plan${options.varFiles.length ? ` with ${options.varFiles.map(show).join(", ")}` : ""}${options.lock ? "" : ", without the state lock"}`);
  const plan = await terraformStep("terraform plan", planArgs, directory, env, context);
  if (plan.code !== 0) return fail("terraform plan", plan.code, plan.stderr || plan.stdout);

  context.say("[4/5] terraform show -json");
  const json = await terraformStep("terraform show", ["show", "-json", planFile], directory, env, context, true);
  if (json.code !== 0) return fail("terraform show", json.code, json.stderr);
  writeFileSync(join(outDir, PLAN_FILES.json), json.stdout);

  context.say("[5/5] Reviewing the plan (IAM policy evaluator)");
  try {
    const review = await reviewPlan(parsePlanJson(json.stdout, join(outDir, PLAN_FILES.json)));
    const fitted = renderReview(review, { whereFull: options.whereFull });
    writeFileSync(join(outDir, PLAN_FILES.review), fitted.markdown);
    writeFileSync(join(outDir, PLAN_FILES.fullReview), renderFullReview(review));
    if (fitted.truncated.length) context.say(`The review is over a comment's limit; review.md says what it leaves out: ${fitted.truncated.join("; ")}.`);
  } catch (error) {
    const message = (error as Error).stack ?? String(error);
    context.terraformStderr(`${message}\n`);
    return fail("The review", 1, message);
  }
  context.say(`✔ Written to ${show(outDir)}/: ${Object.values(PLAN_FILES).join(", ")}`);
  context.say(`Review: ${show(join(outDir, PLAN_FILES.review))}`);
  return 0;
}
