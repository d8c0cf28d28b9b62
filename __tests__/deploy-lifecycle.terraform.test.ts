import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { POLICIES, POLICY_KEYS, PolicyKey, SIDS } from "../modules/mlspace-ecr-access";
import { applySummary, CdktfCli } from "./support/cdktf-cli";
import { foldWhitespace } from "./support/cli-process";
import { asInState, DeployedStack, plannedActions } from "./support/deployed-stack";
import { fixture } from "./support/fixtures";
import { IamEndpoint, PolicySnapshot, startIamEndpoint } from "./support/iam-endpoint";
import { waitForExit } from "./support/process-tree";
import { ProjectCopy } from "./support/project-copy";

/**
 * The deployable stack's whole life through the commands of the README's "Deploying for real",
 * `npx cdktf deploy|diff|destroy`, in a built copy of the project, with the real Terraform CLI and
 * AWS provider talking to the local IAM endpoint. The tests run in order, one deployment from
 * create to destroy; after each step the state, read back with `terraform show -json`, is compared
 * with what the endpoint holds. Each cdktf run costs seconds (synth, init, plan), so each test
 * makes as few as its claim needs.
 */

const VAR_FILE = "inputs.tfvars.json";
const DEPLOY = ["deploy", "--auto-approve", "--skip-provider-lock", `--var-file=${VAR_FILE}`];
const DIFF = ["diff", "--skip-provider-lock", `--var-file=${VAR_FILE}`];
const DESTROY = ["destroy", "--auto-approve", "--skip-provider-lock", `--var-file=${VAR_FILE}`];

/** Not the endpoint's default account, so ARNs with it prove the account came from STS. */
const ACCOUNT_ID = "210987654321";
const REPOSITORY = "custom-repo1";
const TAGS = { project: "mlspace" };
/** MLSpace's real App and Notebook policies as bases; the real boundary needs compaction to fit
 * write access (see the module README), so a small boundary stands in for it. */
const BOUNDARY_BASE = readFileSync(join(__dirname, "..", "examples", "complete", "policies", "permission-boundary.json"), "utf8");
const CONSOLE_EDIT = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }] };

interface Inputs {
  /** The second read repository; changing it changes all three documents. */
  team: string;
  write?: boolean;
  notebookImportArn?: string;
}

/** The var file: no partition, region or account, so the provider's (STS's) are used. */
function inputs({ team, write = false, notebookImportArn }: Inputs): Record<string, unknown> {
  return {
    read_repositories: [REPOSITORY, team],
    write_repositories: write ? [REPOSITORY] : [],
    write_actions: ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage"],
    app_policy: { base_policy_json: fixture("app-policy") },
    notebook_policy: { base_policy_json: fixture("notebook-policy"), ...(notebookImportArn ? { import_arn: notebookImportArn } : {}) },
    permission_boundary: { base_policy_json: BOUNDARY_BASE },
    tags: TAGS,
  };
}

const repositoryArn = (name: string) => `arn:aws:ecr:us-east-1:${ACCOUNT_ID}:repository/${name}`;

/** The resources of one of our statements in a document, as a list; undefined without it. */
function statementResources(document: string | unknown, sid: string): string[] | undefined {
  const parsed: any = typeof document === "string" ? JSON.parse(document) : document;
  const statement = parsed.Statement.find((s: any) => s.Sid === sid);
  return statement && [statement.Resource].flat();
}

