import "cdktf/lib/testing/adapters/jest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STACK_ID } from "../tools/terraform/offline-stack";
import { DEFAULT_PARALLEL, parsePlanOptions, PlanOptions } from "../tools/plan-review/cli/plan-options";
import { PLAN_FILES, runPlan } from "../tools/plan-review/cli/plan-run";
import { terraformEnvironment } from "../tools/terraform/terraform-cli";
import { runTerraformStreamed } from "../tools/terraform/terraform-stream";
import { TITLE } from "../tools/plan-review/render/render-review";
import { IamEndpoint, startIamEndpoint } from "./support/iam-endpoint";
import { ReattachedProvider, startReattachedProvider } from "./support/reattached-provider";

/**
 * `npm run plan` end to end, as the workflow runs it: the deployable stack synthesized into a
 * project folder's cdktf.out, planned by the real Terraform against the local IAM endpoint (the
 * partition, region and account come from the provider, as with real credentials), the files
 * written, and a failure passed on with Terraform's own words. Its Terraform commands, one at a
 * time, reattach to one provider (support/reattached-provider.ts).
 */

describe("npm run plan", () => {
  let endpoint: IamEndpoint;
  let root: string;
  let env: NodeJS.ProcessEnv;
  let provider: ReattachedProvider | undefined;

  beforeAll(async () => {
    endpoint = await startIamEndpoint();
    root = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-plan-"));
    // No inherited AWS_* variable: only the endpoint's dummy credentials.
    env = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_"))), ...endpoint.awsEnvironment() };
    provider = startReattachedProvider(env);
    Object.assign(env, provider?.environment);
  });
  afterAll(async () => {
    provider?.stop();
    await endpoint.stop();
  });

  const varFile = (name: string, variables: Record<string, unknown>) => {
    const file = join(root, `${name}.tfvars.json`);
    writeFileSync(file, JSON.stringify(variables));
    return file;
  };

  async function plan(options: Partial<PlanOptions>) {
    const said: string[] = [];
    const stdout: string[] = [];
    const stderr: string[] = [];
    const outDir = join(root, "out", "plan");
    const code = await runPlan(
      { varFiles: [], outDir, lock: true, ...options },
      { root, env, say: (line) => said.push(line), terraformStdout: (t) => stdout.push(t), terraformStderr: (t) => stderr.push(t) },
    );
    const read = (file: string) => (existsSync(join(outDir, file)) ? readFileSync(join(outDir, file), "utf8") : undefined);
    return { code, said, stdout: stdout.join(""), stderr: stderr.join(""), read };
  }

  it("plans, shows progress and Terraform's output as it runs, and writes the plan, its JSON and the review", async () => {
    // given inputs with no partition, region or account: the provider looks them up
    const file = varFile("first", { read_repositories: ["custom-repo1"], write_repositories: ["custom-repo1"], write_actions: ["PutImage"] });
    // when
    const result = await plan({ varFiles: [file] });
    // then
    expect(result.code).toBe(0);
    expect(result.said.filter((line) => line.startsWith("["))).toEqual([
      expect.stringMatching(/^\[1\/5\] Synthesizing the stack into .*cdktf\.out\/stacks\/mlspace-ecr-access$/),
      "[2/5] terraform init",
      expect.stringMatching(/^\[3\/5\] terraform plan with .*first\.tfvars\.json$/),
      "[4/5] terraform show -json",
      "[5/5] Reviewing the plan (IAM policy evaluator)",
    ]);
    expect(result.stdout).toContain("Plan: 3 to add, 0 to change, 0 to destroy.");
    expect(JSON.parse(result.read(PLAN_FILES.json)!).resource_changes.map((c: { address: string }) => c.address)).toEqual([
      "aws_iam_policy.app",
      "aws_iam_policy.boundary",
      "aws_iam_policy.notebook",
    ]);
    const review = result.read(PLAN_FILES.review)!;
    expect(review.startsWith(TITLE)).toBe(true);
    expect(review).toContain("**gains** `ecr:BatchCheckLayerAvailability`, `ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer` and `ecr:PutImage` on `custom-repo1`");
    expect(review).toContain("Repository names resolve in aws / us-east-1 / 123456789012 (from the plan's data sources)");
    expect(result.read(PLAN_FILES.fullReview)).toBe(review);
    expect(existsSync(join(root, "out", "plan", PLAN_FILES.plan))).toBe(true);
  });

  it("leaves a plan that applies as it is, and reviews the next change against what was applied", async () => {
    // given the saved plan applied where the README says
    const stack = join(root, "cdktf.out", "stacks", STACK_ID);
    const applied = await runTerraformStreamed(["apply", "-input=false", join(root, "out", "plan", PLAN_FILES.plan)], stack, terraformEnvironment(env));
    expect(applied.code).toBe(0);
    expect(endpoint.policies().map((p) => p.name).sort()).toEqual(["mlspace-app-policy", "mlspace-notebook-policy", "mlspace-project-user-permission-boundary"]);
    // when the next change is planned
    const file = varFile("second", { read_repositories: ["custom-repo1", "custom-repo2"], write_repositories: ["custom-repo1"], write_actions: ["PutImage"] });
    const result = await plan({ varFiles: [file], lock: false });
    // then
    expect(result.code).toBe(0);
    expect(result.said).toContainEqual(expect.stringMatching(/^\[3\/5\] terraform plan with .*second\.tfvars\.json, without the state lock$/));
    const review = result.read(PLAN_FILES.review)!;
    expect(review).toContain("| MLSpace App Policy | `mlspace-app-policy` | ✏️ update in place |");
    expect(review).toContain("**gains** `ecr:BatchCheckLayerAvailability`, `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on `custom-repo2`");
  });

  it("on a failed plan, passes Terraform's exit code on, its error whole, and a review.md that says so (no old review)", async () => {
    // given an input Terraform rejects
    const file = varFile("bad", { read_repositories: ["custom-repo1"], account_id: "123" });
    // when
    const result = await plan({ varFiles: [file] });
    // then
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Invalid account_id");
    const note = result.read(PLAN_FILES.review)!;
    expect(note).toContain("🛑 **terraform plan failed** (exit code 1): there is no plan to review for this commit.");
    expect(note).toContain("Invalid account_id");
    expect(result.read(PLAN_FILES.json)).toBeUndefined();
    expect(result.read(PLAN_FILES.fullReview)).toBeUndefined();
    expect(result.said[result.said.length - 1]).toMatch(/^✖ terraform plan failed \(exit code 1\); its whole output is above\./);
  });
});

