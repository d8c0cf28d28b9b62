import { MANAGED_POLICY_SIZE_LIMIT } from "./policy-document";
import { COMPACTION_STEPS } from "./compaction";
import { POLICIES, PolicyKey } from "./inputs";

/**
 * Checks that need more than one input or the whole rendered document. Terraform runs them as
 * resource preconditions at plan (a variable's validation may only see that variable before
 * Terraform 1.9); TypeScript runs them at synth when every input is a literal. Same messages.
 */

export function writeWithoutActionsMessage(repositories: string): string {
  return (
    `Invalid write_actions: it is empty but write_repositories lists ${repositories}. ` +
    "Give the write actions to grant, or move those repositories to read_repositories."
  );
}

export function emptyDocumentMessage(key: PolicyKey): string {
  const { input, title } = POLICIES[key];
  return (
    `The ${title} would have no statements, which IAM rejects: give read_repositories or write_repositories, ` +
    `or ${input}.base_policy_json.`
  );
}

/** The compaction steps that can shrink a policy: the boundary's own step only for the boundary. */
export function compactionStepsFor(key: PolicyKey) {
  return COMPACTION_STEPS.filter((step) => step.name !== "boundary_read_ceiling" || key === "boundary");
}

/** One option of the oversize message for a compaction step the user has not allowed. */
export const compactionOption = (name: string, description: string) => `set compaction.${name} = true to ${description}; `;

/**
 * `notAllowed` is the `compactionOption` text of every step not opted in. Sent only when even the
 * most compact form allowed is over the limit.
 */
export function oversizeMessage(key: PolicyKey, name: string, size: string, over: string, notAllowed: string): string {
  const { input, title } = POLICIES[key];
  return (
    `The ${title} "${name}" would be ${size} characters (whitespace not counted), over IAM's limit of ` +
    `${MANAGED_POLICY_SIZE_LIMIT} by ${over} even with the compaction allowed; AWS would reject it at apply with LimitExceeded. ` +
    `Options: ${notAllowed}grant fewer or shorter repository entries (a name prefix like "mlspace-*" covers many); ` +
    `or remove statements from ${input}.base_policy_json.`
  );
}
