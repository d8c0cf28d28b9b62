import { EVERY_ECR_ACTION } from "./ecr-actions";
import { RenderedPolicy } from "./documents";
import { mergeIntoBase } from "./merge-into-base";
import { MANAGED_POLICY_SIZE_LIMIT, POLICY_VERSION, policySize } from "./policy-document";

/**
 * What a policy's size budget says beyond "over by N": how many repositories of the length listed
 * fit, and the size of the forms that do not grow with them. The oversize message reports these.
 */
export interface BudgetFacts {
  /** Repository ARNs (or patterns) our statements list, "*" aside. */
  listedCount: number;
  /** Their characters, with the quotes and comma each takes in a list. */
  listedCharacters: number;
  /** How many repositories of their average length fit beside the rest of the document. */
  fit: number;
  /** Our statements alone, in a policy of their own (attach mode). */
  attachSize: number;
  /** The boundary with "ecr:*" as its ECR ceiling instead (boundary_all_ecr_actions). */
  everyEcrActionSize: number;
}

/** `listed` resources cost `characters`; of the room left beside the rest, as many of that average length fit. */
export const repositoriesThatFit = (size: number, listed: number, characters: number) =>
  listed === 0 ? 0 : Math.max(0, Math.floor(((MANAGED_POLICY_SIZE_LIMIT - (size - characters)) * listed) / characters));

export function budgetFacts(policy: RenderedPolicy): BudgetFacts {
  const listed = policy.ours.flatMap((statement) => [statement.Resource ?? []].flat()).filter((resource) => resource !== "*");
  const listedCharacters = listed.reduce((sum, resource) => sum + resource.length + 3, 0);
  const everyEcrAction = mergeIntoBase(policy.base, [], [EVERY_ECR_ACTION]);
  return {
    listedCount: listed.length,
    listedCharacters,
    fit: repositoriesThatFit(policy.size, listed.length, listedCharacters),
    attachSize: policySize(JSON.stringify({ Version: POLICY_VERSION, Statement: policy.ours })),
    everyEcrActionSize: policySize(JSON.stringify(everyEcrAction)),
  };
}
