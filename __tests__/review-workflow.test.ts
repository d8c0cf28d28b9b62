import "cdktf/lib/testing/adapters/jest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PLAN_FILES } from "../tools/plan-review/cli/plan-run";
import { parsePlanOptions } from "../tools/plan-review/cli/plan-options";
import { parseMergeOptions } from "../tools/plan-review/cli/plan-merge";
import { action, npmArguments, parseWorkflow } from "./support/workflow-file";

/**
 * The pull-request workflow cannot run here: it is checked with actionlint (workflows-lint), and
 * what it calls is checked to exist. The scripts themselves have their own tests
 * (review-plan-script, review-pr-comment).
 */

const ROOT = join(__dirname, "..");
const WORKFLOW = join(ROOT, ".github", "workflows", "plan-review.yml");

describe("the plan review workflow", () => {
  const text = readFileSync(WORKFLOW, "utf8");

  it("calls npm scripts that package.json defines, and files that exist", () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    const called = [...new Set([...text.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((match) => match[1]))];
    expect(called).toEqual(["plan:matrix", "plan", "plan:merge"]);
    for (const name of called) expect({ name, defined: name in scripts }).toEqual({ name, defined: true });
    for (const [, path] of text.matchAll(/ts-node --transpile-only (\S+)/g)) expect(existsSync(join(ROOT, path))).toBe(true);
  });

  it("reads the files npm run plan writes", () => {
    for (const file of [PLAN_FILES.json, PLAN_FILES.review, PLAN_FILES.fullReview]) expect(text).toContain(`out/plan/${file}`);
  });

  it("takes credentials from the OIDC role only, and stores none", () => {
    expect(text).toContain("id-token: write");
    expect(text).toContain("role-to-assume: ${{ vars.MLSPACE_ECR_ACCESS_PLAN_ROLE_ARN }}");
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\.AWS/);
  });
});

describe("the plan review workflow's two shapes", () => {
  const { jobs } = parseWorkflow("plan-review.yml");
  const step = (job: string, name: string) => jobs[job].steps.find((candidate) => candidate.name === name || candidate.uses?.split("@")[0] === name)!;

  it("asks npm run plan:matrix first, then runs the single job without an installs file, or a job per install and one review with one", () => {
    expect(Object.keys(jobs)).toEqual(["installs", "plan-review", "plan", "review"]);
    expect(jobs.installs.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(jobs.installs.outputs).toEqual({ matrix: "${{ steps.matrix.outputs.matrix }}", installs: "${{ steps.matrix.outputs.installs }}" });
    expect(step("installs", "npm run plan:matrix").run).toContain("matrix=$(npm run --silent plan:matrix)");
    expect(step("installs", "npm run plan:matrix").env).toEqual({
      MLSPACE_ECR_ACCESS_PLAN_ROLE_ARN: "${{ vars.MLSPACE_ECR_ACCESS_PLAN_ROLE_ARN }}",
      MLSPACE_ECR_ACCESS_PLAN_ROLE_ARNS: "${{ vars.MLSPACE_ECR_ACCESS_PLAN_ROLE_ARNS }}",
    });
    expect([jobs["plan-review"].needs, jobs["plan-review"].if]).toEqual(["installs", "needs.installs.outputs.installs == 'false'"]);
    expect([jobs.plan.needs, jobs.plan.if]).toEqual(["installs", "needs.installs.outputs.installs == 'true'"]);
    expect([jobs.review.needs, jobs.review.if]).toEqual([["installs", "plan"], "${{ !cancelled() && needs.installs.outputs.installs == 'true' }}"]);
  });

  it("plans each install in its own job, every one whichever fails, with the install's plan role and nothing of its deploy role", () => {
    expect(jobs.plan.strategy).toEqual({ "fail-fast": false, matrix: "${{ fromJSON(needs.installs.outputs.matrix) }}" });
    expect(action(jobs.plan.steps, "aws-actions/configure-aws-credentials")?.with).toMatchObject({ "role-to-assume": "${{ matrix.role_arn }}" });
    // the command is npm run plan with options npm run plan takes: this install, the job's credentials, no lock
    const plan = step("plan", "npm run plan");
    expect(plan.env).toEqual({ INSTALL: "${{ matrix.install }}" });
    const options = parsePlanOptions(npmArguments(plan.run!, "plan", { INSTALL: "dev" }), ROOT, "/out");
    expect(options).toMatchObject({ installs: ["dev"], jobCredentials: true, lock: false, varFiles: [] });
  });

  it("hands the review job each install's outcome and plan JSON, where npm run plan:merge reads them", () => {
    const upload = action(jobs.plan.steps, "actions/upload-artifact")!.with!;
    expect(String(upload.path).trim().split("\n")).toEqual([`out/plan/\${{ matrix.install }}/${PLAN_FILES.outcome}`, `out/plan/\${{ matrix.install }}/${PLAN_FILES.json}`]);
    const download = action(jobs.review.steps, "actions/download-artifact")!.with!;
    expect(download.pattern).toBe(String(upload.name).replace("${{ matrix.install }}", "*"));
    const merge = parseMergeOptions(npmArguments(step("review", "npm run plan:merge").run!, "plan:merge"), ROOT, join(ROOT, "out", "plan"));
    expect(merge).toMatchObject({ folders: [join(ROOT, String(download.path))], outDir: join(ROOT, "out", "plan"), installs: [] });
    // and then does what the single job does with the review
    for (const name of ["Job summary", "Review comment"]) expect({ name, run: step("review", name).run?.replace("npm run plan:merge", "npm run plan") }).toEqual({ name, run: step("plan-review", name).run });
  });
});
