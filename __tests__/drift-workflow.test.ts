import "cdktf/lib/testing/adapters/jest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parsePlanOptions, PLAN_USAGE } from "../tools/plan-review/cli/plan-options";
import { PLAN_FILES } from "../tools/plan-review/cli/plan-run";
import { parseMergeOptions } from "../tools/plan-review/cli/plan-merge";
import { action, npmArguments, parseWorkflow, Step, Workflow } from "./support/workflow-file";

/**
 * The scheduled drift workflow cannot run here: it is checked with actionlint (workflows-lint), its
 * parsed shape is asserted (triggers, permissions, the same plan setup as the plan review, no apply
 * anywhere), the plan command it runs is the npm script this test runs, and its issue script is
 * run against a stand-in for GitHub's API.
 */

const ROOT = join(__dirname, "..");
const WORKFLOW = join(ROOT, ".github", "workflows", "drift.yml");
const PLAN_REVIEW = join(ROOT, ".github", "workflows", "plan-review.yml");
const parse = (file: string) => parseWorkflow(basename(file));
const stepsOf = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);

const scripts = JSON.parse(fs.readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
/** The npm scripts a shell script calls (as a command, not in an echo's text), and those they call in turn. */
const npmScripts = (command: string): string[] =>
  [...command.matchAll(/(?:^|&&|\|\||;)\s*npm run (?:--silent )?([\w:-]+)/gm)].flatMap(([, name]) => [name, ...npmScripts(scripts[name] ?? "")]);
/** A script's words, with single-quoted ones kept whole (all package.json uses). */
const words = (command: string) => [...command.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2]);

