import { DEFAULT_PRINCIPAL_TAG_KEYS, PlaceholderValues, PrincipalTagKeys } from "../../../modules/mlspace-ecr-access/placeholders";
import { PlanJson, variableValue } from "./plan-json";

/**
 * The principals the review asks the IAM policy evaluator about, tagged as MLSpace tags them: a
 * project-user role of an example project and user, and MLSpace's own roles, whose CDK stack tags
 * them as its infrastructure (so `{project}` entries never reach them through the Notebook policy).
 */

export const EXAMPLE_PROJECT_USER: PlaceholderValues = { project: "alpha", user: "alice" };
/** Another project and user, whose repositories the example role must not reach. */
export const OTHER_PROJECT_USER: PlaceholderValues = { project: "beta", user: "bob" };
/** The tags of MLSpace's App and Notebook roles (awslabs/mlspace, bin/mlspace-cdk.ts). */
export const MLSPACE_INFRASTRUCTURE: PlaceholderValues = { project: "MLSpaceInfrastructure", user: "MLSpaceApplication" };

/** The tag keys `{project}` and `{user}` read, from the plan's `principal_tag_keys`. */
export function principalTagKeysOf(plan: PlanJson): PrincipalTagKeys {
  const given = variableValue(plan, "principal_tag_keys") as Partial<PrincipalTagKeys> | undefined;
  return { ...DEFAULT_PRINCIPAL_TAG_KEYS, ...Object.fromEntries(Object.entries(given ?? {}).filter(([, value]) => typeof value === "string")) };
}

/** A principal's tags: each placeholder's tag with the given value, and MLSpace's system tag. */
export const principalTags = (keys: PrincipalTagKeys, values: PlaceholderValues): Record<string, string> => ({
  [keys.project]: values.project,
  [keys.user]: values.user,
  system: "MLSpace",
});
