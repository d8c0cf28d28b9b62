import "cdktf/lib/testing/adapters/jest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reviewCli } from "../tools/plan-review/cli/review-cli";
import { TITLE } from "../tools/plan-review/render/render-review";

/** `npm run review -- plan.json`: the review of a plan's JSON made elsewhere, with no Terraform. */

const folder = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-review-cli-"));
const policy = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const read = { Sid: "MlspaceEcrAccessRead", Effect: "Allow", Action: ["ecr:BatchGetImage"], Resource: ["arn:aws:ecr:us-east-1:123456789012:repository/r1"] };
const plan = {
  format_version: "1.2",
  terraform_version: "1.11.4",
  variables: { read_repositories: { value: ["r1"] }, partition: { value: "aws" }, region: { value: "us-east-1" }, account_id: { value: "123456789012" } },
  resource_changes: ["app", "notebook", "boundary"].map((key) => ({
    address: `aws_iam_policy.${key}`,
    mode: "managed",
    type: "aws_iam_policy",
    name: key,
    change: { actions: ["create"], before: null, after: { name: `p-${key}`, policy: policy([read]) }, after_unknown: {} },
  })),
};
const planFile = join(folder, "plan.json");
writeFileSync(planFile, JSON.stringify(plan));

describe("npm run review", () => {
  it("prints the review of a plan's JSON", async () => {
    const { code, stdout, stderr } = await reviewCli([planFile]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout.startsWith(TITLE)).toBe(true);
    expect(stdout).toContain("**gains** `ecr:BatchGetImage` on `r1`");
  });

  it("reads standard input with -, and writes a file with --out", async () => {
    const out = join(folder, "review.md");
    const { code, stderr } = await reviewCli(["-", "--out", out, "--full"], () => JSON.stringify(plan));
    expect({ code, stderr }).toEqual({ code: 0, stderr: `Review written to ${out}\n` });
    expect(readFileSync(out, "utf8")).toContain("**Notebook role**");
  });

  it.each([
    { name: "no file", args: [], code: 2, message: "Give exactly one plan JSON file (got 0)." },
    { name: "a missing file", args: [join(folder, "nope.json")], code: 1, message: "Cannot read" },
    { name: "a binary plan", args: ["binary"], code: 1, message: "is a binary plan file, not its JSON: run `terraform show -json" },
    { name: "an unknown option", args: [planFile, "--fail"], code: 2, message: "Unknown option '--fail'" },
  ])("fails on $name, saying what to do", async ({ args, code, message }) => {
    writeFileSync(join(folder, "binary"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]));
    const result = await reviewCli(args.map((arg) => (arg === "binary" ? join(folder, "binary") : arg)));
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });
});
