import { POLICIES, POLICY_KEYS, PolicyKey } from "../modules/mlspace-ecr-access";
import { ENVIRONMENT_VARIABLES, fixture } from "./support/fixtures";
import { ScenarioStack, withImports } from "./support/scenario-stack";

/**
 * Real MLSpace accounts, applied for real against a local IAM endpoint with the real provider:
 * the three policies already exist (created outside Terraform, with MLSpace's default documents),
 * are adopted by import and updated in place; and attach mode leaves a policy alone.
 */

const EXISTING: Record<PolicyKey, { name: string; document: string }> = {
  app: { name: "mlspace-app-policy", document: fixture("app-policy") },
  notebook: { name: "mlspace-notebook-policy", document: fixture("notebook-policy") },
  boundary: { name: "mlspace-project-user-permission-boundary", document: fixture("permission-boundary") },
};

/** The documents as exported from the account, as the bases; read access to three repositories. */
const ADOPTED = {
  ...ENVIRONMENT_VARIABLES,
  read_repositories: ["custom-repo1", "custom-repo2", "custom-repo3"],
  // MLSpace's boundary has 140 characters left: the read statements only fit compacted.
  compaction: { merge_statements: true, exact_action_wildcards: true, boundary_read_ceiling: true },
  ...Object.fromEntries(POLICY_KEYS.map((key) => [POLICIES[key].input, { base_policy_json: EXISTING[key].document }])),
};

const policyChanges = (plan: any) =>
  plan.resource_changes
    .filter((change: any) => change.type === "aws_iam_policy")
    .map((change: any) => ({ address: change.address, actions: change.change.actions, importing: Boolean(change.change.importing) }));

describe("adopting MLSpace's existing policies", () => {
  let stack: ScenarioStack;
  let arns: Record<PolicyKey, string>;
  beforeAll(async () => {
    stack = await ScenarioStack.start();
    arns = await stack.createOutsideTerraform(EXISTING);
  });
  afterAll(() => stack?.stop());

  it("plans imports and in-place updates only: never a create, a replace or a delete", async () => {
    // given the policies in IAM and their ARNs as import_arn; when
    const plan = await stack.plan(withImports(ADOPTED, arns), "adopt");
    // then
    expect(policyChanges(plan)).toEqual([
      { address: "aws_iam_policy.app", actions: ["update"], importing: true },
      { address: "aws_iam_policy.boundary", actions: ["update"], importing: true },
      { address: "aws_iam_policy.notebook", actions: ["update"], importing: true },
    ]);
  });

  it("after the apply, the same three policies hold their documents plus ours, and a re-exported base changes nothing", async () => {
    // given the adoption applied
    await stack.apply(withImports(ADOPTED, arns));
    const policies = stack.endpoint.policies();
    expect(policies.map((p) => p.arn).sort()).toEqual(Object.values(arns).sort());
    // when the applied documents, which now hold our statements, are exported and given as bases
    const adopted = withImports(ADOPTED, arns) as Record<string, object>;
    const exported = Object.fromEntries(
      POLICY_KEYS.map((key) => [POLICIES[key].input, { ...adopted[POLICIES[key].input], base_policy_json: policies.find((p) => p.arn === arns[key])!.document }]),
    );
    const plan = await stack.plan({ ...withImports(ADOPTED, arns), ...exported }, "re-exported");
    // then our statements are replaced, not duplicated: nothing to change
    expect(policyChanges(plan).map((c: { actions: string[] }) => c.actions)).toEqual([["no-op"], ["no-op"], ["no-op"]]);
  });

  it("a destroy stops before anything is applied, naming each adopted policy and npm run release; every policy and version stays", async () => {
    // given the adoption applied, and IAM as it is then
    const before = JSON.stringify(stack.endpoint.policies());
    const callsBefore = stack.endpoint.calls().length;
    // when
    const destroy = stack.run(["destroy", "-auto-approve", "-input=false", "-lock=false", `-var-file=${stack.varFile("destroy", withImports(ADOPTED, arns))}`]);
    // then
    const error = ((await destroy.then(() => new Error("destroy succeeded"), (e: Error) => e)) as Error).message.replace(/\s+/g, " ");
    for (const key of POLICY_KEYS) expect(error).toContain(`${arns[key]} is MLSpace's, adopted: never destroyed; to take this project out, run npm run release`);
    expect(error).toContain("Instance cannot be destroyed");
    expect(JSON.stringify(stack.endpoint.policies())).toBe(before);
    const writes = stack.endpoint.calls().slice(callsBefore).filter((call) => !/^(Get|List)/.test(call.action));
    expect(writes).toEqual([]);
  });
});

describe("attach mode, for App and Notebook policies another tool owns", () => {
  let stack: ScenarioStack;
  beforeAll(async () => {
    stack = await ScenarioStack.start();
    stack.endpoint.seedRole("mlspace-app-role");
    stack.endpoint.seedRole("mlspace-notebook-role");
  });
  afterAll(() => stack?.stop());

  it("creates separate ECR policies attached to the roles, holding only our statements", async () => {
    // given
    const variables = {
      ...ENVIRONMENT_VARIABLES,
      read_repositories: ["custom-repo1"],
      write_repositories: ["custom-repo1"],
      write_actions: ["PutImage"],
      app_policy: { name: "mlspace-app-ecr-access", attach_to_roles: ["mlspace-app-role"] },
      notebook_policy: { name: "mlspace-notebook-ecr-access", attach_to_roles: ["mlspace-notebook-role"] },
      permission_boundary: { base_policy_json: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sagemaker:*", Resource: "*" }] }) },
    };
    // when
    await stack.apply(variables);
    // then
    const byName = Object.fromEntries(stack.endpoint.policies().map((p) => [p.name, p]));
    expect(Object.fromEntries(stack.endpoint.roles().map((r) => [r.name, r.attachedPolicyArns]))).toEqual({
      "mlspace-app-role": [byName["mlspace-app-ecr-access"].arn],
      "mlspace-notebook-role": [byName["mlspace-notebook-ecr-access"].arn],
    });
    const sids = (name: string) => (JSON.parse(byName[name].document) as { Statement: { Sid?: string }[] }).Statement.map((s) => s.Sid);
    expect(sids("mlspace-app-ecr-access")).toEqual(["MlspaceEcrAccessAuth", "MlspaceEcrAccessRead"]);
    // custom-repo1 is written, and write implies read: its pulls ride on the Write statement, and no Read is left.
    expect(sids("mlspace-notebook-ecr-access")).toEqual(["MlspaceEcrAccessAuth", "MlspaceEcrAccessWrite"]);
    expect(sids("mlspace-project-user-permission-boundary")).toEqual([undefined, "MlspaceEcrAccessAuth", "MlspaceEcrAccessWrite"]);
  });
});
