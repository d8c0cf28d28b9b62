import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RECOMMENDED_ACCESS } from "../tools/mlspace-installs";
import { DEFAULT_PARALLEL, parsePlanOptions, PlanOptions } from "../tools/plan-review/cli/plan-options";
import { mergePlans } from "../tools/plan-review/cli/plan-merge";
import { PLAN_FILES, runPlan } from "../tools/plan-review/cli/plan-run";
import { IamEndpoint, startIamEndpoint } from "./support/iam-endpoint";
import { startReattachedProvider } from "./support/reattached-provider";
import { npmArguments, parseWorkflow } from "./support/workflow-file";

/**
 * `npm run plan` over three installs (one more than the default --parallel; each plan starts its
 * own provider and costs seconds), each its own account on its own local IAM endpoint (reached
 * through its AWS profile's endpoint_url, as a real install is through its profile), planned side
 * by side; one install's profile has no credentials. Then one install planned on its own
 * (`--install`, as one CI job) and merged with the others' folders: the same review, byte for byte.
 */

const INSTALLS = ["dev", "stage", "prod"];
/** Its profile names no credentials: its plan fails where the provider configures. */
const BROKEN = "stage";

describe("many installs planned side by side, and planned separately then merged", () => {
  const root = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-parallel-"));
  const endpoints: IamEndpoint[] = [];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    for (const [index] of INSTALLS.entries()) endpoints.push(await startIamEndpoint({ accountId: String(111111111111 * (index + 1)) }));
    const profiles = INSTALLS.map((name, index) =>
      [
        `[profile ${name}]`,
        "region = us-east-1",
        `endpoint_url = ${endpoints[index].url}`,
        ...(name === BROKEN ? [] : [`aws_access_key_id = AKIA${name.toUpperCase()}`, `aws_secret_access_key = secret-of-${name}`]),
      ].join("\n"),
    );
    writeFileSync(join(root, "aws-config"), `${profiles.join("\n\n")}\n`);
    writeFileSync(join(root, "aws-credentials"), "");
    const installs = Object.fromEntries(INSTALLS.map((name, index) => [name, { partition: "aws", region: "us-east-1", account_id: endpoints[index].accountId, profile: name }]));
    writeFileSync(join(root, "installs.json"), JSON.stringify({ defaults: RECOMMENDED_ACCESS, installs }, null, 2));
    // No inherited AWS_* variable: each install reaches only its own endpoint, by its profile.
    env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_") && !name.startsWith("TF_"))),
      AWS_CONFIG_FILE: join(root, "aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(root, "aws-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
    };
  });
  afterAll(async () => {
    await Promise.all(endpoints.map((endpoint) => endpoint.stop()));
    rmSync(root, { recursive: true, force: true });
  });

  async function plan(outDir: string, installs: string[] = [], more: { options?: Partial<PlanOptions>; env?: NodeJS.ProcessEnv } = {}) {
    const said: string[] = [];
    const stdout: string[] = [];
    const stderr: string[] = [];
    // Installs planned side by side start a provider per Terraform; one install alone reattaches to one (support/reattached-provider.ts).
    const alone = installs.length === 1 ? startReattachedProvider({ ...env, ...more.env }) : undefined;
    const code = await runPlan(
      { varFiles: [], lock: true, installs, ...more.options, outDir },
      { root, env: { ...env, ...more.env, ...alone?.environment }, say: (line) => said.push(line), terraformStdout: (t) => stdout.push(t), terraformStderr: (t) => stderr.push(t) },
    ).finally(() => alone?.stop());
    const read = (file: string) => readFileSync(join(outDir, file), "utf8");
    return { code, said, stdout: stdout.join(""), stderr: stderr.join(""), read };
  }

  const together = join(root, "out", "together");
  let all: Awaited<ReturnType<typeof plan>>;

  it("plans all three at once, at most --parallel at a time, each line prefixed; the broken install's failure in its section, the others' plans standing", async () => {
    // when
    all = await plan(together);
    // then the exit code is the broken install's plan's
    expect(all.code).toBe(1);
    // at most DEFAULT_PARALLEL installs were being planned at any time, and that many were at the start
    const running = new Set<string>();
    let most = 0;
    for (const line of all.said) {
      const [, name, rest] = /^\[([\w-]+)\] (.*)$/.exec(line) ?? [];
      if (!name) continue;
      if (rest.startsWith("[2/5]")) running.add(name);
      if (rest.startsWith("[5/5]") || rest.startsWith("✖")) running.delete(name);
      most = Math.max(most, running.size);
    }
    expect(most).toBe(DEFAULT_PARALLEL);
    expect(all.said.filter((line) => line.endsWith("[2/5] terraform init")).slice(0, DEFAULT_PARALLEL)).toEqual(INSTALLS.slice(0, DEFAULT_PARALLEL).map((name) => `[${name}] [2/5] terraform init`));
    // every line of Terraform's output names its install
    for (const output of [all.stdout, all.stderr]) expect(output.split("\n").filter((line) => line && !INSTALLS.some((name) => line.startsWith(`[${name}] `)))).toEqual([]);
    for (const name of INSTALLS.filter((name) => name !== BROKEN)) expect(all.stdout).toContain(`[${name}] Plan: 3 to add, 0 to change, 0 to destroy.`);
    expect(all.stderr).toContain(`[${BROKEN}] Error: `);
    // each install's Terraform had its own data directory and lock file, beside its configuration
    for (const name of INSTALLS) {
      const stack = join(root, "cdktf.out", "stacks", name);
      expect({ name, data: existsSync(join(stack, ".terraform", "providers")), lock: existsSync(join(stack, ".terraform.lock.hcl")) }).toEqual({ name, data: true, lock: true });
    }
    // every install has its section, in the installs file's order; the broken one says why
    const review = all.read(PLAN_FILES.review);
    expect(review.split("\n").filter((line) => line.startsWith("## Install "))).toEqual(INSTALLS.map((name) => `## Install \`${name}\``));
    const brokenSection = review.slice(review.indexOf(`## Install \`${BROKEN}\``), review.indexOf("## Install `prod`"));
    expect(brokenSection).toContain("🛑 **terraform plan failed** (exit code 1)");
    expect(brokenSection).toMatch(/no EC2 IMDS role found|No valid credential sources/);
    expect(review.split("\n").filter((line) => INSTALLS.some((name) => line.startsWith(`| \`${name}\` |`)))).toEqual(
      INSTALLS.map((name) => (name === BROKEN ? "| `stage` | 🛑 **terraform plan failed** (exit code 1) | — | — |" : expect.stringMatching(new RegExp(`^\\| \`${name}\` \\| app, notebook and boundary \\| 🟢 `)))),
    );
    // each install planned in its own account
    for (const [index, name] of INSTALLS.entries()) if (name !== BROKEN) expect(review).toContain(`\`${name}\`: aws / us-east-1 / ${endpoints[index].accountId}`);
    expect(JSON.parse(all.read(PLAN_FILES.summary))).toEqual({ changed: true, failed: true, installs: Object.fromEntries(INSTALLS.map((name) => [name, name === BROKEN ? "failed" : "changed"])) });
    for (const name of INSTALLS) expect(JSON.parse(all.read(join(name, PLAN_FILES.outcome)))).toMatchObject({ install: name, status: name === BROKEN ? "failed" : "changed" });
  });

  it("plans one install on its own with --install, and its merge with the others' folders is the review of all planned together", async () => {
    // given dev planned on its own, as one CI job would (the broken install's folder, from the run together, is a failed job's)
    const job = join(root, "out", "job-dev");
    const dev = await plan(job, ["dev"]);
    expect(dev.code).toBe(0);
    expect(new Set(dev.said.flatMap((line) => /^\[([\w-]+)\] /.exec(line)?.[1] ?? []))).toEqual(new Set(["dev"]));
    expect(dev.read(PLAN_FILES.review).split("\n").filter((line) => line.startsWith("## Install "))).toEqual(["## Install `dev`"]);
    // when it is merged with the other installs' folders of the run together
    const merged = join(root, "out", "merged");
    const said: string[] = [];
    const errors: string[] = [];
    const others = INSTALLS.filter((name) => name !== "dev").map((name) => join(together, name));
    const code = await mergePlans([job, ...others, "--out-dir", merged], { root, env, cwd: root, say: (line) => said.push(line), error: (line) => errors.push(line) });
    // then the same files, byte for byte, and the same exit code
    expect({ code, errors }).toEqual({ code: all.code, errors: [] });
    for (const file of [PLAN_FILES.review, PLAN_FILES.fullReview, PLAN_FILES.summary]) expect({ file, text: readFileSync(join(merged, file), "utf8") }).toEqual({ file, text: all.read(file) });
  });

  it("reports an install with no outcome among the merged folders as failed, in its section", async () => {
    // given the run together's folders without prod's (its job never got to write it)
    const merged = join(root, "out", "merged-missing");
    const folders = INSTALLS.filter((name) => name !== "prod").map((name) => join(together, name));
    // when
    const said: string[] = [];
    const code = await mergePlans([...folders, "--out-dir", merged], { root, env, cwd: root, say: (line) => said.push(line), error: (line) => said.push(line) });
    // then
    expect(code).toBe(1);
    const review = readFileSync(join(merged, PLAN_FILES.review), "utf8");
    expect(review).toContain("| `prod` | 🛑 **npm run plan failed** (exit code 1) | — | — |");
    expect(review).toContain(`No ${PLAN_FILES.outcome} of prod in `);
    expect(JSON.parse(readFileSync(join(merged, PLAN_FILES.summary), "utf8")).installs.prod).toBe("failed");
  });

  it("plans an install with the CI job's credentials alone, with the plan review workflow's own arguments, not its profile", async () => {
    // given the arguments a job of the workflow's matrix passes for the broken install, and the job's credentials (its OIDC role's, here the endpoint's)
    const step = parseWorkflow("plan-review.yml").jobs.plan.steps.find((candidate) => candidate.name === "npm run plan")!;
    const options = parsePlanOptions(npmArguments(step.run!, "plan", { INSTALL: BROKEN }), root, "/unused") as PlanOptions;
    const job = endpoints[INSTALLS.indexOf(BROKEN)];
    // when
    const result = await plan(join(root, "out", "job-credentials"), options.installs, { options, env: job.awsEnvironment() });
    // then the profile without credentials is not used: the plan is made, in the install's account
    expect(result.code).toBe(0);
    expect(result.said).toContainEqual(expect.stringContaining("with this job's credentials, not the installs' profiles or roles"));
    expect(result.stdout).toContain(`[${BROKEN}] Plan: 3 to add, 0 to change, 0 to destroy.`);
    expect(result.read(PLAN_FILES.review)).toContain(`\`${BROKEN}\`: aws / us-east-1 / ${job.accountId}`);
    // and the override is gone: a later cdktf deploy in the stack's folder uses the install's own access
    expect(readdirSync(join(root, "cdktf.out", "stacks", BROKEN)).filter((file) => file.endsWith("_override.tf.json"))).toEqual([]);
  });
});
