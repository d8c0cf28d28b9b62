import { existsSync } from "node:fs";
import { PolicyKey, SIDS } from "../modules/mlspace-ecr-access";
import { applySummary } from "./support/cdktf-cli";
import { CdktfDeployment, CONSOLE_EDIT, DEPLOY, DIFF, pulledRepositories, REPOSITORY, repositoryArn, statementResources, TAGS } from "./support/cdktf-deployment";
import { plannedActions } from "./support/deployed-stack";

/**
 * The deployable stack's life through the commands of the README's "Deploying for real",
 * `npx cdktf deploy|diff`, in a copy of the project, with the real Terraform CLI and AWS provider
 * talking to the local IAM endpoint: created, unchanged, changed, changed five more times, drifted
 * and repaired, changed through throttling and server errors. The tests run in order, one
 * deployment; after each step the state file is compared with what the endpoint holds. Each cdktf
 * run costs seconds (synth, init, plan, apply), so each test makes as few as its claim needs.
 * Adoption after EntityAlreadyExists, a killed deploy and destroy run beside this file, on a
 * deployment of their own (deploy-troubleshooting).
 */

describe("cdktf deploy and diff, from a copy of the project to the local IAM endpoint", () => {
  let deployment: CdktfDeployment;

  beforeAll(async () => {
    deployment = await CdktfDeployment.start();
  });

  afterAll(() => deployment?.stop());

  it("deploys the three policies, and the state records them as IAM holds them", async () => {
    // given
    deployment.useInputs({ team: "team-0" });

    // when
    const deploy = await deployment.cli.run(DEPLOY);

    // then
    expect(deploy).toMatchObject({ code: 0 }); // on failure, Jest shows the received output whole
    expect(applySummary(deploy.output)).toEqual({ imported: 0, added: 3, changed: 0, destroyed: 0 });
    const held = deployment.expectStateToMatchEndpoint();
    expect(Object.keys(held).sort()).toEqual(["app", "boundary", "notebook"]);
    for (const policy of Object.values(held)) {
      expect(policy).toMatchObject({ defaultVersionId: "v1", tags: TAGS, path: "/" });
      // The account is the caller's, from STS: no account_id was given.
      expect(statementResources(policy.document, SIDS.read)).toEqual([repositoryArn(REPOSITORY), repositoryArn("team-0")]);
    }
    expect(existsSync(deployment.copy.statePath)).toBe(true);
    expect(deployment.copy.lockInfoExists()).toBe(false);
  });

  it("plans no changes on a second diff", async () => {
    // given
    deployment.deployed.clearDiffPlan();

    // when
    const diff = await deployment.cli.run(DIFF);
    const plan = await deployment.deployed.diffPlan();

    // then
    expect(diff).toMatchObject({ code: 0 });
    expect(plannedActions(plan)).toEqual({ "aws_iam_policy.app": ["no-op"], "aws_iam_policy.boundary": ["no-op"], "aws_iam_policy.notebook": ["no-op"] });
    expect(diff.output).toContain("No changes. Your infrastructure matches the configuration.");
  });

  it("updates in place exactly the policies a new write repository changes: the notebook policy and the boundary", async () => {
    // given
    deployment.useInputs({ team: "team-0", write: true });
    deployment.deployed.clearDiffPlan();

    // when
    const diff = await deployment.cli.run(DIFF);
    const plan = await deployment.deployed.diffPlan();
    const deploy = await deployment.cli.run(DEPLOY);

    // then
    expect(diff).toMatchObject({ code: 0 });
    expect(plannedActions(plan)).toEqual({ "aws_iam_policy.app": ["no-op"], "aws_iam_policy.boundary": ["update"], "aws_iam_policy.notebook": ["update"] });
    expect(deploy).toMatchObject({ code: 0 });
    expect(applySummary(deploy.output)).toEqual({ imported: 0, added: 0, changed: 2, destroyed: 0 });
    const held = deployment.expectStateToMatchEndpoint();
    expect(held.app!.defaultVersionId).toBe("v1");
    expect(statementResources(held.app!.document, SIDS.write)).toBeUndefined();
    for (const key of ["notebook", "boundary"] as const) {
      expect(held[key]!.defaultVersionId).toBe("v2");
      expect(statementResources(held[key]!.document, SIDS.write)).toEqual([repositoryArn(REPOSITORY)]);
    }
  });

  it("applies five more changes in a row, keeping IAM's five versions by deleting the oldest", async () => {
    // given
    const start = deployment.endpoint.calls().length;

    // when
    for (let n = 1; n <= 5; n++) {
      deployment.useInputs({ team: `team-${n}`, write: true });
      expect(await deployment.cli.run(DEPLOY)).toMatchObject({ code: 0 });
    }

    // then
    const held = deployment.expectStateToMatchEndpoint();
    const versions = (key: PolicyKey) => held[key]!.versions.map((v) => v.versionId);
    expect(versions("app")).toEqual(["v2", "v3", "v4", "v5", "v6"]);
    expect(versions("notebook")).toEqual(["v3", "v4", "v5", "v6", "v7"]);
    expect(versions("boundary")).toEqual(["v3", "v4", "v5", "v6", "v7"]);
    for (const policy of Object.values(held)) expect(pulledRepositories(policy.document)).toEqual([repositoryArn(REPOSITORY), repositoryArn("team-5")]);
    const deletions = deployment.callsFrom(start).filter((call) => call.action === "DeletePolicyVersion");
    expect(deletions.map((call) => `${call.params.PolicyArn.split("/").pop()} ${call.params.VersionId}`).sort()).toEqual([
      "mlspace-app-policy v1",
      "mlspace-notebook-policy v1",
      "mlspace-notebook-policy v2",
      "mlspace-project-user-permission-boundary v1",
      "mlspace-project-user-permission-boundary v2",
    ]);
    expect(deployment.callsFrom(start).filter((call) => call.errorCode)).toEqual([]);
  });

  it("shows a console edit of the boundary in the next diff, and the next deploy puts the document back", async () => {
    // given
    const before = deployment.heldPolicies();
    deployment.endpoint.editPolicyDocument(before.boundary!.arn, CONSOLE_EDIT);
    deployment.deployed.clearDiffPlan();

    // when
    const diff = await deployment.cli.run(DIFF);
    const plan = await deployment.deployed.diffPlan();
    const deploy = await deployment.cli.run(DEPLOY);

    // then
    expect(diff).toMatchObject({ code: 0 });
    expect(plannedActions(plan)).toEqual({ "aws_iam_policy.app": ["no-op"], "aws_iam_policy.boundary": ["update"], "aws_iam_policy.notebook": ["no-op"] });
    const change = plan.resource_changes!.find((c) => c.address === "aws_iam_policy.boundary")!.change;
    expect(JSON.parse(change.before.policy)).toEqual(CONSOLE_EDIT);
    expect(JSON.parse(change.after.policy)).toEqual(JSON.parse(before.boundary!.document));

    expect(deploy).toMatchObject({ code: 0 });
    expect(applySummary(deploy.output)).toEqual({ imported: 0, added: 0, changed: 1, destroyed: 0 });
    const held = deployment.expectStateToMatchEndpoint();
    expect(JSON.parse(held.boundary!.document)).toEqual(JSON.parse(before.boundary!.document));
    expect(held.boundary!.versions).toHaveLength(5);
  });

  it("deploys a change through throttling and server errors, which the provider retries", async () => {
    // given
    deployment.useInputs({ team: "team-6", write: true });
    const start = deployment.endpoint.calls().length;
    deployment.endpoint.injectFaults({ kind: "server-error", count: 1, actions: ["GetCallerIdentity"], status: 503 });
    deployment.endpoint.injectFaults({ kind: "server-error", count: 2, actions: ["GetPolicy"] });
    deployment.endpoint.injectFaults({ kind: "server-error", count: 1, actions: ["GetPolicyVersion"], status: 503 });
    deployment.endpoint.injectFaults({ kind: "throttling", count: 1, actions: ["ListPolicyVersions"] });
    deployment.endpoint.injectFaults({ kind: "server-error", count: 1, actions: ["DeletePolicyVersion"] });
    deployment.endpoint.injectFaults({ kind: "throttling", count: 1, actions: ["CreatePolicyVersion"] });

    // when
    const deploy = await deployment.cli.run(DEPLOY);

    // then
    expect(deploy).toMatchObject({ code: 0 });
    expect(applySummary(deploy.output)).toEqual({ imported: 0, added: 0, changed: 3, destroyed: 0 });
    expect(deployment.endpoint.outstandingFaults()).toBe(0);
    const injected = deployment.callsFrom(start).filter((call) => call.injected);
    expect(injected.map((call) => `${call.action} ${call.status}`).sort()).toEqual([
      "CreatePolicyVersion 400",
      "DeletePolicyVersion 500",
      "GetCallerIdentity 503",
      "GetPolicy 500",
      "GetPolicy 500",
      "GetPolicyVersion 503",
      "ListPolicyVersions 400",
    ]);
    // Every failed call was tried again, and got through.
    expect(deployment.callsFrom(start).filter((call) => call.errorCode && !call.injected)).toEqual([]);
    const held = deployment.expectStateToMatchEndpoint();
    for (const policy of Object.values(held)) {
      expect(pulledRepositories(policy.document)).toEqual([repositoryArn(REPOSITORY), repositoryArn("team-6")]);
      expect(policy.versions).toHaveLength(5);
    }
  });

  it("was called only for actions it implements", () => {
    expect(deployment.endpoint.unknownActions()).toEqual([]);
  });
});
