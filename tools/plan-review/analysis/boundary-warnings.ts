import { CEILING_SID, OWNED_SIDS } from "../../../modules/mlspace-ecr-access/sids";
import { PolicyDocument, PolicyStatement, statementList } from "../../../modules/mlspace-ecr-access/policy-document";
import { ACCOUNT_ROW } from "./access-evaluation";
import type { PolicySet } from "./policy-changes";
import type { AccessReview, SideEvaluations } from "./role-access";
import { allowedOnlyBy } from "./role-access";
import { FoundWarning, markNew, Warning } from "./warning";

/**
 * The boundary checked against the Notebook policy, in ECR, by the evaluator: grants of the Notebook
 * policy the boundary does not allow do nothing for the roles under it (useless), and grants of the
 * boundary the Notebook policy does not make are room nobody uses. Where the boundary carries this
 * project's ECR ceiling (every repository, by design), what that means is said in plain words instead.
 */

/** "ecr:PutImage on custom-repo1", or the bare action for one that takes no repository. */
export const cellItem = ({ action, row }: { action: string; row: string }) => (row === ACCOUNT_ROW ? action : `${action} on ${row}`);

const list = (value: unknown): string[] => ([] as unknown[]).concat(value ?? []).filter((v): v is string => typeof v === "string");
const isEcr = (action: string) => action.toLowerCase().startsWith("ecr:") || action === "*";

/** The ECR actions of the boundary's ceiling, or undefined when it has none. */
export function ceilingOf(boundary: PolicyDocument | undefined): string[] | undefined {
  const statement = boundary && statementList(boundary).find((s) => s.Sid === CEILING_SID);
  return statement ? list(statement.Action).filter(isEcr) : undefined;
}

/** Statements of the Notebook policy, not this project's, that allow ECR actions: under the ceiling they apply in full. */
function otherEcrGrants(notebook: PolicyDocument | undefined): string[] {
  const theirs = (s: PolicyStatement) => s.Effect === "Allow" && !OWNED_SIDS.includes(String(s.Sid ?? ""));
  return (notebook ? statementList(notebook) : []).filter(theirs).flatMap((s) => (s.NotAction !== undefined ? ["NotAction (every action it does not name)"] : list(s.Action).filter(isEcr)));
}

function ceilingWarnings(ceiling: string[], notebook: PolicyDocument | undefined): FoundWarning[] {
  const what = ceiling.includes("ecr:*") ? "every ECR action" : "the ECR actions the Notebook policy grants";
  const others = otherEcrGrants(notebook);
  const explained: FoundWarning = {
    kind: "boundary-ceiling",
    origin: "ours",
    severity: "notice",
    policy: "boundary",
    statement: CEILING_SID,
    message:
      `the boundary allows ${what} on every repository (added to its own Allow on "*"), so it no longer limits ECR by repository: ` +
      "a project-user role does in ECR what its identity policies grant, and the Notebook policy names the repositories. " +
      (others.length ? "The Notebook policy also grants ECR in statements of its own (below): they now apply in full." : "No other statement of the Notebook policy grants ECR; MLSpace's project and user policies grant none. Any policy you attach to those roles yourself is not in this plan: check it for ECR grants"),
    items: ceiling,
  };
  const widened: FoundWarning[] = others.length
    ? [{ kind: "ecr-beyond-ours", origin: "ours", severity: "warning", policy: "notebook", message: "ECR granted by the Notebook policy's own statements, which the boundary's ceiling now lets through to every project-user role", items: others }]
    : [];
  return [explained, ...widened];
}

function found(side: SideEvaluations, boundary: PolicyDocument | undefined, notebook: PolicyDocument | undefined): FoundWarning[] {
  if (!boundary) return [];
  const ceiling = ceilingOf(boundary);
  if (ceiling) return ceilingWarnings(ceiling, notebook);
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

/**
 * New against the documents Terraform last applied where they changed outside Terraform since: what
 * an adopted policy now keeps of such a change is judged like a change of this plan. (The evaluator's
 * decisions before are those of IAM now, as the access tables show.)
 */
export function boundaryWarnings(set: PolicySet, access: AccessReview): Warning[] {
  const document = (key: "boundary" | "notebook", side: "before" | "after") => {
    const policy = set.policies[key];
    return side === "before" ? (policy?.driftedFrom ?? policy?.before)?.document : policy?.after?.document;
  };
  return markNew(
    found(access.after, document("boundary", "after"), document("notebook", "after")),
    found(access.before, document("boundary", "before"), document("notebook", "before")),
  );
}
