import { DEFAULT_REPOSITORY_OWNERSHIP, REPOSITORY_OWNERSHIPS, RepositoryOwnership } from "../../../modules/mlspace-ecr-access/ownership";
import { PlanJson, variableValue } from "./plan-json";

/** Whose repositories `{project}` and `{user}` entries reach, from the plan's `repository_ownership` (default "name"). */
export function repositoryOwnershipOf(plan: PlanJson): RepositoryOwnership {
  const given = variableValue(plan, "repository_ownership");
  return REPOSITORY_OWNERSHIPS.find((ownership) => ownership === given) ?? DEFAULT_REPOSITORY_OWNERSHIP;
}
