import { MANAGED_POLICY_SIZE_LIMIT } from "./policy-document";
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

export function oversizeMessage(key: PolicyKey, name: string, size: string, over: string): string {
  const { input, title } = POLICIES[key];
  return (
    `The ${title} "${name}" would be ${size} characters (whitespace not counted), over IAM's limit of ` +
    `${MANAGED_POLICY_SIZE_LIMIT} by ${over}; AWS would reject it at apply with LimitExceeded. ` +
    `Options: grant fewer or shorter repository entries (a name prefix like "mlspace-*" covers many), ` +
    `or remove statements from ${input}.base_policy_json.`
  );
}
