import { POLICIES, SIDS } from "../modules/mlspace-ecr-access";
import { applySummary } from "./support/cdktf-cli";
import { CdktfDeployment, CONSOLE_EDIT, DEPLOY, DESTROY, REPOSITORY, repositoryArn, statementResources, VAR_FILE } from "./support/cdktf-deployment";
import { foldWhitespace, startCli } from "./support/cli-process";
import { fixture } from "./support/fixtures";
import { asInState, plannedActions } from "./support/deployed-stack";
import { waitForExit } from "./support/process-tree";

/**
 * The README's troubleshooting, through `npx cdktf deploy|diff|destroy` in a copy of the project,
 * with the real Terraform CLI and AWS provider talking to the local IAM endpoint, on a deployment of
 * its own (deploy-lifecycle runs beside it): a policy of the stack's name exists outside the state,
 * the deploy refuses to duplicate it and `import_arn` adopts it; a deploy killed midway is finished
 * by the same command again; destroy stops at the adopted policy, and `npm run release` gives it
 * back and removes the other two.
 */

/** Whether a document reads the repository the interrupted deploy adds. */
const readsTeam8 = (document: unknown) => statementResources(document, SIDS.read)!.includes(repositoryArn("team-8"));

describe("cdktf deploy when things go wrong", () => {
  let deployment: CdktfDeployment;

  beforeAll(async () => {
    deployment = await CdktfDeployment.start();
  });

  afterAll(() => deployment?.stop());

  it("fails to create a policy that exists outside the state with IAM's EntityAlreadyExists, and creates the other two", async () => {
    // given: made in the console, or by a deploy killed between CreatePolicy and saving the state
    deployment.useInputs({ team: "team-7", write: true });
    const existing = deployment.endpoint.seedPolicy(POLICIES.notebook.defaultName, CONSOLE_EDIT);

    // when
    const deploy = await deployment.cli.run(DEPLOY);

    // then
    expect(deploy.code).not.toBe(0);
    expect(foldWhitespace(deploy.output)).toMatch(
      new RegExp(
        "Error: creating IAM Policy \\(mlspace-notebook-policy\\): operation error IAM: CreatePolicy, https response error StatusCode: 409, " +
          "RequestID: [0-9a-f-]{36}, EntityAlreadyExists: A policy called mlspace-notebook-policy already exists\\. Duplicate names are not allowed\\.",
      ),
    );
    const held = deployment.heldPolicies();
    expect(held.notebook).toEqual(existing);
    expect(deployment.deployed.policies()).toEqual({ app: asInState("app", held.app!), boundary: asInState("boundary", held.boundary!) });
  });

  it("adopts that policy with import_arn: imported and updated in place, not created again", async () => {
    // given
    const existing = deployment.heldPolicies().notebook!;
    deployment.useInputs({ team: "team-7", write: true, notebookImportArn: existing.arn });

    // when: the plan cdktf diff would run (deploy-lifecycle runs cdktf diff itself), then the deploy
    const diff = await deployment.terraform("plan");
    const plan = await deployment.deployed.diffPlan();
    const deploy = await deployment.cli.run(DEPLOY);

    // then
    expect(diff).toMatchObject({ code: 0 });
    expect(plannedActions(plan)).toEqual({
      "aws_iam_policy.app": ["no-op"],
      "aws_iam_policy.boundary": ["no-op"],
      "aws_iam_policy.notebook": ["update"],
      // What keeps every destroy away from it (README, "Leaving an adopted install").
      [`terraform_data.adopted_policy_guard["${existing.arn} is MLSpace's, adopted: never destroyed; to take this project out, run npm run release"]`]: ["create"],
    });
    const change: any = plan.resource_changes!.find((c) => c.address === "aws_iam_policy.notebook")!.change;
    expect(change.importing).toEqual({ id: existing.arn });
    expect(deploy).toMatchObject({ code: 0 });
    expect(applySummary(deploy.output)).toEqual({ imported: 1, added: 1, changed: 1, destroyed: 0 });
    const held = deployment.expectStateToMatchEndpoint();
    expect(held.notebook!.id).toBe(existing.id);
    expect(held.notebook!.versions.map((v) => v.versionId)).toEqual(["v1", "v2"]);
    expect(statementResources(held.notebook!.document, SIDS.write)).toEqual([repositoryArn(REPOSITORY)]);
  });

  it("converges on the next deploy after a deploy killed midway, with no duplicate policy or version", async () => {
    // given: one policy's new version is in IAM, and the other two calls are stuck unanswered
    deployment.useInputs({ team: "team-8", write: true, notebookImportArn: deployment.heldPolicies().notebook!.arn });
    const start = deployment.endpoint.calls().length;
    deployment.endpoint.injectFaults({ kind: "hold", count: 2, actions: ["CreatePolicyVersion"] });
    const run = deployment.cli.start(DEPLOY);
    await waitUntil(() => {
      const creates = deployment.callsFrom(start).filter((call) => call.action === "CreatePolicyVersion");
      return creates.filter((call) => call.held).length === 2 && creates.some((call) => call.status === 200);
    }, run.result);
    // Terraform rewrites the local state file (truncated, then written) after each policy it
    // finishes. Killed once that write is whole, the kill lands while Terraform waits on IAM and
    // writes nothing; a kill in the middle of the write would leave the file empty (README).
    await waitUntil(() => updatesInStateFile() === 1, run.result);

    // when: killed at once
    const killed = run.killTree();
    const interrupted = await run.result;
    const survivors = await waitForExit(killed);
    deployment.restartProvider();
    const afterKill = deployment.heldPolicies();
    const stateAfterKill = deployment.deployed.policies();
    const lockLeftBehind = deployment.copy.lockInfoExists();
    const convergeStart = deployment.endpoint.calls().length;
    const converge = await deployment.cli.run(DEPLOY);

    // then: the kill left work half done, a lock's info file, and a readable state that records the policy finished
    expect(interrupted.signal).toBe("SIGKILL");
    expect(survivors).toEqual([]);
    const updatedInIam = Object.values(afterKill).filter((policy) => readsTeam8(policy.document));
    expect(updatedInIam).toHaveLength(1);
    expect(lockLeftBehind).toBe(true);
    expect(Object.values(stateAfterKill).map((policy) => policy!.arn).sort()).toEqual(Object.values(afterKill).map((policy) => policy.arn).sort());
    expect(Object.values(stateAfterKill).filter((policy) => readsTeam8(policy!.document)).map((policy) => policy!.arn)).toEqual([updatedInIam[0].arn]);

    // then: the next deploy took the lock, finished the other two, and left the first alone
    expect(converge).toMatchObject({ code: 0 });
    expect(deployment.endpoint.outstandingFaults()).toBe(0);
    const held = deployment.expectStateToMatchEndpoint();
    expect(Object.values(held).every((policy) => readsTeam8(policy.document))).toBe(true);
    const created = deployment.callsFrom(convergeStart).filter((call) => call.action === "CreatePolicyVersion" && call.status === 200);
    expect(created.map((call) => call.params.PolicyArn).sort()).toEqual(
      Object.values(afterKill)
        .filter((policy) => !readsTeam8(policy.document))
        .map((policy) => policy.arn)
        .sort(),
    );
    expect(deployment.copy.lockInfoExists()).toBe(false);
  });

  it("a destroy stops before anything is applied, naming the adopted policy and npm run release: every policy and version stays", async () => {
    // given the adopted notebook policy and the two created ones, as IAM holds them
    const before = deployment.endpoint.policies();
    const start = deployment.endpoint.calls().length;
    const adopted = deployment.heldPolicies().notebook!;
    // when
    const destroy = await deployment.cli.run(DESTROY);
    // then
    expect(destroy.code).not.toBe(0);
    expect(foldWhitespace(destroy.output)).toContain(`${adopted.arn} is MLSpace's, adopted: never destroyed; to take this project out, run npm run release`);
    expect(deployment.endpoint.policies()).toEqual(before);
    expect(deployment.callsFrom(start).filter((call) => /^(Delete|Detach|Create|Set)/.test(call.action))).toEqual([]);
  });

  it("npm run release gives the adopted policy back without our statements, deletes what it created, and the state keeps nothing", async () => {
    // given
    const adopted = deployment.heldPolicies().notebook!;
    const start = deployment.endpoint.calls().length;
    // when
    const release = await startCli("npm", ["run", "--silent", "release", "--", "--var-file", VAR_FILE], { cwd: deployment.copy.directory, env: deployment.cli.env }).result;
    // then
    expect({ code: release.code, output: release.code === 0 ? "" : release.output }).toEqual({ code: 0, output: "" });
    expect(deployment.endpoint.policies().map((policy) => policy.arn)).toEqual([adopted.arn]);
    const [givenBack] = deployment.endpoint.policies();
    expect(JSON.parse(givenBack.document)).toEqual(JSON.parse(fixture("notebook-policy")));
    const calls = deployment.callsFrom(start);
    expect(calls.filter((call) => call.action === "CreatePolicyVersion" && call.params.PolicyArn === adopted.arn)).toHaveLength(1);
    expect(calls.filter((call) => call.action === "DeletePolicy" && call.params.PolicyArn === adopted.arn)).toEqual([]);
    expect(deployment.deployed.stateFile().resources).toEqual([]);
  });

  it("npm run release again changes nothing in IAM", async () => {
    // given
    const before = deployment.endpoint.policies();
    const start = deployment.endpoint.calls().length;
    // when
    const again = await startCli("npm", ["run", "--silent", "release", "--", "--var-file", VAR_FILE], { cwd: deployment.copy.directory, env: deployment.cli.env }).result;
    // then
    expect({ code: again.code, output: again.code === 0 ? "" : again.output }).toEqual({ code: 0, output: "" });
    expect(deployment.endpoint.policies()).toEqual(before);
    expect(deployment.callsFrom(start).filter((call) => /^(Delete|Detach|Create|Set)/.test(call.action))).toEqual([]);
    expect(deployment.deployed.stateFile().resources).toEqual([]);
  });

  it("was called only for actions it implements", () => {
    expect(deployment.endpoint.unknownActions()).toEqual([]);
  });

  /** Policies the state file records with team-8; 0 while the file is being written (not whole JSON). */
  function updatesInStateFile(): number {
    try {
      return Object.values(deployment.deployed.policies()).filter((policy) => readsTeam8(policy!.document)).length;
    } catch {
      return 0;
    }
  }
});

/** Resolves once `condition` holds; rejects if `ended` settles first (the run finished too soon). */
async function waitUntil(condition: () => boolean, ended: Promise<unknown>, timeoutMs = 120_000): Promise<void> {
  let finished = false;
  void ended.finally(() => (finished = true)).catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (finished) throw new Error("the run ended before the awaited moment");
    if (Date.now() > deadline) throw new Error(`the awaited moment did not come within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
