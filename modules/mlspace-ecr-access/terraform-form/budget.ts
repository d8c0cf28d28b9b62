import { EVERY_ECR_ACTION } from "../ecr-actions";
import { documentOf, sizeOf, withCeiling } from "./documents";
import { hcl } from "../input-rule";
import { MANAGED_POLICY_SIZE_LIMIT, POLICY_VERSION } from "../policy-document";

/** The Terraform form of `../budget.ts`, for the oversize message. */
export const BUDGET_LOCALS: Record<string, string> = {
  listed_resources: `{ for k, i in local.chosen : k => [for r in flatten([for s in local.rendered[k][i] : flatten([s.Resource])]) : r if r != "*"] }`,
  listed_characters: `{ for k, list in local.listed_resources : k => sum(concat([0], [for r in list : length(r) + 3])) }`,
  repositories_that_fit:
    `{ for k, list in local.listed_resources : k => length(list) == 0 ? 0 : ` +
    `max(0, floor((${MANAGED_POLICY_SIZE_LIMIT} - (local.policy_sizes[k] - local.listed_characters[k])) * length(list) / local.listed_characters[k])) }`,
  attach_sizes: `{ for k, i in local.chosen : k => ${sizeOf(`jsonencode({ Version = ${hcl(POLICY_VERSION)}, Statement = local.rendered[k][i] })`)} }`,
  every_ecr_action_size: sizeOf(documentOf('"boundary"', withCeiling('"boundary"', hcl([EVERY_ECR_ACTION])))),
};
