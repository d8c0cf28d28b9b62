import { POLICIES, POLICY_KEYS, PolicyKey } from "./inputs";
import { policySettingsWithDefaults } from "./literal-inputs";
import { CompactionOptions } from "./compaction";
import { renderPolicies } from "./documents";
import { hcl } from "./input-rule";
import { MANAGED_POLICY_SIZE_LIMIT, statementList } from "./policy-document";
import { compactionOption, compactionStepsFor, emptyDocumentMessage, oversizeMessage, writeWithoutActionsMessage } from "./policy-checks";

/** Terraform preconditions of each policy resource, from the messages of `policy-checks.ts`. */
export const PRECONDITIONS: Record<PolicyKey, { condition: string; errorMessage: string }[]> = Object.fromEntries(
  POLICY_KEYS.map((key) => {
    const size = `local.policy_sizes.${key}`;
    const checks = [
      {
        condition: `\${length(jsondecode(local.documents.${key}).Statement) > 0}`,
        errorMessage: emptyDocumentMessage(key),
      },
      {
        condition: `\${${size} <= ${MANAGED_POLICY_SIZE_LIMIT}}`,
        errorMessage: oversizeMessage(
          key,
          `\${var.${POLICIES[key].input}.name}`,
          `\${${size}}`,
          `\${${size} - ${MANAGED_POLICY_SIZE_LIMIT}}`,
          `\${join("", [for step in [${compactionStepsFor(key).map((step) => `[${hcl(step.name)}, ${hcl(step.description)}]`).join(", ")}] : ` +
            `"${compactionOption("${step[0]}", "${step[1]}")}" if !var.compaction[step[0]]])}`,
        ),
      },
    ];
    if (key !== "app") {
      checks.unshift({
        condition: "${length(var.write_repositories) == 0 || length(var.write_actions) > 0}",
        errorMessage: writeWithoutActionsMessage('${join(", ", [for r in var.write_repositories : jsonencode(r)])}'),
      });
    }
    return [key, checks];
  }),
) as Record<PolicyKey, { condition: string; errorMessage: string }[]>;

/**
 * The same checks in TypeScript, for when the repositories are given as literals (otherwise they
 * come at plan and Terraform checks them). Sizes depend on the partition, region and
 * account strings, so they are only checked here when all three are given.
 */
export function policyProblems(values: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const writeRepositories = values.write_repositories as string[];
  if (writeRepositories.length > 0 && (values.write_actions as string[]).length === 0) {
    problems.push(writeWithoutActionsMessage(writeRepositories.map((r) => JSON.stringify(r)).join(", ")));
  }
  if (problems.length) return problems;
  const { partition, region, account_id: accountId } = values as Record<string, string | null>;
  const environment = { partition: partition ?? "aws", region: region ?? "us-east-1", accountId: accountId ?? "000000000000" };
  const policies = renderPolicies(values, environment);
  const options = (values.compaction ?? {}) as CompactionOptions;
  for (const key of POLICY_KEYS) {
    const { document, size } = policies[key];
    if (statementList(document).length === 0) problems.push(emptyDocumentMessage(key));
    const over = size - MANAGED_POLICY_SIZE_LIMIT;
    if (partition && region && accountId && over > 0) {
      const { name } = policySettingsWithDefaults(key, values[POLICIES[key].input] as Record<string, unknown>);
      const notAllowed = compactionStepsFor(key)
        .filter((step) => !options[step.name])
        .map((step) => compactionOption(step.name, step.description))
        .join("");
      problems.push(oversizeMessage(key, name, String(size), String(over), notAllowed));
    }
  }
  return problems;
}