describe("cdktf deploy, diff and destroy, from a copy of the project to the local IAM endpoint", () => {
  let endpoint: IamEndpoint;
  let copy: ProjectCopy;
  let cli: CdktfCli;
  let deployed: DeployedStack;

  const useInputs = (given: Inputs) => copy.writeVarFile(inputs(given), VAR_FILE);
  const callsFrom = (start: number) => endpoint.calls().slice(start);
  /** The endpoint's policies by key; fails on any policy the stack does not name (a duplicate). */
  const heldPolicies = (): Partial<Record<PolicyKey, PolicySnapshot>> => {
    const byName = new Map(endpoint.policies().map((policy) => [policy.name, policy]));
    const held = Object.fromEntries(POLICY_KEYS.filter((key) => byName.has(POLICIES[key].defaultName)).map((key) => [key, byName.get(POLICIES[key].defaultName)!]));
    expect(endpoint.policies()).toHaveLength(Object.keys(held).length);
    return held;
  };
  /** The state records exactly the policies the endpoint holds, as it holds them. */
  const expectStateToMatchEndpoint = async () => {
    const inState = await deployed.policies();
    const held = heldPolicies();
    expect(inState).toEqual(Object.fromEntries(Object.entries(held).map(([key, policy]) => [key, asInState(key as PolicyKey, policy)])));
    return held;
  };

  beforeAll(async () => {
    endpoint = await startIamEndpoint({ accountId: ACCOUNT_ID });
    copy = await ProjectCopy.build();
    cli = new CdktfCli(copy.directory, endpoint.awsEnvironment());
    deployed = new DeployedStack(copy.stackDirectory, cli.env);
  });

  afterAll(async () => {
    await cli?.stopAll();
    await endpoint?.stop();
    copy?.remove();
  });

  it("deploys the three policies, and the state records them as IAM holds them", async () => {
    // given
    useInputs({ team: "team-0" });

    // when
    const deploy = await cli.run(DEPLOY);

    // then
    expect(deploy).toMatchObject({ code: 0 }); // on failure, Jest shows the received output whole
    expect(applySummary(deploy.output)).toEqual({ imported: 0, added: 3, changed: 0, destroyed: 0 });
    const held = await expectStateToMatchEndpoint();
    expect(Object.keys(held).sort()).toEqual(["app", "boundary", "notebook"]);
    for (const policy of Object.values(held)) {
      expect(policy).toMatchObject({ defaultVersionId: "v1", tags: TAGS, path: "/" });
      // The account is the caller's, from STS: no account_id was given.
      expect(statementResources(policy.document, SIDS.read)).toEqual([repositoryArn(REPOSITORY), repositoryArn("team-0")]);
    }
    expect(existsSync(copy.statePath)).toBe(true);
    expect(copy.lockInfoExists()).toBe(false);
  });

  it("plans no changes on a second diff", async () => {
    // given
    deployed.clearDiffPlan();

    // when
    const diff = await cli.run(DIFF);
    const plan = await deployed.diffPlan();

    // then
    expect(diff).toMatchObject({ code: 0 });
    expect(plannedActions(plan)).toEqual({ "aws_iam_policy.app": ["no-op"], "aws_iam_policy.boundary": ["no-op"], "aws_iam_policy.notebook": ["no-op"] });
    expect(diff.output).toContain("No changes. Your infrastructure matches the configuration.");
  });

  it("updates in place exactly the policies a new write repository changes: the notebook policy and the boundary", async () => {
    // given
    useInputs({ team: "team-0", write: true });
    deployed.clearDiffPlan();

    // when
    const diff = await cli.run(DIFF);
    const plan = await deployed.diffPlan();
    const deploy = await cli.run(DEPLOY);

    // then
    expect(diff).toMatchObject({ code: 0 });
    expect(plannedActions(plan)).toEqual({ "aws_iam_policy.app": ["no-op"], "aws_iam_policy.boundary": ["update"], "aws_iam_policy.notebook": ["update"] });
    expect(deploy).toMatchObject({ code: 0 });
    expect(applySummary(deploy.output)).toEqual({ imported: 0, added: 0, changed: 2, destroyed: 0 });
    const held = await expectStateToMatchEndpoint();
    expect(held.app!.defaultVersionId).toBe("v1");
    expect(statementResources(held.app!.document, SIDS.write)).toBeUndefined();
    for (const key of ["notebook", "boundary"] as const) {
      expect(held[key]!.defaultVersionId).toBe("v2");
      expect(statementResources(held[key]!.document, SIDS.write)).toEqual([repositoryArn(REPOSITORY)]);
    }
  });

  it("applies five more changes in a row, keeping IAM's five versions by deleting the oldest", async () => {
    // given
    const start = endpoint.calls().length;

    // when
    for (let n = 1; n <= 5; n++) {
      useInputs({ team: `team-${n}`, write: true });
      expect(await cli.run(DEPLOY)).toMatchObject({ code: 0 });
    }

    // then
    const held = await expectStateToMatchEndpoint();
    const versions = (key: PolicyKey) => held[key]!.versions.map((v) => v.versionId);
    expect(versions("app")).toEqual(["v2", "v3", "v4", "v5", "v6"]);
    expect(versions("notebook")).toEqual(["v3", "v4", "v5", "v6", "v7"]);
    expect(versions("boundary")).toEqual(["v3", "v4", "v5", "v6", "v7"]);
    for (const policy of Object.values(held)) expect(statementResources(policy.document, SIDS.read)).toEqual([repositoryArn(REPOSITORY), repositoryArn("team-5")]);
    const deletions = callsFrom(start).filter((call) => call.action === "DeletePolicyVersion");
    expect(deletions.map((call) => `${call.params.PolicyArn.split("/").pop()} ${call.params.VersionId}`).sort()).toEqual([
      "mlspace-app-policy v1",
      "mlspace-notebook-policy v1",
      "mlspace-notebook-policy v2",
      "mlspace-project-user-permission-boundary v1",
      "mlspace-project-user-permission-boundary v2",
    ]);
    expect(callsFrom(start).filter((call) => call.errorCode)).toEqual([]);
  });

  it("shows a console edit of the boundary in the next diff, and the next deploy puts the document back", async () => {
    // given
    const before = heldPolicies();
    endpoint.editPolicyDocument(before.boundary!.arn, CONSOLE_EDIT);
    deployed.clearDiffPlan();

    // when
    const diff = await cli.run(DIFF);
    const plan = await deployed.diffPlan();
    const deploy = await cli.run(DEPLOY);

    // then
    expect(diff).toMatchObject({ code: 0 });
    expect(plannedActions(plan)).toEqual({ "aws_iam_policy.app": ["no-op"], "aws_iam_policy.boundary": ["update"], "aws_iam_policy.notebook": ["no-op"] });
    const change = plan.resource_changes!.find((c) => c.address === "aws_iam_policy.boundary")!.change;
    expect(JSON.parse(change.before.policy)).toEqual(CONSOLE_EDIT);
    expect(JSON.parse(change.after.policy)).toEqual(JSON.parse(before.boundary!.document));

    expect(deploy).toMatchObject({ code: 0 });
    expect(applySummary(deploy.output)).toEqual({ imported: 0, added: 0, changed: 1, destroyed: 0 });
    const held = await expectStateToMatchEndpoint();
    expect(JSON.parse(held.boundary!.document)).toEqual(JSON.parse(before.boundary!.document));
    expect(held.boundary!.versions).toHaveLength(5);
  });

  it("deploys a change through throttling and server errors, which the provider retries", async () => {
    // given
    useInputs({ team: "team-6", write: true });
    const start = endpoint.calls().length;
    endpoint.injectFaults({ kind: "server-error", count: 1, actions: ["GetCallerIdentity"], status: 503 });
    endpoint.injectFaults({ kind: "server-error", count: 2, actions: ["GetPolicy"] });
    endpoint.injectFaults({ kind: "server-error", count: 1, actions: ["GetPolicyVersion"], status: 503 });
    endpoint.injectFaults({ kind: "throttling", count: 1, actions: ["ListPolicyVersions"] });
    endpoint.injectFaults({ kind: "server-error", count: 1, actions: ["DeletePolicyVersion"] });
    endpoint.injectFaults({ kind: "throttling", count: 1, actions: ["CreatePolicyVersion"] });

    // when
    const deploy = await cli.run(DEPLOY);

    // then
    expect(deploy).toMatchObject({ code: 0 });
    expect(applySummary(deploy.output)).toEqual({ imported: 0, added: 0, changed: 3, destroyed: 0 });
    expect(endpoint.outstandingFaults()).toBe(0);
    const injected = callsFrom(start).filter((call) => call.injected);
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
    expect(callsFrom(start).filter((call) => call.errorCode && !call.injected)).toEqual([]);
    const held = await expectStateToMatchEndpoint();
    for (const policy of Object.values(held)) {
      expect(statementResources(policy.document, SIDS.read)).toEqual([repositoryArn(REPOSITORY), repositoryArn("team-6")]);
      expect(policy.versions).toHaveLength(5);
    }
  });

  it("converges on the next deploy after a deploy killed midway, with no duplicate policy or version", async () => {
    // given: one policy's new version is in IAM, and the other two calls are stuck unanswered
    useInputs({ team: "team-7", write: true });
    const start = endpoint.calls().length;
    endpoint.injectFaults({ kind: "hold", count: 2, actions: ["CreatePolicyVersion"] });
    const run = cli.start(DEPLOY);
    await waitUntil(() => {
      const creates = callsFrom(start).filter((call) => call.action === "CreatePolicyVersion");
      return creates.filter((call) => call.held).length === 2 && creates.some((call) => call.status === 200);
    }, run.result);
    // Killed while Terraform waits on IAM, not while it rewrites the local state file: a kill in
    // the middle of that write can leave the file empty (see the README's troubleshooting).
    await waitUntilUnchanged(copy.statePath, 2000);

    // when: killed at once
    const killed = run.killTree();
    const interrupted = await run.result;
    const survivors = await waitForExit(killed);
    const afterKill = heldPolicies();
    const stateAfterKill = await deployed.policies();
    const lockLeftBehind = copy.lockInfoExists();
    const convergeStart = endpoint.calls().length;
    const converge = await cli.run(DEPLOY);

    // then: the kill left work half done, a lock's info file, and a readable state
    expect(interrupted.signal).toBe("SIGKILL");
    expect(survivors).toEqual([]);
    const updated = (policy: PolicySnapshot) => statementResources(policy.document, SIDS.read)!.includes(repositoryArn("team-7"));
    expect(Object.values(afterKill).filter(updated)).toHaveLength(1);
    expect(lockLeftBehind).toBe(true);
    expect(Object.values(stateAfterKill).map((policy) => policy!.arn).sort()).toEqual(Object.values(afterKill).map((policy) => policy.arn).sort());

    // then: the next deploy took the lock, finished the other two, and left the first alone
    expect(converge).toMatchObject({ code: 0 });
    expect(endpoint.outstandingFaults()).toBe(0);
    const held = await expectStateToMatchEndpoint();
    expect(Object.values(held).every(updated)).toBe(true);
    const created = callsFrom(convergeStart).filter((call) => call.action === "CreatePolicyVersion" && call.status === 200);
    expect(created.map((call) => call.params.PolicyArn).sort()).toEqual(
      Object.values(afterKill)
        .filter((policy) => !updated(policy))
        .map((policy) => policy.arn)
        .sort(),
    );
    expect(copy.lockInfoExists()).toBe(false);
  });

  it("destroys every policy and leaves the state empty", async () => {
    // when
    const destroy = await cli.run(DESTROY);
    const state = await deployed.state();

    // then
    expect(destroy).toMatchObject({ code: 0 });
    expect(destroy.output).toContain("Destroy complete! Resources: 3 destroyed.");
    expect(endpoint.policies()).toEqual([]);
    expect(state.values?.root_module?.resources ?? []).toEqual([]);
    expect(existsSync(copy.statePath)).toBe(true);
  });

  it("fails to create a policy that exists outside the state with IAM's EntityAlreadyExists, and creates the other two", async () => {
    // given: made in the console, or by a deploy killed between CreatePolicy and saving the state
    const existing = endpoint.seedPolicy(POLICIES.notebook.defaultName, CONSOLE_EDIT);

    // when
    const deploy = await cli.run(DEPLOY);

    // then
    expect(deploy.code).not.toBe(0);
    expect(foldWhitespace(deploy.output)).toMatch(
      new RegExp(
        "Error: creating IAM Policy \\(mlspace-notebook-policy\\): operation error IAM: CreatePolicy, https response error StatusCode: 409, " +
          "RequestID: [0-9a-f-]{36}, EntityAlreadyExists: A policy called mlspace-notebook-policy already exists\\. Duplicate names are not allowed\\.",
      ),
    );
    const held = heldPolicies();
    expect(held.notebook).toEqual(existing);
    expect(await deployed.policies()).toEqual({ app: asInState("app", held.app!), boundary: asInState("boundary", held.boundary!) });
  });

  it("adopts that policy with import_arn: imported and updated in place, not created again", async () => {
    // given
    const existing = heldPolicies().notebook!;
    useInputs({ team: "team-7", write: true, notebookImportArn: existing.arn });
    deployed.clearDiffPlan();

    // when
    const diff = await cli.run(DIFF);
    const plan = await deployed.diffPlan();
    const deploy = await cli.run(DEPLOY);

    // then
    expect(diff).toMatchObject({ code: 0 });
    expect(plannedActions(plan)).toEqual({ "aws_iam_policy.app": ["no-op"], "aws_iam_policy.boundary": ["no-op"], "aws_iam_policy.notebook": ["update"] });
    const change: any = plan.resource_changes!.find((c) => c.address === "aws_iam_policy.notebook")!.change;
    expect(change.importing).toEqual({ id: existing.arn });
    expect(deploy).toMatchObject({ code: 0 });
    expect(applySummary(deploy.output)).toEqual({ imported: 1, added: 0, changed: 1, destroyed: 0 });
    const held = await expectStateToMatchEndpoint();
    expect(held.notebook!.id).toBe(existing.id);
    expect(held.notebook!.versions.map((v) => v.versionId)).toEqual(["v1", "v2"]);
    expect(statementResources(held.notebook!.document, SIDS.write)).toEqual([repositoryArn(REPOSITORY)]);
  });

  it("was called only for actions it implements", () => {
    expect(endpoint.unknownActions()).toEqual([]);
  });
});

/** Resolves once `condition` holds; rejects if `ended` settles first (the run finished too soon). */
/** Resolves once the file has not been modified for `quietMs`. */
async function waitUntilUnchanged(path: string, quietMs: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() - statSync(path).mtimeMs < quietMs) {
    if (Date.now() > deadline) throw new Error(`${path} kept changing for ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

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
