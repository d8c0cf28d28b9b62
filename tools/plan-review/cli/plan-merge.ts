/**
 * `npm run plan:merge -- DIR... [--out-dir DIR]`: the one review of installs planned separately
 * (`npm run plan -- --install NAME`, e.g. one CI job each), from the outcome.json and plan.json each
 * left in its out/plan/<install>/ folder: the same review.md, review-full.md and summary.json, byte
 * for byte, as if they had been planned together, and the same exit code. An install of the
 * installs file with no outcome among the folders is reported as failed in its section.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readInstalls } from "../../../stacks/installs/installs-file";
import { PROJECT_ROOT } from "../../project-root";
import { failureReport } from "../render/failure-report";
import { Planned, readOutcome, writeInstallsReview } from "./install-results";
import { PLAN_FILES } from "./plan-files";
import { planSummary } from "./plan-summary";

export const MERGE_USAGE = `Usage: npm run plan:merge -- DIR... [--out-dir DIR] [--where-full TEXT] [--install NAME]...

Merges the plans of installs planned separately (npm run plan -- --install NAME) into the one review
npm run plan writes for all of them together: review.md, review-full.md and summary.json in the
out folder (default out/plan). Each DIR is an install's folder holding ${PLAN_FILES.outcome} (out/plan/<install>/),
or a folder of such folders (out/plan). The installs file gives the installs and their order; one
with no outcome in any DIR is reported as failed. The exit code is npm run plan's: the first failed
install's, else 0.

  --out-dir DIR     where the reviews and summary go (default out/plan, relative to the current folder)
  --where-full TEXT one sentence the review shows where it is truncated, naming where the whole one is
  --install NAME    merge only these installs (as npm run plan -- --install NAME); repeatable`;

export interface MergeContext {
  root: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  say: (line: string) => void;
  error: (line: string) => void;
}

/**
 * The install folders under `directory`: itself if it holds an outcome, else its subfolders that do
 * (none, when no install's job got as far as writing one: each is then reported as failed).
 */
function outcomeFolders(directory: string): string[] {
  if (existsSync(join(directory, PLAN_FILES.outcome))) return [directory];
  if (!existsSync(directory)) throw new Error(`${directory} does not exist: give the folders npm run plan wrote (out/plan, or out/plan/<install>).`);
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, PLAN_FILES.outcome)))
    .map((entry) => join(directory, entry.name))
    .sort();
}

export interface MergeOptions {
  /** The folders given, absolute. */
  folders: string[];
  outDir: string;
  whereFull?: string;
  installs: string[];
}

/** The command line of npm run plan:merge; throws with what is wrong. */
export function parseMergeOptions(args: string[], cwd: string, defaultOutDir: string): MergeOptions | "help" {
  const { values, positionals } = parseArgs({
    args,
    options: { "out-dir": { type: "string" }, "where-full": { type: "string" }, install: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return "help";
  if (!positionals.length) throw new Error("Give the folders to merge: out/plan, or each install's out/plan/<install>.");
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  return { folders: positionals.map(absolute), outDir: values["out-dir"] ? absolute(values["out-dir"]) : defaultOutDir, whereFull: values["where-full"], installs: [...new Set(values.install ?? [])] };
}

export async function mergePlans(args: string[], context: MergeContext): Promise<number> {
  let options: MergeOptions | "help";
  try {
    options = parseMergeOptions(args, context.cwd, join(context.root, "out", "plan"));
  } catch (error) {
    context.error(`${(error as Error).message}\n\n${MERGE_USAGE}`);
    return 2;
  }
  if (options === "help") {
    context.say(MERGE_USAGE);
    return 0;
  }
  const { outDir, folders: given } = options;
  const show = (path: string) => relative(context.cwd, path) || ".";

  mkdirSync(outDir, { recursive: true });
  for (const file of [PLAN_FILES.review, PLAN_FILES.fullReview, PLAN_FILES.summary]) rmSync(join(outDir, file), { force: true });
  let names: string[];
  try {
    const read = readInstalls(context.env, context.root);
    if (!read) throw new Error("There is no installs file (installs.json beside cdktf.json, or MLSPACE_ECR_ACCESS_INSTALLS): only installs are planned separately and merged.");
    names = read.installs.map((install) => install.name);
  } catch (error) {
    // As npm run plan says a broken installs file: the review says it, and nothing stands for a plan.
    const message = (error as Error).message;
    context.error(message);
    writeFileSync(join(outDir, PLAN_FILES.review), failureReport("Synthesis", 1, message));
    writeFileSync(join(outDir, PLAN_FILES.summary), `${JSON.stringify(planSummary({}, true), null, 2)}\n`);
    return 1;
  }

  const problems: string[] = [];
  const unknown = options.installs.filter((name) => !names.includes(name));
  if (unknown.length) problems.push(`--install ${unknown.join(", ")}: the installs file has no such install; its installs are ${names.join(", ")}.`);
  const wanted = options.installs.length ? names.filter((name) => options.installs.includes(name)) : names;
  const found = new Map<string, { folder: string; outcome: Planned }>();
  for (const directory of given) {
    let folders: string[];
    try {
      folders = outcomeFolders(directory);
    } catch (error) {
      problems.push((error as Error).message);
      continue;
    }
    for (const folder of folders) {
      let outcome: Planned;
      try {
        outcome = await readOutcome(folder);
      } catch (error) {
        problems.push((error as Error).message);
        continue;
      }
      const earlier = found.get(outcome.name);
      if (earlier) problems.push(`${outcome.name} is in both ${show(earlier.folder)} and ${show(folder)}: give each install's outcome once.`);
      else if (!names.includes(outcome.name)) problems.push(`${show(folder)} holds install ${outcome.name}, which the installs file does not have (its installs are ${names.join(", ")}): was it planned from another commit?`);
      else if (!wanted.includes(outcome.name)) problems.push(`${show(folder)} holds install ${outcome.name}, which --install leaves out: leave out its folder, or name it.`);
      else found.set(outcome.name, { folder, outcome });
    }
  }
  if (problems.length) {
    context.error(`Nothing was merged:\n- ${problems.join("\n- ")}\n\n${MERGE_USAGE}`);
    return 2;
  }

  const outcomes = wanted.map(
    (name): Planned =>
      found.get(name)?.outcome ?? {
        name,
        failure: { step: "npm run plan", code: 1, output: `No ${PLAN_FILES.outcome} of ${name} in ${given.map(show).join(", ")}: its plan did not run to the end (in CI, see its job's log).` },
      },
  );
  const missing = wanted.filter((name) => !found.has(name));
  context.say(`Merging ${found.size} install${found.size === 1 ? "" : "s"}' plans${missing.length ? `; no outcome of ${missing.join(", ")} (reported as failed)` : ""}`);
  return writeInstallsReview(outcomes, outDir, { whereFull: options.whereFull }, context.say);
}

if (require.main === module) {
  mergePlans(process.argv.slice(2), {
    root: PROJECT_ROOT,
    env: process.env,
    cwd: process.cwd(),
    say: (line) => console.log(line),
    error: (line) => console.error(line),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      console.error(error.stack ?? error.message);
      process.exitCode = 1;
    },
  );
}
