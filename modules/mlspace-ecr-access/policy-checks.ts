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


/** One option of the oversize message for a compaction step the user has not allowed. */
export const compactionOption = (name: string, description: string) => `set compaction.${name} = true to ${description}; `;

/** The facts of the oversize message, as text: TypeScript's values, or Terraform interpolations. */
export interface OversizeFacts {
  name: string;
  size: string;
  over: string;
  /** `capacityText` or `NOTHING_LISTED`. */
  capacity: string;
  /** `attachOption` (App and Notebook) or `everyEcrActionOption` (the boundary, when not allowed), or "". */
  fitting: string;
  /** The `compactionOption` text of every step not opted in. */
  notAllowed: string;
}

export const capacityText = (listed: string, characters: string, fit: string) =>
  `It lists ${listed} repository ARNs in ${characters} characters; about ${fit} of that length would fit. `;

export const NOTHING_LISTED = "It lists no repository ARN: the base and the fixed statements alone are over. ";

export const attachOption = (input: string, size: string) =>
  `use attach mode (${input}.attach_to_roles): its ECR statements alone, in a policy of their own, are ${size} characters; `;

export const everyEcrActionOption = (size: string) =>
  `set compaction.boundary_all_ecr_actions = true: the boundary would then be ${size} characters, whatever the repositories; `;

/** Sent only when even the most compact form allowed is over the limit. */
export function oversizeMessage(key: PolicyKey, facts: OversizeFacts): string {
  const { input, title } = POLICIES[key];
  return (
    `The ${title} "${facts.name}" would be ${facts.size} characters (whitespace not counted), over IAM's limit of ` +
    `${MANAGED_POLICY_SIZE_LIMIT} by ${facts.over} even with the compaction allowed; AWS would reject it at apply with LimitExceeded. ` +
    facts.capacity +
    `Options: ${facts.fitting}${facts.notAllowed}write a name prefix ("team/*") or a {project} or {user} entry ("projects/{project}/*") ` +
    "in place of listed names: one entry costs the same for any number of repositories or projects; " +
    `or remove statements from ${input}.base_policy_json.`
  );
}
