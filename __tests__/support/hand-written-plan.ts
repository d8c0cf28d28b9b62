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

