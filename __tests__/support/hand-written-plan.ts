import type { PolicyDocument } from "../../modules/mlspace-ecr-access/policy-document";
import type { PlanJson } from "../../tools/plan-review/analysis/plan-json";

/** The review's tests on hand-written plans, with no Terraform. */

/**
 * One policy in the plan: what IAM holds (before) and what the plan writes (after), null when absent;
 * `lastApplied`, when given, is what Terraform last applied, so the plan reports `before` as changed
 * outside Terraform since (`resource_drift`).
 */
export interface PlannedPolicy {
  before: PolicyDocument | null;
  after: PolicyDocument | null;
  actions?: string[];
  lastApplied?: PolicyDocument;
}

/** A `terraform show -json` plan of the three policies, with the given documents. */
export function planOf(documents: Partial<Record<"app" | "notebook" | "boundary", PlannedPolicy>>, variables: Record<string, unknown> = {}): PlanJson {
  const resource = (key: string, { before, after, actions }: PlannedPolicy) => ({
    address: `aws_iam_policy.${key}`,
    mode: "managed",
    type: "aws_iam_policy",
    name: key,
    change: {
      actions: actions ?? (before && after ? ["update"] : before ? ["delete"] : ["create"]),
      before: before && { name: `mlspace-${key}`, policy: JSON.stringify(before) },
      after: after && { name: `mlspace-${key}`, policy: JSON.stringify(after) },
      after_unknown: {},
    },
  });
  return {
    format_version: "1.2",
    planned_values: {},
    variables: Object.fromEntries(Object.entries({ partition: "aws", region: "us-east-1", account_id: "123456789012", ...variables }).map(([k, value]) => [k, { value }])),
    resource_changes: Object.entries(documents).map(([key, sides]) => resource(key, sides!)),
    resource_drift: Object.entries(documents)
      .filter(([, sides]) => sides!.lastApplied)
      .map(([key, sides]) => resource(key, { before: sides!.lastApplied!, after: sides!.before, actions: ["update"] })),
  } as unknown as PlanJson;
}


/** A role that `attach_to_project_user_roles` discovery read during the plan (`data.aws_iam_role.project_user_roles`). */
export interface DiscoveredRole {
  name: string;
  tags: Record<string, string>;
  /** Default: the hand-written plan's boundary, `mlspace-boundary`. */
  permissionsBoundary?: string;
}

/**
 * The plan with the roles as Terraform shows data sources read during the plan: in the prior
 * state (refreshed) and, by default, in the planned values too.
 */
export function withDiscoveredRoles(plan: PlanJson, roles: DiscoveredRole[], where: ("prior_state" | "planned_values")[] = ["prior_state", "planned_values"]): PlanJson {
  const resources = roles.map(({ name, tags, permissionsBoundary }) => ({
    address: `data.aws_iam_role.project_user_roles["${name}"]`,
    mode: "data",
    type: "aws_iam_role",
    name: "project_user_roles",
    index: name,
    values: { name, arn: `arn:aws:iam::123456789012:role/${name}`, permissions_boundary: permissionsBoundary ?? "arn:aws:iam::123456789012:policy/mlspace-boundary", tags },
  }));
  const module = { root_module: { resources } };
  return {
    ...plan,
    ...(where.includes("prior_state") ? { prior_state: { values: module } } : {}),
    ...(where.includes("planned_values") ? { planned_values: module } : {}),
  };
}
