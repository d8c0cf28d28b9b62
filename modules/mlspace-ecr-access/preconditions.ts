import { budgetFacts } from "./budget";
import { CompactionOptions, stepsFor } from "./compaction";
import { renderPolicies } from "./documents";
import { hcl } from "./input-rule";
import { POLICIES, POLICY_KEYS, PolicyKey } from "./inputs";
import { policySettingsWithDefaults } from "./literal-inputs";
import { droppedLiveMessage } from "./live-document";
import { MANAGED_POLICY_SIZE_LIMIT, statementList } from "./policy-document";
import {
  attachOption,
  capacityText,
  compactionOption,
  emptyDocumentMessage,
  everyEcrActionOption,
  NOTHING_LISTED,
  oversizeMessage,
  writeWithoutActionsMessage,
} from "./policy-checks";

type Check = { condition: string; errorMessage: string };

/** The steps the message lists when not allowed; the boundary's smallest form is offered with its size instead. */
const optionalSteps = (key: PolicyKey) => stepsFor(key).filter((step) => step.name !== "boundary_all_ecr_actions");

/** The message's facts as Terraform interpolations over the locals of `terraform-form/budget.ts`. */
function oversizeInTerraform(key: PolicyKey): string {
  const { input } = POLICIES[key];
  const size = `local.policy_sizes.${key}`;
  const listed = `local.listed_resources.${key}`;
  const notAllowed =
    `\${join("", [for step in [${optionalSteps(key).map((step) => `[${hcl(step.name)}, ${hcl(step.description)}]`).join(", ")}] : ` +
    `"${compactionOption("${step[0]}", "${step[1]}")}" if !var.compaction[step[0]]])}`;
  const fitting =
    key === "boundary"
      ? `\${var.compaction.boundary_all_ecr_actions ? "" : "${everyEcrActionOption("${local.every_ecr_action_size}")}"}`
      : `\${local.attach_sizes.${key} <= ${MANAGED_POLICY_SIZE_LIMIT} ? "${attachOption(input, `\${local.attach_sizes.${key}}`)}" : ""}`;
  return oversizeMessage(key, {
    name: `\${var.${input}.name}`,
    size: `\${${size}}`,
    over: `\${${size} - ${MANAGED_POLICY_SIZE_LIMIT}}`,
    capacity: `\${length(${listed}) == 0 ? "${NOTHING_LISTED}" : "${capacityText(`\${length(${listed})}`, `\${local.listed_characters.${key}}`, `\${local.repositories_that_fit.${key}}`)}"}`,
    fitting,
    notAllowed,
  });
}

/** Terraform preconditions of each policy resource, from the messages of `policy-checks.ts`. */
export const PRECONDITIONS: Record<PolicyKey, Check[]> = Object.fromEntries(
  POLICY_KEYS.map((key) => {
    const checks: Check[] = [
      { condition: `\${length(jsondecode(local.documents.${key}).Statement) > 0}`, errorMessage: emptyDocumentMessage(key) },
      { condition: `\${local.policy_sizes.${key} <= ${MANAGED_POLICY_SIZE_LIMIT}}`, errorMessage: oversizeInTerraform(key) },
      {
        condition: `\${var.${POLICIES[key].input}.allow_dropping_live_statements || length(local.dropped_live_statements.${key}) == 0}`,
        errorMessage: droppedLiveMessage(key, `\${var.${POLICIES[key].input}.name}`, `\${join("; ", local.dropped_live_statements.${key})}`),
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
) as Record<PolicyKey, Check[]>;

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
  for (const key of POLICY_KEYS) {
    const policy = policies[key];
    if (statementList(policy.document).length === 0) problems.push(emptyDocumentMessage(key));
    if (partition && region && accountId && policy.size > MANAGED_POLICY_SIZE_LIMIT) problems.push(oversizeInTypeScript(key, values));
  }
  return problems;
}

/** The oversize message for literal values, with the facts of `budget.ts`. */
export function oversizeInTypeScript(key: PolicyKey, values: Record<string, unknown>): string {
  const { partition, region, account_id: accountId } = values as Record<string, string>;
  const policy = renderPolicies(values, { partition, region, accountId })[key];
  const facts = budgetFacts(policy);
  const options = (values.compaction ?? {}) as CompactionOptions;
  const { input } = POLICIES[key];
  const attach = facts.attachSize <= MANAGED_POLICY_SIZE_LIMIT ? attachOption(input, String(facts.attachSize)) : "";
  const fitting = key === "boundary" ? (options.boundary_all_ecr_actions ? "" : everyEcrActionOption(String(facts.everyEcrActionSize))) : attach;
  return oversizeMessage(key, {
    name: policySettingsWithDefaults(key, values[input] as Record<string, unknown>).name,
    size: String(policy.size),
    over: String(policy.size - MANAGED_POLICY_SIZE_LIMIT),
    capacity: facts.listedCount === 0 ? NOTHING_LISTED : capacityText(String(facts.listedCount), String(facts.listedCharacters), String(facts.fit)),
    fitting,
    notAllowed: optionalSteps(key)
      .filter((step) => !options[step.name])
      .map((step) => compactionOption(step.name, step.description))
      .join(""),
  });
}
