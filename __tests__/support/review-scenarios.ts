import { POLICIES, PolicyKey } from "../../modules/mlspace-ecr-access/inputs";
import type { PlanJson } from "../../tools/plan-review/analysis/plan-json";
import { nameOwnedInstall } from "../../tools/mlspace-installs";
import { ENVIRONMENT_VARIABLES, fixture } from "./fixtures";
import { ScenarioStack, withImports } from "./scenario-stack";

/**
 * Real plans of the scenarios a reviewer meets, made by the real Terraform CLI and AWS provider
 * against the local IAM endpoint: what exists before is really applied (or created in IAM outside
 * Terraform), then the change is planned with a refresh, as in CI. Nothing leaves this machine.
 */

/** One of MLSpace's documents without the statements that grant any action starting with one of `prefixes`. */
const without = (name: "app-policy" | "notebook-policy" | "permission-boundary", prefixes: string[]) => {
  const document = JSON.parse(fixture(name));
  const grants = (statement: { Action?: string | string[] }) => [statement.Action ?? []].flat().some((a) => prefixes.some((prefix) => a.startsWith(prefix)));
  document.Statement = document.Statement.filter((statement: { Action?: string | string[] }) => !grants(statement));
  return JSON.stringify(document, null, 2);
};

/**
 * MLSpace's default documents as bases (examples/mlspace-policies). The Notebook policy and the
 * boundary are near IAM's limit already: their Bedrock statements (and the boundary's training-job
 * one) are left out so that the ECR statements fit with room to change.
 */
export const BASES: Record<PolicyKey, string> = {
  app: fixture("app-policy"),
  notebook: without("notebook-policy", ["bedrock:"]),
  boundary: without("permission-boundary", ["bedrock:", "sagemaker:CreateTrainingJob"]),
};

const PUSH = ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage"];

/** What the repository holds on main before each change: three read repositories, one of them written. */
export const BASELINE = {
  ...ENVIRONMENT_VARIABLES,
  read_repositories: ["custom-repo1", "custom-repo2", "team/*"],
  write_repositories: ["custom-repo1"],
  write_actions: PUSH,
  app_policy: { base_policy_json: BASES.app },
  notebook_policy: { base_policy_json: BASES.notebook },
  permission_boundary: { base_policy_json: BASES.boundary },
};

export type ScenarioName =
  | "create"
  | "add-write-repository"
  | "remove-read-repository"
  | "reorder-only"
  | "adopt-with-import"
  | "replace-by-rename"
  | "adopt-mlspace-install"
  | "add-tag-owned-projects";

export interface Scenario {
  name: ScenarioName;
  what: string;
  /** Applied with Terraform before the plan; absent: nothing exists. */
  applied?: Record<string, unknown>;
  /** Policies that exist in IAM, made outside Terraform (by MLSpace's install), that the plan adopts by `import_arn`. */
  adopted?: Record<PolicyKey, { name: string; document: string }>;
  variables: Record<string, unknown>;
}

export const SCENARIOS: Scenario[] = [
  {
    name: "create",
    what: "first deploy: the three policies created from nothing, with the default nine write actions",
    variables: { ...BASELINE, write_actions: undefined },
  },
  {
    name: "add-write-repository",
    what: "custom-repo2 becomes writable",
    applied: BASELINE,
    variables: { ...BASELINE, write_repositories: ["custom-repo1", "custom-repo2"] },
  },
  {
    name: "remove-read-repository",
    what: "custom-repo2 is no longer read",
    applied: BASELINE,
    variables: { ...BASELINE, read_repositories: ["custom-repo1", "team/*"] },
  },
  {
    name: "reorder-only",
    what: "the same repositories and actions, listed in another order",
    applied: BASELINE,
    variables: { ...BASELINE, read_repositories: ["team/*", "custom-repo2", "custom-repo1"], write_actions: [...PUSH].reverse() },
  },
  {
    name: "add-tag-owned-projects",
    what: 'each project\'s own repositories under projects/ become writable, owned by tag (repository_ownership = "tag")',
    applied: BASELINE,
    variables: { ...BASELINE, repository_ownership: "tag", write_repositories: ["custom-repo1", "projects/{project}/*"] },
  },
  {
    name: "adopt-with-import",
    what: "MLSpace's existing policies imported, and the ECR statements added to them",
    adopted: {
      app: { name: POLICIES.app.defaultName, document: BASES.app },
      notebook: { name: POLICIES.notebook.defaultName, document: BASES.notebook },
      boundary: { name: POLICIES.boundary.defaultName, document: BASES.boundary },
    },
    variables: BASELINE,
  },
  {
    name: "adopt-mlspace-install",
    what: "a stock MLSpace install adopted, all three policies edited in place: each project's and user's own repositories (owned by name), the boundary's ceiling",
    adopted: {
      app: { name: POLICIES.app.defaultName, document: fixture("app-policy") },
      notebook: { name: POLICIES.notebook.defaultName, document: fixture("notebook-policy") },
      boundary: { name: POLICIES.boundary.defaultName, document: fixture("permission-boundary") },
    },
    variables: nameOwnedInstall("commercial"),
  },
  {
    name: "replace-by-rename",
    what: "the Notebook policy renamed, which IAM cannot do in place",
    applied: BASELINE,
    variables: { ...BASELINE, notebook_policy: { ...BASELINE.notebook_policy, name: "mlspace-notebook-policy-v2" } },
  },
];

/**
 * Plans scenarios on one stack, in order: those from nothing first, then, after one apply, those
 * that start from that applied state. One init and one provider for all of them.
 */
async function planGroup(scenarios: Scenario[]): Promise<[ScenarioName, PlanJson][]> {
  const stack = await ScenarioStack.start();
  try {
    let applied: Record<string, unknown> | undefined;
    const plans: [ScenarioName, PlanJson][] = [];
    for (const scenario of scenarios) {
      if (scenario.applied !== applied) {
        if (applied) throw new Error(`Scenario ${scenario.name} starts from another state than the group's; give it a group of its own.`);
        await stack.apply(scenario.applied!);
        applied = scenario.applied;
      }
      const variables = scenario.adopted ? withImports(scenario.variables, await stack.createOutsideTerraform(scenario.adopted)) : scenario.variables;
      plans.push([scenario.name, await stack.plan(variables, scenario.name)]);
    }
    return plans;
  } finally {
    await stack.stop();
  }
}

/**
 * Every scenario's plan. Scenarios with the same `applied` variables share a stack, and those from
 * nothing are planned on the first of them before its apply; each adopting scenario has its own
 * (the policies it creates outside Terraform take the stack's names). The groups run side by side,
 * each with its own endpoint and provider processes.
 */
export async function planScenarios(scenarios: Scenario[] = SCENARIOS): Promise<Record<ScenarioName, PlanJson>> {
  const groups: Scenario[][] = [];
  const byApplied = new Map<Record<string, unknown>, Scenario[]>();
  for (const scenario of scenarios) {
    if (scenario.adopted || !scenario.applied) continue;
    let group = byApplied.get(scenario.applied);
    if (!group) {
      group = [];
      byApplied.set(scenario.applied, group);
      groups.push(group);
    }
    group.push(scenario);
  }
  const fromNothing = scenarios.filter((scenario) => !scenario.adopted && !scenario.applied);
  if (groups.length > 0) groups[0].unshift(...fromNothing);
  else if (fromNothing.length > 0) groups.push(fromNothing);
  for (const scenario of scenarios) if (scenario.adopted) groups.push([scenario]);
  const results = await Promise.all(groups.map(planGroup));
  return Object.fromEntries(results.flat()) as Record<ScenarioName, PlanJson>;
}
