import { existsSync } from "node:fs";
import { PolicyKey, SIDS } from "../modules/mlspace-ecr-access";
import { applySummary } from "./support/cdktf-cli";
import { CdktfDeployment, CONSOLE_EDIT, DEPLOY, DIFF, pulledRepositories, REPOSITORY, repositoryArn, statementResources, TAGS } from "./support/cdktf-deployment";
import { plannedActions } from "./support/deployed-stack";
import { nextIamSecond } from "./support/iam-endpoint/ids";

/**
 * The deployable stack's life through the commands of the README's "Deploying for real",
 * `npx cdktf deploy|diff`, in a copy of the project, with the real Terraform CLI and AWS provider
 * talking to the local IAM endpoint: created, unchanged, changed, drifted and repaired, changed
 * until IAM's five versions rotate, the last change through throttling and server errors (the
 * endpoint's own test proves the rotation over more changes, with Terraform alone). The tests run in order, one
 * deployment; after each step the state file is compared with what the endpoint holds. Each cdktf
 * run costs seconds (synth, init, plan, apply), so each test makes as few as its claim needs: where
 * the claim is the plan, or a deploy is only the way to a later step, Terraform runs as cdktf would
 * run it, in the synthesized stack (`deployment.terraform`); every deploy the claims are about, and
 * the no-change diff, go through cdktf.
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

    // when
    const diff = await deployment.terraform("plan");
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

  it("shows a console edit of the boundary in the next diff, and the next deploy puts the document back", async () => {
    // given
    const before = deployment.heldPolicies();
    // a person edits in the console seconds after a deploy, not in the second of its last version
    await nextIamSecond();
    deployment.endpoint.editPolicyDocument(before.boundary!.arn, CONSOLE_EDIT);

    // when
    const diff = await deployment.terraform("plan");
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
    // Created, changed, edited in the console, put back.
    expect(held.boundary!.versions.map((v) => v.versionId)).toEqual(["v1", "v2", "v3", "v4"]);
  });

  it("deploys changes in a row, keeping IAM's five versions by deleting the oldest, the last through throttling and server errors", async () => {
    // given two plain changes, then one whose calls fail once (the boundary reaches IAM's five
    // versions on the first: each later deploy must delete its oldest version, once under a fault)
    const start = deployment.endpoint.calls().length;
    for (const team of ["team-1", "team-2"]) {
      deployment.useInputs({ team, write: true });
      expect(await deployment.terraform("apply")).toMatchObject({ code: 0 });
    }
    deployment.useInputs({ team: "team-3", write: true });
    const faulted = deployment.endpoint.calls().length;
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
    const injected = deployment.callsFrom(faulted).filter((call) => call.injected);
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
    const versions = (key: PolicyKey) => held[key]!.versions.map((v) => v.versionId);
    expect(versions("app")).toEqual(["v1", "v2", "v3", "v4"]);
    expect(versions("notebook")).toEqual(["v1", "v2", "v3", "v4", "v5"]);
    expect(versions("boundary")).toEqual(["v3", "v4", "v5", "v6", "v7"]);
    const deletions = deployment.callsFrom(start).filter((call) => call.action === "DeletePolicyVersion" && !call.injected);
    expect(deletions.map((call) => `${call.params.PolicyArn.split("/").pop()} ${call.params.VersionId}`)).toEqual([
      "mlspace-project-user-permission-boundary v1",
      "mlspace-project-user-permission-boundary v2",
    ]);
    for (const policy of Object.values(held)) expect(pulledRepositories(policy.document)).toEqual([repositoryArn(REPOSITORY), repositoryArn("team-3")]);
  });

  it("was called only for actions it implements", () => {
    expect(deployment.endpoint.unknownActions()).toEqual([]);
  });
});
