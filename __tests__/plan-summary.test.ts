import "cdktf/lib/testing/adapters/jest";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { PolicyDocument } from "../modules/mlspace-ecr-access/policy-document";
import type { PlanJson } from "../tools/plan-review/analysis/plan-json";
import { PLAN_FILES, runPlan } from "../tools/plan-review/cli/plan-run";
import { planChanges, PlanStatus, PlanSummary, planSummary } from "../tools/plan-review/cli/plan-summary";
import { planOf } from "./support/hand-written-plan";

/**
 * out/plan/summary.json, what the drift workflow reads: whether any install's plan would change
 * anything, or failed. The rule on plans' JSON, then runPlan writing it, with a stand-in for
 * Terraform that answers each stack with a given plan (real Terraform runs in the .terraform tests;
 * here only what runPlan does with the outcomes is under test).
 */

const DOCUMENT: PolicyDocument = { Version: "2012-10-17", Statement: [{ Sid: "MlspaceEcrAccessRead", Effect: "Allow", Action: "ecr:BatchGetImage", Resource: "*" }] };
const same = { before: DOCUMENT, after: DOCUMENT, actions: ["no-op"] };
const unchanged = () => planOf({ app: same, notebook: same, boundary: same });
const updated = () => planOf({ app: { before: DOCUMENT, after: { ...DOCUMENT, Statement: [] } }, notebook: same, boundary: same });
const withFirstChange = (plan: PlanJson, change: object): PlanJson => ({ ...plan, resource_changes: [{ ...plan.resource_changes![0], ...change }, ...plan.resource_changes!.slice(1)] });

describe("whether a plan would change anything", () => {
  it.each([
    { name: "every resource no-op", plan: unchanged(), expected: false },
    { name: "an update", plan: updated(), expected: true },
    { name: "a move, with no other change", plan: withFirstChange(unchanged(), { previous_address: "aws_iam_policy.old" }), expected: true },
    { name: "an import, with no other change", plan: withFirstChange(unchanged(), { change: { ...unchanged().resource_changes![0].change, importing: { id: "arn:aws:iam::123456789012:policy/p" } } }), expected: true },
    { name: "a root output that changes", plan: { ...unchanged(), output_changes: { policy_json: { actions: ["update"] } } }, expected: true },
    { name: "outputs that do not change", plan: { ...unchanged(), output_changes: { policy_json: { actions: ["no-op"] } } }, expected: false },
    { name: "nothing at all", plan: { format_version: "1.2", planned_values: {} } as PlanJson, expected: false },
    { name: "Terraform's own applyable: false (it wins)", plan: { ...updated(), applyable: false }, expected: false },
    { name: "Terraform's own applyable: true (it wins)", plan: { ...unchanged(), applyable: true }, expected: true },
  ])("$name: $expected", ({ plan, expected }) => {
    expect(planChanges(plan)).toBe(expected);
  });
});

describe("the summary of every install", () => {
  it.each<{ name: string; installs: Record<string, PlanStatus>; synthesisFailed: boolean; expected: { changed: boolean; failed: boolean } }>([
    { name: "all clean", installs: { dev: "unchanged", prod: "unchanged" }, synthesisFailed: false, expected: { changed: false, failed: false } },
    { name: "one changes", installs: { dev: "unchanged", prod: "changed" }, synthesisFailed: false, expected: { changed: true, failed: false } },
    { name: "one fails", installs: { dev: "failed", prod: "changed" }, synthesisFailed: false, expected: { changed: true, failed: true } },
    { name: "synthesis failed", installs: {}, synthesisFailed: true, expected: { changed: false, failed: true } },
  ])("$name", ({ installs, synthesisFailed, expected }) => {
    expect(planSummary(installs, synthesisFailed)).toEqual({ ...expected, installs });
  });
});

describe("npm run plan writes summary.json", () => {
  const folder = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-summary-"));
  const plans = join(folder, "plans");
  const bin = join(folder, "bin");
  mkdirSync(plans);
  mkdirSync(bin);
  // The stand-in: it logs each command, plan fails for a stack with no plans/<stack>.json, show -json prints it.
  writeFileSync(
    join(bin, "terraform"),
    [
      "#!/bin/sh",
      'stack=$(basename "$PWD")',
      'echo "$1" >> "$PLANS/commands.log"',
      'case "$1" in',
      "  init) exit 0 ;;",
      '  plan) [ -f "$PLANS/$stack.json" ] || { echo "Error: no plan for $stack" >&2; exit 1; }',
      '    for arg in "$@"; do case "$arg" in -out=*) : > "${arg#-out=}" ;; esac; done ;;',
      '  show) cat "$PLANS/$stack.json" ;;',
      "esac",
      "",
    ].join("\n"),
  );
  chmodSync(join(bin, "terraform"), 0o755);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("MLSPACE_ECR_ACCESS_") && !name.startsWith("TF_")));
  const env = { ...inherited, PATH: `${bin}${delimiter}${process.env.PATH}`, PLANS: plans };

  async function plan(root: string): Promise<{ code: number; summary: PlanSummary }> {
    const outDir = join(root, "out", "plan");
    const quiet = () => undefined;
    const code = await runPlan({ varFiles: [], outDir, lock: false }, { root, env, say: quiet, terraformStdout: quiet, terraformStderr: quiet });
    return { code, summary: JSON.parse(readFileSync(join(outDir, PLAN_FILES.summary), "utf8")) };
  }

  const project = (installs?: unknown) => {
    const root = mkdtempSync(join(folder, "project-"));
    if (installs !== undefined) writeFileSync(join(root, "installs.json"), typeof installs === "string" ? installs : JSON.stringify(installs));
    return root;
  };
  const install = (account: string) => ({ partition: "aws", region: "us-east-1", account_id: account, read_repositories: ["shared/*"] });

  it("says which installs change, which do not and which failed, with the exit code of the failure", async () => {
    // given three installs: dev plans no change, prod an update, test fails to plan
    writeFileSync(join(plans, "dev.json"), JSON.stringify(unchanged()));
    writeFileSync(join(plans, "prod.json"), JSON.stringify(updated()));
    const root = project({ installs: { dev: install("111111111111"), prod: install("222222222222"), test: install("333333333333") } });
    // when
    const { code, summary } = await plan(root);
    // then
    expect(code).toBe(1);
    expect(summary).toEqual({ changed: true, failed: true, installs: { dev: "unchanged", prod: "changed", test: "failed" } });
    // and nothing but init, plan and show was asked of Terraform: never apply
    expect([...new Set(readFileSync(join(plans, "commands.log"), "utf8").trim().split("\n"))].sort()).toEqual(["init", "plan", "show"]);
  });

  it("says nothing changes for the single stack whose plan changes nothing", async () => {
    // given no installs file, and the stack's plan no-op
    writeFileSync(join(plans, "mlspace-ecr-access.json"), JSON.stringify(unchanged()));
    // when
    const { code, summary } = await plan(project());
    // then
    expect({ code, summary }).toEqual({ code: 0, summary: { changed: false, failed: false, installs: { "mlspace-ecr-access": "unchanged" } } });
  });

  it("says the plan failed when nothing could be synthesized", async () => {
    // given an installs file that is not JSON
    const root = project("{ not json");
    // when
    const { code, summary } = await plan(root);
    // then
    expect({ code, summary }).toEqual({ code: 1, summary: { changed: false, failed: true, installs: {} } });
  });
});
