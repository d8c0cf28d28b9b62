import { POLICIES, POLICY_KEYS } from "./inputs";
import { MANAGED_POLICY_SIZE_LIMIT } from "./policy-document";

/** The outputs of the contract, written once for the stack, the module and its README. */
export interface OutputDefinition {
  readonly name: string;
  readonly description: string;
  /** HCL expression. */
  readonly value: string;
}

export const OUTPUTS: readonly OutputDefinition[] = [
  ...POLICY_KEYS.map((key) => ({
    name: `${POLICIES[key].input}_arn`,
    description: `ARN of the ${POLICIES[key].title}.`,
    value: `aws_iam_policy.${key}.arn`,
  })),
  {
    name: "policy_json",
    description: "The rendered document of each policy, by key: app, notebook, boundary.",
    value: "local.documents",
  },
  {
    name: "policy_size",
    description: "Characters of each rendered document without whitespace (as IAM counts them; limit 6,144), by key: app, notebook, boundary.",
    value: "local.policy_sizes",
  },
  {
    name: "policy_size_remaining",
    description: "Characters each document may still grow before IAM's limit of 6,144 (negative: over), by key: app, notebook, boundary.",
    value: `{ for k, size in local.policy_sizes : k => ${MANAGED_POLICY_SIZE_LIMIT} - size }`,
  },
  {
    name: "compaction",
    description: "The compaction steps each policy was written with to fit (empty: none needed or none allowed), by key: app, notebook, boundary.",
    value: "local.compaction_used",
  },
];