describe("the drift workflow", () => {
  const workflow = parse(WORKFLOW);
  const steps = stepsOf(workflow);

  it("runs on a daily schedule and by hand, and on nothing else", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const [schedule] = workflow.on.schedule as { cron: string }[];
    expect(schedule.cron).toMatch(/^\d{1,2} \d{1,2} \* \* \*$/);
  });

  it("may read the repository, get an OIDC token and write issues, nothing more; and never runs twice at once", () => {
    expect(workflow.permissions).toEqual({ contents: "read", "id-token": "write", issues: "write" });
    expect(workflow.concurrency).toEqual({ group: expect.any(String), "cancel-in-progress": false });
    expect(workflow.concurrency.group).not.toContain("${{");
  });

  it("sets up the plan exactly as the plan review does: Node 20, Terraform 1.11.4, the OIDC plan role, npm ci", () => {
    const review = stepsOf(parse(PLAN_REVIEW));
    for (const name of ["actions/checkout", "actions/setup-node", "hashicorp/setup-terraform"]) expect({ name, step: action(steps, name) }).toEqual({ name, step: action(review, name) });
    expect(action(steps, "actions/setup-node")?.with?.["node-version"]).toBe(20);
    expect(action(steps, "hashicorp/setup-terraform")?.with?.terraform_version).toBe("1.11.4");
    const credentials = (list: Step[]) => ({ ...action(list, "aws-actions/configure-aws-credentials"), with: { ...action(list, "aws-actions/configure-aws-credentials")?.with, "role-session-name": "any" } });
    expect(credentials(steps)).toEqual(credentials(review));
    const backend = (list: Step[]) => list.find((step) => step.name === "State backend from the repository variables")?.env;
    expect(backend(steps)).toEqual(backend(review));
    expect(steps.map((step) => step.run)).toContain("npm ci --no-audit --no-fund");
    expect(fs.readFileSync(WORKFLOW, "utf8")).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\.AWS/);
  });

  it("plans with the one npm script, plan:drift: npm run plan without the state lock (and merges with plan:merge)", () => {
    // given the steps that call npm scripts
    const calling = steps.filter((step) => step.run && npmScripts(step.run).length);
    // then the plan steps do, with plan:drift, which is npm run plan -- --no-lock; the single job's and each install's
    expect(calling.map((step) => npmScripts(step.run!))).toEqual([["plan:drift", "plan"], ["plan:drift", "plan"], ["plan:merge"]]);
    expect(calling[0].run).toContain('npm run plan:drift -- "${args[@]}"');
    const [npm, run, silent, plan, dashes, ...args] = words(scripts["plan:drift"]);
    expect([npm, run, silent, plan, dashes]).toEqual(["npm", "run", "--silent", "plan", "--"]);
    expect(parsePlanOptions(args, ROOT, "/default")).toMatchObject({ varFiles: [], outDir: "/default", lock: false, whereFull: expect.stringContaining("linked below") });
  });

  it("plan:drift runs as the workflow calls it: npm hands its options, and the workflow's, to npm run plan", () => {
    // when the workflow's command is run with an option of its own (--help, which plans nothing)
    const result = spawnSync("npm", ["run", "--silent", "plan:drift", "--", "--help"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    // then plan.ts got every option, and parsed them
    expect({ code: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ code: 0, stdout: `${PLAN_USAGE}\n`, stderr: "" });
  });

  it("never applies: no step, npm script or action deploys, applies or destroys", () => {
    const commands = [...steps.flatMap((step) => (step.run ? [step.run, ...npmScripts(step.run).map((name) => scripts[name])] : [])), ...steps.map((step) => String(step.with?.script ?? ""))];
    for (const command of commands) expect(command).not.toMatch(/\b(apply|deploy|destroy)\b|auto-approve/);
    expect([...new Set(steps.flatMap((step) => (step.uses ? [step.uses.split("@")[0]] : [])))].sort()).toEqual([
      "actions/checkout",
      "actions/download-artifact",
      "actions/github-script",
      "actions/setup-node",
      "actions/upload-artifact",
      "aws-actions/configure-aws-credentials",
      "hashicorp/setup-terraform",
    ]);
  });

  it("reads the files npm run plan writes", () => {
    const text = fs.readFileSync(WORKFLOW, "utf8");
    for (const file of [PLAN_FILES.summary, PLAN_FILES.review, PLAN_FILES.fullReview]) expect(text).toContain(`out/plan/${file}`);
  });

  it("keeps the issue for the default branch: a run by hand on another branch does not touch it", () => {
    const issue = parseWorkflow("drift.yml").jobs.issue;
    expect(issue.steps.map((step) => step.uses?.split("@")[0])).toEqual(["actions/download-artifact", "actions/github-script"]);
    expect(issue.if).toContain("github.event_name == 'schedule' || github.ref_name == github.event.repository.default_branch");
    expect(issue.if).toContain("!cancelled()");
  });

  it("has the plan review's shape: the single job without an installs file, a job per install and a merge with one, then the issue from either", () => {
    const { jobs } = parseWorkflow("drift.yml");
    const review = parseWorkflow("plan-review.yml").jobs;
    const named = (job: string, name: string) => jobs[job].steps.find((step) => step.name === name || step.uses?.split("@")[0] === name)!;
    expect(Object.keys(jobs)).toEqual(["installs", "drift", "plan", "review", "issue"]);
    // the installs job and the matrix are the plan review's
    expect(jobs.installs.steps).toEqual(review.installs.steps);
    expect([jobs.drift.needs, jobs.drift.if]).toEqual([review["plan-review"].needs, review["plan-review"].if]);
    for (const key of ["needs", "if", "strategy"] as const) expect({ key, value: jobs.plan[key] }).toEqual({ key, value: review.plan[key] });
    const credentials = (job: { steps: Step[] }) => ({ ...action(job.steps, "aws-actions/configure-aws-credentials")!.with, "role-session-name": "any" });
    expect(credentials(jobs.plan)).toEqual(credentials(review.plan));
    // each install is planned by plan:drift, for this install only, with the job's role
    const [, , , , , ...driftArgs] = words(scripts["plan:drift"]);
    const plan = named("plan", "npm run plan:drift");
    expect(parsePlanOptions([...driftArgs, ...npmArguments(plan.run!, "plan:drift", { INSTALL: "prod" })], ROOT, "/out")).toMatchObject({ installs: ["prod"], jobCredentials: true, lock: false });
    // the merge reads what the plans upload and says where the whole review is as plan:drift does
    const upload = action(jobs.plan.steps, "actions/upload-artifact")!.with!;
    const download = action(jobs.review.steps, "actions/download-artifact")!.with!;
    expect(download.pattern).toBe(String(upload.name).replace("${{ matrix.install }}", "*"));
    const merge = parseMergeOptions(npmArguments(named("review", "npm run plan:merge").run!, "plan:merge"), ROOT, "/out");
    expect(merge).toMatchObject({ folders: [join(ROOT, String(download.path))], whereFull: (parsePlanOptions(driftArgs, ROOT, "/out") as { whereFull: string }).whereFull });
    // the issue job reads the artifact the single job or the merge left, where the script reads it
    const artifact = (job: string) => action(jobs[job].steps.filter((step) => step.with?.name), "actions/upload-artifact")!.with!.name;
    expect(artifact("drift")).toBe(artifact("review"));
    expect(jobs.issue.needs).toEqual(["installs", "drift", "review"]);
    expect(action(jobs.issue.steps, "actions/download-artifact")).toMatchObject({ "continue-on-error": true, with: { name: artifact("drift"), path: "out/plan" } });
  });
});

