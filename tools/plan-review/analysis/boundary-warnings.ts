import { ACCOUNT_ROW } from "./access-evaluation";
import type { AccessReview, SideEvaluations } from "./role-access";
import { allowedOnlyBy } from "./role-access";
import { FoundWarning, markNew, Warning } from "./warning";

/**
 * The boundary checked against the Notebook policy, in ECR, by the evaluator: grants of the Notebook
 * policy the boundary does not allow do nothing for the roles under it (useless), and grants of the
 * boundary the Notebook policy does not make are room nobody uses.
 */

/** "ecr:PutImage on custom-repo1", or the bare action for one that takes no repository. */
export const cellItem = ({ action, row }: { action: string; row: string }) => (row === ACCOUNT_ROW ? action : `${action} on ${row}`);

function found(side: SideEvaluations, boundaryExists: boolean): FoundWarning[] {
  if (!boundaryExists) return [];
  return [
    {
      kind: "useless-notebook-grant",
      origin: "ours",
      severity: "warning",
      policy: "notebook",
      message: "granted by the Notebook policy but not allowed by the permission boundary: useless for the roles under the boundary",
      items: allowedOnlyBy(side.notebookAlone, side.boundaryAlone).map(cellItem),
    },
    {
      kind: "unused-boundary-grant",
      origin: "ours",
      severity: "notice",
      policy: "boundary",
      message: "allowed by the permission boundary but granted by no identity policy here (the Notebook policy does not): room a later grant would use",
      items: allowedOnlyBy(side.boundaryAlone, side.notebookAlone).map(cellItem),
    },
  ].filter((warning) => warning.items.length > 0) as FoundWarning[];
}

export function boundaryWarnings(access: AccessReview, boundaryBefore: boolean, boundaryAfter: boolean): Warning[] {
  return markNew(found(access.after, boundaryAfter), found(access.before, boundaryBefore));
}
