import type { PolicyKey } from "../../../modules/mlspace-ecr-access/inputs";

/** What a security reviewer is told to look at first, most serious first. */

export type Severity = "danger" | "warning" | "notice";

export type WarningKind =
  | "replace"
  | "delete"
  | "over-limit"
  | "close-to-limit"
  | "outside-change-kept"
  | "outside-change-dropped"
  | "outside-change-undone"
  | "outside-change"
  | "ours-put-back"
  | "unknown-document"
  | "attach"
  | "detach"
  | "write-on-any-resource"
  | "deletes-repositories"
  | "changes-policies"
  | "action-wildcard"
  | "allow-not-action"
  | "allow-not-resource"
  | "unknown-action"
  | "useless-notebook-grant"
  | "unused-boundary-grant"
  | "boundary-ceiling"
  | "ecr-beyond-ours"
  | "unnameable-owners";

export interface Warning {
  kind: WarningKind;
  severity: Severity;
  /** The policy it is about (absent for ones about a role). */
  policy?: PolicyKey;
  /** The statement's Sid, or "#4" for the fourth statement when it has none. */
  statement?: string;
  /**
   * Where it comes from: the plan itself, this project's statements and ECR access, the base
   * documents, or MLSpace's statements changed outside Terraform since the last apply that this plan keeps.
   */
  origin: "plan" | "outside" | "ours" | "base";
  /** One line, without the items. */
  message: string;
  /** The actions, patterns or "action on repository" it lists. */
  items: string[];
  /** Items that were not already warned about before this plan. */
  newItems: string[];
  /** Something this plan brings: a plan-level warning, or one with new items. */
  isNew: boolean;
}

export const SEVERITY_ORDER: Severity[] = ["danger", "warning", "notice"];

/** A warning about the plan itself (a replace, a size): always new. */
export function planWarning(warning: Omit<Warning, "newItems" | "isNew" | "origin">): Warning {
  return { ...warning, origin: "plan", newItems: warning.items, isNew: true };
}

const ORIGIN_ORDER: Warning["origin"][] = ["plan", "outside", "ours", "base"];

/** New ones first, then by severity, then the plan's, what came from outside, ours, the base documents'; stable otherwise. */
export function sortWarnings(warnings: Warning[]): Warning[] {
  return warnings
    .map((warning, index) => ({ warning, index }))
    .sort(
      (a, b) =>
        Number(b.warning.isNew) - Number(a.warning.isNew) ||
        SEVERITY_ORDER.indexOf(a.warning.severity) - SEVERITY_ORDER.indexOf(b.warning.severity) ||
        ORIGIN_ORDER.indexOf(a.warning.origin) - ORIGIN_ORDER.indexOf(b.warning.origin) ||
        a.index - b.index,
    )
    .map(({ warning }) => warning);
}

/** A warning as found in one document, before it is compared with the other side of the plan. */
export type FoundWarning = Omit<Warning, "newItems" | "isNew">;

/** An item of a warning, as compared across documents: same kind, same policy, same item. */
export const itemKey = (warning: FoundWarning, item: string) => `${warning.kind}|${warning.policy ?? ""}|${item}`;

export const itemKeys = (warnings: FoundWarning[]) => new Set(warnings.flatMap((warning) => warning.items.map((item) => itemKey(warning, item))));

/**
 * Marks which items of `after` warnings are new: not among the same kind's items for the same
 * policy before the plan.
 */
export function markNew(after: FoundWarning[], before: FoundWarning[]): Warning[] {
  const seen = itemKeys(before);
  return after.map((warning) => {
    const newItems = warning.items.filter((item) => !seen.has(itemKey(warning, item)));
    return { ...warning, newItems, isNew: newItems.length > 0 };
  });
}
