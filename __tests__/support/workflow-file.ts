import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The GitHub workflows, parsed, for tests of their shape, and the npm commands their steps run,
 * split into words as bash would (quotes removed, `$VARIABLE`s replaced), so a test can hand the
 * very arguments a workflow passes to the same option parser and script.
 */

export const WORKFLOWS = join(__dirname, "..", "..", ".github", "workflows");

/** `load` is js-yaml's safe loader in 3.x's and 4.x's API alike. */
const { load } = require("js-yaml") as { load(text: string): unknown };

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  "continue-on-error"?: boolean;
}
export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  strategy?: { "fail-fast"?: boolean; matrix?: unknown };
  outputs?: Record<string, string>;
  steps: Step[];
  env?: Record<string, string>;
}
export interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, Job>;
}

export const parseWorkflow = (name: string) => load(readFileSync(join(WORKFLOWS, name), "utf8")) as Workflow;

export const action = (steps: Step[], name: string) => steps.find((step) => step.uses?.split("@")[0] === name);

/**
 * The arguments after `npm run [--silent] SCRIPT --` in a step's script, as bash passes them, with
 * `variables` for the `$NAME`s (e.g. the step's env as the matrix fills it).
 */
export function npmArguments(run: string, script: string, variables: Record<string, string> = {}): string[] {
  const line = run.split("\n").find((text) => new RegExp(`^\\s*npm run (--silent )?${script} --( |$)`).test(text));
  if (!line) throw new Error(`No "npm run ${script} --" line in:\n${run}`);
  const rest = line.slice(line.indexOf(`${script} --`) + script.length + 3);
  const expand = (text: string) => text.replace(/\$(\w+)|\$\{(\w+)\}/g, (_, a, b) => variables[a ?? b] ?? "");
  return [...rest.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(([, double, single, bare]) => (single !== undefined ? single : expand(double ?? bare)));
}
