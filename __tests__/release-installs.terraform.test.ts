import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { localStatePath } from "../stacks/state-backend";
import { RECOMMENDED_ACCESS, RECOMMENDED_COMPACTION, ATTACHED_NOTEBOOK_POLICY, MLSPACE_ROLES } from "../tools/mlspace-installs";
import { mlspacePolicy } from "../tools/mlspace-policies";
import { CdktfCli } from "./support/cdktf-cli";
import { foldWhitespace, startCli } from "./support/cli-process";
import { IamEndpoint, startIamEndpoint } from "./support/iam-endpoint";
import { ProjectCopy } from "./support/project-copy";
import { ReattachedProvider, startReattachedProvider } from "./support/reattached-provider";

/**
 * Leaving an install of installs.json, with the cdktf CLI against a local IAM endpoint: MLSpace's
 * real App policy and boundary adopted by import_arn alone in the recommended setup (the Notebook
 * ECR policy in attach mode), deployed; `cdktf destroy` stops with every policy and version intact;
 * `npm run release -- --install dev` gives MLSpace's documents back exactly and deletes only attach
 * mode's policy; the state keeps nothing. One install, one stack: every Terraform command, cdktf's
 * and the release's, reattaches to one provider (support/reattached-provider.ts).
 */

const INSTALL = "dev";
const ACCOUNT = "210987654321";

describe("npm run release of an install", () => {
  let endpoint: IamEndpoint;
  let copy: ProjectCopy;
  let cli: CdktfCli;
  let provider: ReattachedProvider | undefined;
  const arns: Record<"app" | "boundary", string> = { app: "", boundary: "" };

  beforeAll(async () => {
    endpoint = await startIamEndpoint({ accountId: ACCOUNT });
    endpoint.seedRole(MLSPACE_ROLES.notebook);
    arns.app = endpoint.seedPolicy("mlspace-app-policy", mlspacePolicy("app-policy")).arn;
    arns.boundary = endpoint.seedPolicy("mlspace-project-user-permission-boundary", mlspacePolicy("permission-boundary")).arn;
    copy = ProjectCopy.create();
    const install = {
      partition: "aws",
      region: "us-east-1",
      account_id: ACCOUNT,
      app_policy: { import_arn: arns.app },
      notebook_policy: ATTACHED_NOTEBOOK_POLICY,
      permission_boundary: { import_arn: arns.boundary },
    };
    writeFileSync(join(copy.directory, "installs.json"), JSON.stringify({ defaults: { ...RECOMMENDED_ACCESS, compaction: RECOMMENDED_COMPACTION }, installs: { [INSTALL]: install } }));
    cli = new CdktfCli(copy.directory, endpoint.awsEnvironment());
    provider = startReattachedProvider(cli.env);
    Object.assign(cli.env, provider?.environment);
  });

  afterAll(async () => {
    await cli?.stopAll();
    provider?.stop();
    await endpoint?.stop();
    copy?.remove();
  });

  const stateOf = () => {
    const path = resolve(join(copy.directory, "cdktf.out", "stacks", INSTALL), localStatePath(INSTALL));
    return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : { resources: [] };
  };

  it("deploys; then cdktf destroy stops before anything is applied, naming both adopted policies", async () => {
    // given
    const deploy = await cli.run(["deploy", INSTALL, "--auto-approve", "--skip-provider-lock"]);
    expect(deploy).toMatchObject({ code: 0 });
    const before = endpoint.policies();
    const start = endpoint.calls().length;
    // when
    const destroy = await cli.run(["destroy", INSTALL, "--auto-approve", "--skip-provider-lock"]);
    // then
    expect(destroy.code).not.toBe(0);
    for (const arn of Object.values(arns)) expect(foldWhitespace(destroy.output)).toContain(`${arn} is MLSpace's, adopted: never destroyed; to take this project out, run npm run release`);
    expect(endpoint.policies()).toEqual(before);
    expect(endpoint.calls().slice(start).filter((call) => /^(Delete|Detach|Create|Set)/.test(call.action))).toEqual([]);
  });

  it("npm run release -- --install dev gives MLSpace's documents back exactly, deletes attach mode's policy, and the state keeps nothing", async () => {
    // when
    const release = await startCli("npm", ["run", "--silent", "release", "--", "--install", INSTALL], { cwd: copy.directory, env: cli.env }).result;
    // then
    expect({ code: release.code, output: release.code === 0 ? "" : release.output }).toEqual({ code: 0, output: "" });
    const held = endpoint.policies();
    expect(held.map((policy) => policy.arn).sort()).toEqual(Object.values(arns).sort());
    expect(JSON.parse(held.find((p) => p.arn === arns.app)!.document)).toEqual(JSON.parse(mlspacePolicy("app-policy")));
    expect(JSON.parse(held.find((p) => p.arn === arns.boundary)!.document)).toEqual(JSON.parse(mlspacePolicy("permission-boundary")));
    expect(endpoint.roles().find((role) => role.name === MLSPACE_ROLES.notebook)!.attachedPolicyArns).toEqual([]);
    expect(stateOf().resources).toEqual([]);
  });
});
