import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parsePlanJson } from "../analysis/plan-json";
import { reviewPlan } from "../analysis/review";
import type { StackOutcome } from "../analysis/stack-outcome";
import { renderFullInstallsReview, renderInstallsReview } from "../render/installs-review";
import { PLAN_FILES } from "./plan-files";
import { planChanges, PlanStatus, planSummary } from "./plan-summary";

/**
 * What one install's plan came to, kept in its folder (out/plan/<install>/outcome.json beside its
 * plan.json), and the one review of many installs made from those outcomes. `npm run plan` and
 * `npm run plan:merge` (installs planned separately, e.g. one CI job each) both end here, so a
 * merged review is the same, byte for byte, as the review of the installs planned together.
 */

/** A stack's outcome and, when it was planned, whether the plan changes anything. */
export type Planned = StackOutcome & { changed?: boolean };

type Failure = { step: string; code: number; output: string };

/** outcome.json: the install, and its failure whole; a planned install's review is made again from its plan.json. */
export interface OutcomeRecord {
  install: string;
  status: PlanStatus;
  failure?: Failure;
}

export const statusOf = (outcome: Planned): PlanStatus => ("failure" in outcome ? "failed" : outcome.changed ? "changed" : "unchanged");

export function saveOutcome(directory: string, outcome: Planned): void {
  const record: OutcomeRecord = { install: outcome.name, status: statusOf(outcome), ...("failure" in outcome ? { failure: outcome.failure } : {}) };
  writeFileSync(join(directory, PLAN_FILES.outcome), `${JSON.stringify(record, null, 2)}\n`);
}

/** The review of a plan's JSON, or the review's own failure (as a failed step, its stack whole). */
export async function reviewOutcome(name: string, json: string, path: string, onError: (message: string) => void = () => undefined): Promise<Planned> {
  try {
    const plan = parsePlanJson(json, path);
    return { name, review: await reviewPlan(plan), changed: planChanges(plan) };
  } catch (error) {
    const message = (error as Error).stack ?? String(error);
    onError(message);
    return { name, failure: { step: "The review", code: 1, output: message } };
  }
}

/** The record in an install's folder, read back into its outcome; throws naming the file when it is not one. */
export async function readOutcome(directory: string): Promise<Planned> {
  const file = join(directory, PLAN_FILES.outcome);
  let record: OutcomeRecord;
  try {
    record = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} cannot be read (${(error as Error).message}): give the folders npm run plan wrote for each install (out/plan/<install>/).`);
  }
  if (typeof record?.install !== "string" || !["changed", "unchanged", "failed"].includes(record.status)) {
    throw new Error(`${file} is not an install's outcome: it needs "install" and "status" ("changed", "unchanged" or "failed"), as npm run plan writes it.`);
  }
  if (record.failure) return { name: record.install, failure: record.failure };
  const json = join(directory, PLAN_FILES.json);
  if (!existsSync(json)) throw new Error(`${file} says ${record.install} was planned, but ${json} is missing: keep the plan's JSON beside its outcome.`);
  return reviewOutcome(record.install, readFileSync(json, "utf8"), json);
}

/**
 * review.md, review-full.md and summary.json of many installs' outcomes (in the installs file's
 * order) written to `outDir`; returns the exit code: 0, or the first failed install's.
 */
export function writeInstallsReview(outcomes: Planned[], outDir: string, options: { whereFull?: string }, say: (line: string) => void): number {
  const show = (path: string) => relative(process.cwd(), path) || ".";
  const fitted = renderInstallsReview(outcomes, { whereFull: options.whereFull });
  writeFileSync(join(outDir, PLAN_FILES.review), fitted.markdown);
  writeFileSync(join(outDir, PLAN_FILES.fullReview), renderFullInstallsReview(outcomes));
  if (fitted.truncated.length) say(`The review is over a comment's limit; review.md says what it leaves out: ${fitted.truncated.join("; ")}.`);
  const summary = planSummary(Object.fromEntries(outcomes.map((outcome) => [outcome.name, statusOf(outcome)])));
  writeFileSync(join(outDir, PLAN_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
  const failed = outcomes.filter((outcome): outcome is Extract<Planned, { failure: Failure }> => "failure" in outcome);
  if (failed.length) {
    say(`✖ ${failed.map((outcome) => outcome.name).join(", ")} failed: each is reported in its section of ${show(join(outDir, PLAN_FILES.review))}.`);
    return failed[0].failure.code;
  }
  say(`✔ Written to ${show(outDir)}/`);
  say(`Review: ${show(join(outDir, PLAN_FILES.review))}`);
  return 0;
}
