import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { reviewPlan } from "../tools/plan-review/analysis/review";
import { releasePlan } from "../tools/release/release-plan";
import { ENVIRONMENT_VARIABLES } from "./support/fixtures";
import { hclArguments, MODULE_DIRECTORY } from "./support/hcl-root";
import { IamEndpoint } from "./support/iam-endpoint";
import { ENDPOINT_PROVIDER_BLOCK, EndpointRoot, startEndpointRoot } from "./support/iam-endpoint/terraform-root";
import { ScenarioStack } from "./support/scenario-stack";

/**
 * Attach mode while MLSpace's roles come and go, with the real Terraform and AWS provider against a
 * local IAM endpoint. MLSpace copies the notebook role's managed policies (ours among them) onto
 * each project-user role it creates, and detaches every policy from a role before it deletes it
 * (awslabs/mlspace, backend/src/ml_space_lambda/utils/iam_manager.py). The deployable stack: an
 * apply over two project-user roles; MLSpace then creates a third and deletes one; the next plan
 * changes nothing, its apply succeeds, and a destroy leaves no policy of the stack's attached to
 * any role. The generated module from HCL: a state of the per-role attachments that releases
 * before wrote is taken over by the exclusive attachment without a single detach.
 */

const ACCOUNT = "123456789012";
const BOUNDARY_NAME = "mlspace-project-user-permission-boundary";
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/${BOUNDARY_NAME}`;
const BOUNDARY_DOCUMENT = readFileSync(join(__dirname, "support", "documents", "small-permission-boundary.json"), "utf8");
const NOTEBOOK_ROLE = "mlspace-notebook-role";
const APP_ROLE = "mlspace-app-role";
const ECR_POLICY = "mlspace-notebook-ecr-access";
const SMALL_DOCUMENT = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });

/** MLSpace's name for a project-user role: prefix, project, and as much of sha256(user) as fits in 64 characters. */
function mlspaceRoleName(project: string, user: string): string {
  const prefix = `MLSpace-${project}-`;
  return prefix + createHash("sha256").update(user).digest("hex").slice(0, 64 - prefix.length - 1);
}

/** MLSpace's roles before any of this: the notebook role, and a project-user role per (project, user) with its project and user policies. */
function seedMlspace(endpoint: IamEndpoint, projectUsers: [string, string][]): void {
  endpoint.seedPolicy(BOUNDARY_NAME, BOUNDARY_DOCUMENT);
  endpoint.seedRole(NOTEBOOK_ROLE, { tags: { project: "MLSpaceInfrastructure", user: "MLSpaceApplication", system: "MLSpace" } });
  for (const [project, user] of projectUsers) createProjectUserRole(endpoint, project, user, []);
}

/**
 * A project-user role as MLSpace's add_iam_role makes it: tagged, under the boundary, then every
 * policy of the notebook role copied on (`copied`), then its project and user policies.
 */
function createProjectUserRole(endpoint: IamEndpoint, project: string, user: string, copied: string[]): string {
  const name = mlspaceRoleName(project, user);
  endpoint.seedRole(name, { tags: { user, project, system: "MLSpace", "dynamic-user-role": "true" }, permissionsBoundary: BOUNDARY });
  const ownPolicy = (policyName: string) => endpoint.policies().find((p) => p.name === policyName)?.arn ?? endpoint.seedPolicy(policyName, SMALL_DOCUMENT).arn;
  for (const arn of [...copied, ownPolicy(`MLSpace-project-${project}`), ownPolicy(`MLSpace-user-${user}`)]) endpoint.attachRolePolicy(name, arn);
  return name;
}

/** As MLSpace's remove_project_user_roles: every managed policy detached, then the role deleted. */
function deleteProjectUserRole(endpoint: IamEndpoint, name: string): void {
  for (const arn of endpoint.roles().find((role) => role.name === name)!.attachedPolicyArns) endpoint.detachRolePolicy(name, arn);
  endpoint.deleteRole(name);
}

const attachedRoles = (endpoint: IamEndpoint, policyName: string) => endpoint.policies().find((p) => p.name === policyName)?.attachedRoles.sort() ?? [];
const changesOf = (plan: any, type: string) => (plan.resource_changes ?? []).filter((c: any) => c.type === type);

describe("attach mode with project-user role discovery, while MLSpace creates and deletes roles", () => {
  const alpha = mlspaceRoleName("alpha", "alice");
  const beta = mlspaceRoleName("beta", "bob");
  const gamma = mlspaceRoleName("gamma", "carol");
  const variables = {
    ...ENVIRONMENT_VARIABLES,
    read_repositories: ["shared/*"],
    write_repositories: ["projects/{project}/*"],
    write_actions: ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage"],
    notebook_policy: { name: ECR_POLICY, attach_to_roles: [NOTEBOOK_ROLE], attach_to_project_user_roles: true },
    // MLSpace's boundary, adopted: the project-user roles are under it before Terraform runs.
    permission_boundary: { import_arn: BOUNDARY, base_policy_json: BOUNDARY_DOCUMENT },
  };
  let stack: ScenarioStack;
  let endpoint: IamEndpoint;
  let ecrPolicy: string;

  beforeAll(async () => {
    stack = await ScenarioStack.start();
    endpoint = stack.endpoint;
    seedMlspace(endpoint, [
      ["alpha", "alice"],
      ["beta", "bob"],
    ]);
    await stack.apply(variables);
    ecrPolicy = endpoint.policies().find((p) => p.name === ECR_POLICY)!.arn;
  });
  afterAll(() => stack?.stop());

  it("attaches the Notebook ECR policy to the notebook role and both project-user roles, and leaves their other policies alone", () => {
    expect(attachedRoles(endpoint, ECR_POLICY)).toEqual([alpha, beta, NOTEBOOK_ROLE].sort());
    const alphaRole = endpoint.roles().find((role) => role.name === alpha)!;
    expect(alphaRole.attachedPolicyArns).toEqual([`arn:aws:iam::${ACCOUNT}:policy/MLSpace-project-alpha`, `arn:aws:iam::${ACCOUNT}:policy/MLSpace-user-alice`, ecrPolicy]);
  });

  describe("then MLSpace creates gamma's role with the policy copied on, and deletes beta's", () => {
    let plan: any;
    beforeAll(async () => {
      createProjectUserRole(endpoint, "gamma", "carol", endpoint.roles().find((role) => role.name === NOTEBOOK_ROLE)!.attachedPolicyArns);
      deleteProjectUserRole(endpoint, beta);
      plan = await stack.plan(variables, "after-mlspace");
    });

    it("plans no change at all: the refresh reads the policy's roles from IAM, and discovery finds the same ones", async () => {
      // given the plan; then
      const [attachment] = changesOf(plan, "aws_iam_policy_attachment");
      expect(attachment).toMatchObject({ address: "aws_iam_policy_attachment.notebook[0]", change: { actions: ["no-op"] } });
      expect(attachment.change.before.roles).toEqual([alpha, gamma, NOTEBOOK_ROLE].sort());
      expect(attachment.change.after.roles).toEqual(attachment.change.before.roles);
      expect((plan.resource_changes ?? []).filter((c: any) => c.change.actions.join() !== "no-op").map((c: any) => c.address)).toEqual([]);
      // and the review says so: no role gains or loses the policy
      const [set] = (await reviewPlan(plan)).sets;
      const notebook = set.policies.find((p) => p.change.key === "notebook")!;
      expect(notebook.change.attachments).toEqual([alpha, gamma, NOTEBOOK_ROLE].sort().map((role) => ({ role, fate: "no-op" })));
      expect(set.warnings.filter((w) => w.kind === "attach" || w.kind === "detach")).toEqual([]);
    });

    it("applies the plan, changing nothing in IAM", async () => {
      // given
      const before = endpoint.calls().length;
      // when
      const output = await stack.run(["apply", "-input=false", "-lock=false", "after-mlspace.tfplan"]);
      // then
      expect(output).toContain("Apply complete! Resources: 0 added, 0 changed, 0 destroyed.");
      const writes = endpoint.calls().slice(before).filter((call) => !/^(Get|List)/.test(call.action));
      expect(writes.map((call) => call.action)).toEqual([]);
    });

    it("destroys every policy it created, detached first from every role that held one, MLSpace's new role too; the adopted boundary stays", async () => {
      // given: a plain destroy stops at the adopted boundary's guard, before any call
      const destroy = ["destroy", "-auto-approve", "-input=false", "-lock=false", `-var-file=${stack.varFile("destroy", variables)}`];
      const stopped = endpoint.calls().length;
      await expect(stack.run(destroy)).rejects.toThrow(/Instance cannot be destroyed/);
      expect(endpoint.calls().slice(stopped).filter((call) => !/^(Get|List)/.test(call.action))).toEqual([]);
      // and the state forgets the adopted boundary and its guard, as npm run release's second step does
      await stack.run(["state", "rm", ...releasePlan(variables).forget]);
      const before = endpoint.calls().length;
      const appPolicy = endpoint.policies().find((p) => p.name === "mlspace-app-policy")!.arn;
      // when
      await stack.run(destroy);
      // then
      const calls = endpoint.calls().slice(before);
      expect(calls.filter((call) => call.action === "DetachRolePolicy").map((call) => [call.params.RoleName, call.status]).sort()).toEqual(
        [alpha, gamma, NOTEBOOK_ROLE].sort().map((role) => [role, 200]),
      );
      expect(calls.filter((call) => call.status !== 200)).toEqual([]);
      const left = endpoint.policies().map((p) => p.arn);
      expect(left).not.toContain(ecrPolicy);
      expect(left).not.toContain(appPolicy);
      for (const role of endpoint.roles()) expect(role.attachedPolicyArns).not.toContain(ecrPolicy);
      // MLSpace's own policies stay on its roles
      expect(endpoint.roles().find((role) => role.name === gamma)!.attachedPolicyArns).toEqual([
        `arn:aws:iam::${ACCOUNT}:policy/MLSpace-project-gamma`,
        `arn:aws:iam::${ACCOUNT}:policy/MLSpace-user-carol`,
      ]);
      // The adopted boundary stays: MLSpace's.
      expect(left).toContain(BOUNDARY);
    });
  });
});

/**
 * The generated module as releases before the exclusive attachment wrote it: the same, with one
 * `aws_iam_role_policy_attachment` per role instead, and no `removed` blocks.
 */
function moduleWithPerRoleAttachments(): Record<string, any> {
  const module = JSON.parse(readFileSync(join(MODULE_DIRECTORY, "mlspace-ecr-access.tf.json"), "utf8"));
  delete module.removed;
  delete module.resource.aws_iam_policy_attachment;
  const perRole = (key: string, roles: string) => ({ policy_arn: `\${aws_iam_policy.${key}.arn}`, role: "${each.key}", for_each: roles });
  module.resource.aws_iam_role_policy_attachment = {
    app: perRole("app", "${toset(var.app_policy.attach_to_roles)}"),
    notebook: perRole("notebook", "${toset(var.notebook_policy.attach_to_roles)}"),
    notebook_project_user_roles: perRole("notebook", "${local.project_user_roles}"),
  };
  return module;
}

describe("upgrading a state of per-role attachments, from HCL", () => {
  const alpha = mlspaceRoleName("alpha", "alice");
  const beta = mlspaceRoleName("beta", "bob");
  const moduleDirectory = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-module-"));
  const moduleFile = join(moduleDirectory, "mlspace-ecr-access.tf.json");
  // Both folders are in the temporary directory: a relative source keeps the module a local one, read in place.
  const root = `${ENDPOINT_PROVIDER_BLOCK}
