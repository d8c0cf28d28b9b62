import type { PolicyDocument } from "../../modules/mlspace-ecr-access/policy-document";
import type { PlanJson } from "../../tools/plan-review/analysis/plan-json";

/** The review's tests on hand-written plans, with no Terraform. */

/** A `terraform show -json` plan of the three policies, with the given before/after documents (null: absent). */
export function planOf(
  documents: Partial<Record<"app" | "notebook" | "boundary", { before: PolicyDocument | null; after: PolicyDocument | null; actions?: string[] }>>,
  variables: Record<string, unknown> = {},
): PlanJson {
  const resource = (key: string, { before, after, actions }: { before: PolicyDocument | null; after: PolicyDocument | null; actions?: string[] }) => ({
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
  } as unknown as PlanJson;
}

