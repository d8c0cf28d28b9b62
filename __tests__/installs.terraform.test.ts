import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { localStatePath } from "../stacks/state-backend";
import { NAME_OWNED_ACCESS, RECOMMENDED_COMPACTION } from "../tools/mlspace-installs";
import { PLAN_FILES, runPlan } from "../tools/plan-review/cli/plan-run";
import { applySummary, CdktfCli } from "./support/cdktf-cli";
import { fixture } from "./support/fixtures";
import { IamEndpoint, startIamEndpoint } from "./support/iam-endpoint";
import { ProjectCopy } from "./support/project-copy";
import { ReattachedProvider, startReattachedProvider } from "./support/reattached-provider";

/**
 * Three MLSpace installs kept in one installs.json (two commercial accounts and GovCloud), in a copy
 * of the project, with the cdktf commands a user types and the real Terraform against a local IAM
 * endpoint: one stack per install with its own state and provider, two deployed, a change to one
 * that plans a change there and nothing in the others, one review of all three, one destroyed and
 * the other intact. The endpoint is one account, so each install names its policies.
 */

const names = (install: string) => ({
  app_policy: { name: `${install}-app-policy`, base_policy_json: fixture("app-policy") },
  notebook_policy: { name: `${install}-notebook-policy`, base_policy_json: fixture("notebook-policy") },
  permission_boundary: { name: `${install}-permission-boundary`, base_policy_json: fixture("permission-boundary") },
});

const INSTALLS = {
  defaults: { ...NAME_OWNED_ACCESS, compaction: RECOMMENDED_COMPACTION, tags: { "managed-by": "mlspace-ecr-access" } },
  installs: {
    dev: { partition: "aws", region: "us-east-1", account_id: "111111111111", ...names("dev") },
    prod: { partition: "aws", region: "us-east-1", account_id: "333333333333", ...names("prod") },
    govcloud: {
      partition: "aws-us-gov",
      region: "us-gov-west-1",
      account_id: "222222222222",
      ...names("govcloud"),
      app_policy: { name: "govcloud-app-policy", base_policy_json: fixture("app-policy", "govcloud") },
      notebook_policy: { name: "govcloud-notebook-ecr-access", attach_to_roles: ["mlspace-notebook-role"] },
      permission_boundary: { name: "govcloud-permission-boundary", base_policy_json: fixture("permission-boundary", "govcloud") },
    },
  },
};

describe("many installs from one installs.json, with the cdktf commands", () => {
  let copy: ProjectCopy;
  let endpoint: IamEndpoint;
  let cli: CdktfCli;
  /** The same commands, for steps that run one Terraform at a time: each reattaches to one provider (support/reattached-provider.ts), which serves one command at a time. */
  let oneAtATime: CdktfCli;
  let provider: ReattachedProvider | undefined;
  const state = (install: string) => join(copy.directory, "cdktf.out", "stacks", install, localStatePath(install));
  const held = () => endpoint.policies().map((policy) => policy.name).sort();

  beforeAll(async () => {
    endpoint = await startIamEndpoint();
    endpoint.seedRole("mlspace-notebook-role");
    copy = ProjectCopy.create();
    writeFileSync(join(copy.directory, "installs.json"), JSON.stringify(INSTALLS, null, 2));
    cli = new CdktfCli(copy.directory, endpoint.awsEnvironment());
    provider = startReattachedProvider(cli.env);
    oneAtATime = new CdktfCli(copy.directory, { ...endpoint.awsEnvironment(), ...provider?.environment });
  });

  afterAll(async () => {
    await cli?.stopAll();
    await oneAtATime?.stopAll();
    provider?.stop();
    await endpoint?.stop();
    copy?.remove();
  });

  it("deploys two installs from a stack per install, each with its values as its variables' defaults and a state of its own", async () => {
    // cdktf deploys the two stacks at once: each Terraform starts a provider of its own
    const deploy = await cli.run(["deploy", "dev", "prod", "--auto-approve", "--skip-provider-lock"]);
    expect(deploy).toMatchObject({ code: 0 });
    expect(applySummary(deploy.output)).toEqual({ imported: 0, added: 3, changed: 0, destroyed: 0 });
    for (const install of ["dev", "prod", "govcloud"]) {
      const stack = JSON.parse(readFileSync(join(copy.directory, "cdktf.out", "stacks", install, "cdk.tf.json"), "utf8"));
      expect(stack.terraform.backend.local.path).toBe(localStatePath(install));
      expect(stack.variable.account_id.default).toBe(INSTALLS.installs[install as "dev"].account_id);
    }
    expect(held()).toEqual(["dev-app-policy", "dev-notebook-policy", "dev-permission-boundary", "prod-app-policy", "prod-notebook-policy", "prod-permission-boundary"]);
    expect([existsSync(state("dev")), existsSync(state("prod")), existsSync(state("govcloud"))]).toEqual([true, true, false]);
  });

  it("reviews all three installs in one review after a change to one: a change there, nothing in the other deployed one", async () => {
    // given a change to prod only
    const changed = { ...INSTALLS, installs: { ...INSTALLS.installs, prod: { ...INSTALLS.installs.prod, read_repositories: [...NAME_OWNED_ACCESS.read_repositories, "models/*"] } } };
    writeFileSync(join(copy.directory, "installs.json"), JSON.stringify(changed, null, 2));
    const outDir = join(copy.directory, "out", "plan");
    const said: string[] = [];
    // when: one install at a time (many at once is parallel-plans' claim), each command reattaching to one provider
    const code = await runPlan(
      { varFiles: [], outDir, lock: false, parallel: 1 },
      { root: copy.directory, env: oneAtATime.env, say: (line) => said.push(line), terraformStdout: () => undefined, terraformStderr: () => undefined },
    );
    // then
    expect({ code, said: said.filter((line) => line.startsWith("✖")) }).toEqual({ code: 0, said: [] });
    const review = readFileSync(join(outDir, PLAN_FILES.review), "utf8");
    const rows = review.split("\n").filter((line) => /^\| `(dev|prod|govcloud)` \|/.test(line));
    expect(rows).toEqual([
      expect.stringMatching(/^\| `dev` \| none \| no change \| boundary: \d+ left \|$/),
      // The boundary is a ceiling that lists no repository: a new one changes the App and Notebook policies only.
      expect.stringMatching(/^\| `prod` \| app and notebook \| 🟢 \d+ gained \| boundary: \d+ left \|$/),
      expect.stringMatching(/^\| `govcloud` \| app, notebook and boundary \| 🟢 \d+ gained \| \w+: \d+ left \|$/),
    ]);
    expect(review).toContain("No change in `dev`.");
    expect(review).toContain("## Install `prod`");
    expect(review).toContain("## Install `govcloud`");
    expect(review).not.toContain("## Install `dev`");
    for (const install of ["dev", "prod", "govcloud"]) expect(existsSync(join(outDir, install, PLAN_FILES.json))).toBe(true);
  });

  it("destroys one install and leaves the other, its policies and its state, as they were", async () => {
    const devState = readFileSync(state("dev"), "utf8");
    const destroy = await oneAtATime.run(["destroy", "prod", "--auto-approve", "--skip-provider-lock"]);
    expect(destroy).toMatchObject({ code: 0 });
    expect(destroy.output).toContain("Destroy complete! Resources: 3 destroyed.");
    expect(held()).toEqual(["dev-app-policy", "dev-notebook-policy", "dev-permission-boundary"]);
    expect(readFileSync(state("dev"), "utf8")).toBe(devState);
  });
});