module "access" {
  source = "../${basename(moduleDirectory)}"
${hclArguments({
  ...ENVIRONMENT_VARIABLES,
  read_repositories: ["shared/*"],
  app_policy: { name: "mlspace-app-ecr-access", attach_to_roles: [APP_ROLE] },
  notebook_policy: { name: ECR_POLICY, attach_to_roles: [NOTEBOOK_ROLE], attach_to_project_user_roles: true },
  permission_boundary: { base_policy_json: BOUNDARY_DOCUMENT },
})}
}

import {
  to = module.access.aws_iam_policy.boundary
  id = "${BOUNDARY}"
}
`;
  let started: EndpointRoot | undefined;
  let endpoint: IamEndpoint;

  beforeAll(async () => {
    writeFileSync(moduleFile, JSON.stringify(moduleWithPerRoleAttachments(), null, 2));
    started = await startEndpointRoot(root, { accountId: ACCOUNT });
    endpoint = started.endpoint;
    seedMlspace(endpoint, [
      ["alpha", "alice"],
      ["beta", "bob"],
    ]);
    endpoint.seedRole(APP_ROLE, { tags: { project: "MLSpaceInfrastructure", user: "MLSpaceApplication", system: "MLSpace" } });
    const applied = await started.root.apply({});
    if (applied.code !== 0) throw new Error(`the per-role apply failed:\n${applied.stderr}`);
  });
  afterAll(async () => {
    await started?.stop();
  });

  it("forgets the per-role attachments and takes the same roles over, detaching nothing, in a child module", async () => {
    // given the state of the per-role attachments
    const state = await started!.root.state();
    const addresses = state.values.root_module.child_modules[0].resources.map((r: any) => r.address).filter((a: string) => a.includes("attachment"));
    expect(addresses.sort()).toEqual(
      [
        `module.access.aws_iam_role_policy_attachment.app["${APP_ROLE}"]`,
        `module.access.aws_iam_role_policy_attachment.notebook["${NOTEBOOK_ROLE}"]`,
        `module.access.aws_iam_role_policy_attachment.notebook_project_user_roles["${alpha}"]`,
        `module.access.aws_iam_role_policy_attachment.notebook_project_user_roles["${beta}"]`,
      ].sort(),
    );

    // when the module is upgraded in place, planned and applied
    writeFileSync(moduleFile, readFileSync(join(MODULE_DIRECTORY, "mlspace-ecr-access.tf.json")));
    const { json: plan } = await started!.root.planJson({});
    const before = endpoint.calls().length;
    await started!.root.run(["apply", "-input=false", "check.tfplan"]);

    // then the plan forgets the four and creates the two exclusive attachments with the same roles
    const attachmentChanges = (plan.resource_changes as any[])
      .filter((c) => c.type.endsWith("_attachment"))
      .map((c) => ({ address: c.address, actions: c.change.actions, roles: c.change.after?.roles }));
    expect(attachmentChanges).toEqual(
      expect.arrayContaining([
        { address: "module.access.aws_iam_policy_attachment.app[0]", actions: ["create"], roles: [APP_ROLE] },
        { address: "module.access.aws_iam_policy_attachment.notebook[0]", actions: ["create"], roles: [alpha, beta, NOTEBOOK_ROLE].sort() },
      ]),
    );
    expect(attachmentChanges.filter((c) => c.actions.join() === "forget").map((c) => c.address).sort()).toEqual(addresses.sort());
    expect(attachmentChanges).toHaveLength(6);
    // and IAM saw attaches of what was attached already, never a detach
    const calls = endpoint.calls().slice(before);
    expect(calls.filter((call) => call.action === "DetachRolePolicy")).toEqual([]);
    expect(calls.filter((call) => call.action === "AttachRolePolicy").length).toBe(4);
    expect(attachedRoles(endpoint, ECR_POLICY)).toEqual([alpha, beta, NOTEBOOK_ROLE].sort());
    expect(attachedRoles(endpoint, "mlspace-app-ecr-access")).toEqual([APP_ROLE]);

    // and the next plan has nothing to do
    expect(await started!.root.plan({})).toBe(0);
  });
});