describe("npm run plan's options", () => {
  const cwd = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-options-"));
  writeFileSync(join(cwd, "inputs.tfvars.json"), "{}");

  it.each([
    { name: "defaults", args: [], expected: { varFiles: [], outDir: "/default/out", lock: true, whereFull: undefined, parallel: DEFAULT_PARALLEL, installs: [], jobCredentials: false } },
    {
      name: "every option",
      args: ["--var-file", "inputs.tfvars.json", "--out-dir", "o", "--no-lock", "--where-full", "See the summary.", "--parallel", "3", "--install", "dev", "--job-credentials"],
      expected: { varFiles: [join(cwd, "inputs.tfvars.json")], outDir: join(cwd, "o"), lock: false, whereFull: "See the summary.", parallel: 3, installs: ["dev"], jobCredentials: true },
    },
  ])("$name", ({ args, expected }) => {
    expect(parsePlanOptions(args, cwd, "/default/out")).toEqual(expected);
  });

  it.each([
    { name: "a missing var file", args: ["--var-file", "nope.tfvars"], message: "does not exist: give the path of a .tfvars or .tfvars.json file" },
    { name: "an unknown option", args: ["--var", "x=1"], message: "Unknown option '--var'" },
  ])("rejects $name", ({ args, message }) => {
    expect(() => parsePlanOptions(args, cwd, "/d")).toThrow(message);
  });
});
