import type { PolicyDocument } from "../../modules/mlspace-ecr-access/policy-document";
import { AccessMatrix, accessCells, accessMatrix, Principal } from "../../tools/iam-evaluator/effective-access";
import { MLSPACE_INSTALLS, MlspaceInstall } from "../../tools/mlspace-policies";
import { MLSPACE_INFRASTRUCTURE, principalTags } from "../../tools/plan-review/analysis/principals";
import { DEFAULT_PRINCIPAL_TAG_KEYS } from "../../modules/mlspace-ecr-access/placeholders";

/**
 * MLSpace's roles as the IAM policy evaluator sees them: project-user roles (the Notebook policy
 * under the boundary, tagged with their project and user), the App role (the App and the Notebook
 * policy, as MLSpace attaches them, no boundary, tagged as MLSpace's infrastructure).
 */

export type Documents = Record<"app" | "notebook" | "boundary", PolicyDocument>;

export const repository = (install: MlspaceInstall, name: string) => {
  const { partition, region, accountId } = MLSPACE_INSTALLS[install];
  return `arn:${partition}:ecr:${region}:${accountId}:repository/${name}`;
};

export function projectUserRole(documents: Documents, project?: string, user?: string): Principal {
  const tags = project && user ? principalTags(DEFAULT_PRINCIPAL_TAG_KEYS, { project, user }) : {};
  return { identityPolicies: [documents.notebook], permissionBoundary: documents.boundary, tags };
}

/** In attach mode the Notebook ECR policy is on the notebook role, not the App role: `appPolicies` says which it has. */
export function appRole(documents: Documents, appPolicies: ("app" | "notebook")[]): Principal {
  return { identityPolicies: appPolicies.map((key) => documents[key]), tags: principalTags(DEFAULT_PRINCIPAL_TAG_KEYS, MLSPACE_INFRASTRUCTURE) };
}

/** Any identity policy's ECR grants under the boundary: what the boundary alone lets through. */
export function ecrAdministrator(documents: Documents): Principal {
  return {
    identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }] }],
    permissionBoundary: documents.boundary,
    tags: principalTags(DEFAULT_PRINCIPAL_TAG_KEYS, { project: "alpha", user: "alice" }),
  };
}

/** "action on repository" for every allowed cell, sorted. */
export const allowed = (matrix: AccessMatrix) =>
  accessCells(matrix)
    .filter((cell) => cell.decision === "Allowed")
    .map((cell) => `${cell.action} on ${cell.resource}`)
    .sort();

export const allowedFor = async (principal: Principal, actions: string[], resources: string[]) => allowed(await accessMatrix({ ...principal, actions, resources }));