describe("the drift workflow's issue script", () => {
  const script = String(action(stepsOf(parse(WORKFLOW)), "actions/github-script")!.with!.script);
  const MARKER = "<!-- mlspace-ecr-access:drift -->";
  const ours = { number: 3, body: `${MARKER}\nold review`, user: { type: "Bot" }, html_url: "https://github.com/o/r/issues/3" };
  const REVIEW = "## IAM review of this plan: MLSpace ECR access\n\n| Install | … |\n";

  /** Runs the script as actions/github-script does (an async function of require, github, context, core) in a folder with `files`. */
  async function runScript(files: Record<string, string>, openIssues: object[]) {
    const folder = fs.mkdtempSync(join(tmpdir(), "mlspace-ecr-access-drift-issue-"));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(join(folder, file, ".."), { recursive: true });
      fs.writeFileSync(join(folder, file), text);
    }
    const inFolder = { existsSync: (file: string) => fs.existsSync(join(folder, file)), readFileSync: (file: string, encoding: BufferEncoding) => fs.readFileSync(join(folder, file), encoding) };
    const calls: [string, Record<string, unknown>][] = [];
    const record = (method: string, data: object = {}) => async (params: Record<string, unknown>) => (calls.push([method, params]), { data });
    const listForRepo = async () => ({ data: [] });
    const github = {
      paginate: async (method: unknown, params: Record<string, unknown>) => (expect({ method, params }).toEqual({ method: listForRepo, params: { owner: "o", repo: "r", state: "open", per_page: 100 } }), openIssues),
      rest: { issues: { listForRepo, create: record("create", { number: 4, html_url: "https://github.com/o/r/issues/4" }), update: record("update"), createComment: record("createComment") } },
    };
    const context = { repo: { owner: "o", repo: "r" }, serverUrl: "https://github.com", runId: 42 };
    const core = { info: () => undefined };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
    await new AsyncFunction("require", "github", "context", "core", script)((name: string) => (name === "node:fs" ? inFolder : require(name)), github, context, core);
    return calls;
  }

  const summary = (installs: Record<string, string>) => JSON.stringify({ changed: Object.values(installs).includes("changed"), failed: Object.values(installs).includes("failed"), installs });
  const run = "[drift run 42](https://github.com/o/r/actions/runs/42)";
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  /** The marker, the review, and a line naming the run and the day. */
  const issueBody = (review: string) => expect.stringMatching(new RegExp(`^${literal(`${MARKER}\n${review.trimEnd()}\n\n<sub>Updated by ${run} on `)}\\d{4}-\\d\\d-\\d\\d\\.</sub>\\n$`));

  it.each<{ name: string; files: Record<string, string>; open: object[]; expected: unknown[] }>([
    {
      name: "an install would change and no issue is open: opens one with the review",
      files: { "out/plan/summary.json": summary({ dev: "unchanged", prod: "changed" }), "out/plan/review.md": REVIEW },
      open: [],
      expected: [["create", { owner: "o", repo: "r", title: "mlspace-ecr-access drift: prod would change", body: issueBody(REVIEW) }]],
    },
    {
      name: "the issue is open: updates it, title and review",
      files: { "out/plan/summary.json": summary({ dev: "changed", prod: "changed", test: "failed" }), "out/plan/review.md": REVIEW },
      open: [ours],
      expected: [["update", { owner: "o", repo: "r", issue_number: 3, title: "mlspace-ecr-access drift: dev, prod would change; test failed to plan", body: issueBody(REVIEW) }]],
    },
    {
      name: "every install is clean and the issue is open: says so and closes it",
      files: { "out/plan/summary.json": summary({ dev: "unchanged", prod: "unchanged" }), "out/plan/review.md": REVIEW },
      open: [ours],
      expected: [
        ["createComment", { owner: "o", repo: "r", issue_number: 3, body: `Every install plans clean in ${run}: nothing would change. Closing.` }],
        ["update", { owner: "o", repo: "r", issue_number: 3, state: "closed", state_reason: "completed" }],
      ],
    },
    { name: "every install is clean and no issue is open: does nothing", files: { "out/plan/summary.json": summary({ dev: "unchanged" }) }, open: [], expected: [] },
    {
      name: "the job failed before planning (no summary, no review): opens an issue that says so",
      files: {},
      open: [],
      expected: [["create", { owner: "o", repo: "r", title: "mlspace-ecr-access drift: the plan failed", body: issueBody("🛑 **No plan**: the job failed before `npm run plan` wrote a review (see the run's log).") }]],
    },
    {
      name: "an issue with the marker written by a person, or a pull request, is not ours: opens one",
      files: { "out/plan/summary.json": summary({ dev: "changed" }), "out/plan/review.md": REVIEW },
      open: [{ ...ours, user: { type: "User" } }, { ...ours, number: 5, pull_request: {} }],
      expected: [["create", { owner: "o", repo: "r", title: "mlspace-ecr-access drift: dev would change", body: issueBody(REVIEW) }]],
    },
  ])("$name", async ({ files, open, expected }) => {
    // given the files npm run plan left and the open issues; when the script runs
    const calls = await runScript(files, open);
    // then
    expect(calls).toEqual(expected);
  });
});
