import { REPOSITORY_NAME_PATTERN } from "../../../modules/mlspace-ecr-access/naming-rules";
import { placeholdersOf } from "../../../modules/mlspace-ecr-access/ownership";
import { PLACEHOLDER_KEYS, PlaceholderKey, PrincipalTagKeys } from "../../../modules/mlspace-ecr-access/placeholders";
import { PlanJson, plannedResources, priorResources, StateModule, variableValue } from "./plan-json";
import type { PolicySet } from "./policy-changes";
import { MLSPACE_INFRASTRUCTURE, principalTagKeysOf } from "./principals";
import { repositoryOwnershipOf } from "./repository-ownership";
import { planWarning, Warning } from "./warning";

/**
 * Name ownership fills a role's project and user tags into repository names
 * (`projects/${aws:PrincipalTag/project}/*`), and ECR names are lowercase: a project `NLP` or a
 * user `Jane.Doe@corp.example` matches no repository, so their roles get nothing from the
 * `{project}` and `{user}` entries. The project-user roles that attach mode's role discovery
 * (`attach_to_project_user_roles`) read during the plan say which projects and users there are.
 */

type StateResource = NonNullable<StateModule["resources"]>[number];

const DISCOVERED_ROLES = "data.aws_iam_role.project_user_roles[";

const REPOSITORY_NAME = new RegExp(REPOSITORY_NAME_PATTERN);

/** Whether the value can stand in a repository name where its placeholder is. */
export const canBeInRepositoryName = (value: string) => !value.includes("*") && REPOSITORY_NAME.test(value);

/** The roles discovery read for this set (their values hold the tags), from the prior state and the planned values. */
function discoveredRoles(plan: PlanJson, moduleAddress: string): StateResource[] {
  const prefix = `${moduleAddress ? `${moduleAddress}.` : ""}${DISCOVERED_ROLES}`;
  const byAddress = new Map<string, StateResource>();
  for (const resource of [...priorResources(plan), ...plannedResources(plan)]) {
    if (resource.mode === "data" && resource.address.startsWith(prefix)) byAddress.set(resource.address, resource);
  }
  return [...byAddress.values()];
}

/**
 * Which discovered roles are MLSpace's project-user roles, as the stack's own filter tells them
 * apart (project-user-roles.ts): both tags, not MLSpace's application roles, and under this
 * permission boundary (by ARN where the plan knows it, else by its path and name).
 */
function isProjectUserRole(values: Record<string, unknown>, keys: PrincipalTagKeys, boundary: PolicySet["policies"]["boundary"]): boolean {
  const tags = (values.tags ?? {}) as Record<string, unknown>;
  if (typeof tags[keys.project] !== "string" || typeof tags[keys.user] !== "string" || tags[keys.user] === MLSPACE_INFRASTRUCTURE.user) return false;
  const actual = values.permissions_boundary;
  if (typeof actual !== "string" || !actual) return false;
  const side = boundary?.before ?? boundary?.after;
  if (side?.arn) return actual === side.arn;
  return side?.name ? actual.endsWith(`:policy${side.path ?? "/"}${side.name}`) : true;
}

const configuredEntries = (plan: PlanJson) =>
  ["read_repositories", "write_repositories"].flatMap((name) => {
    const value = variableValue(plan, name);
    return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
  });

export interface UnnameableOwner {
  key: PlaceholderKey;
  /** The role's tag, e.g. "NLP". */
  value: string;
}

/** The owners of the discovered roles whose tags no repository name can carry, for the placeholders the entries use: projects first, each sorted, once. */
export function unnameableOwners(plan: PlanJson, set: PolicySet): UnnameableOwner[] {
  const keys = principalTagKeysOf(plan);
  const used = new Set(configuredEntries(plan).flatMap(placeholdersOf));
  const roles = discoveredRoles(plan, set.moduleAddress)
    .map((role) => role.values ?? {})
    .filter((values) => isProjectUserRole(values, keys, set.policies.boundary));
  const owners = (key: PlaceholderKey) => {
    const values = roles.map((role) => (role.tags as Record<string, string>)[keys[key]]).filter((value) => !canBeInRepositoryName(value));
    return [...new Set(values)].sort().map((value) => ({ key, value }));
  };
  return PLACEHOLDER_KEYS.filter((key) => used.has(key)).flatMap(owners);
}

/** The warning, when name ownership meets projects or users whose names cannot be in a repository's; its items are the tags ("project=NLP"). */
export function unnameableOwnerWarnings(plan: PlanJson, set: PolicySet): Warning[] {
  if (repositoryOwnershipOf(plan) !== "name") return [];
  const owners = unnameableOwners(plan, set);
  if (!owners.length) return [];
  const keys = principalTagKeysOf(plan);
  const named = PLACEHOLDER_KEYS.filter((key) => owners.some((owner) => owner.key === key));
  const who = named.map((key) => `${key}s`).join(" and ");
  const entries = named.map((key) => `\`{${key}}\``).join(" and ");
  const tag = (key: PlaceholderKey) => `Key=${keys[key]},Value=<${key}>`;
  const command = `\`aws ecr tag-resource --resource-arn <repository ARN> --tags ${tag(named[0])}\`${named.length > 1 ? `, \`${tag(named[1])}\` for a ${named[1]}'s` : ""}`;
  return [
    planWarning({
      kind: "unnameable-owners",
      severity: "warning",
      policy: "notebook",
      message:
        `${who} of the project-user roles \`attach_to_project_user_roles\` found, whose names no ECR repository name can carry (lowercase letters and digits, \`.\` \`_\` \`-\` \`/\` between them): ` +
        `with \`repository_ownership = "name"\` their roles get nothing from the ${entries} entries. Fix: set \`repository_ownership = "tag"\` and tag each repository with its owner ` +
        `(${command}), or rename those ${who}`,
      items: owners.map(({ key, value }) => `${keys[key]}=${value}`),
    }),
  ];
}
