import type { ChangeAction, PlanJson } from "../analysis/plan-json";

/**
 * out/plan/summary.json: whether anything would change, for a script (the drift workflow) that
 * must not parse the Markdown review. `changed` is Terraform's own "the plan has changes", not the
 * review's idea of an IAM change, so a change the review does not show still counts.
 */

/** Per install (or the single stack): what its plan came to. */
export type PlanStatus = "changed" | "unchanged" | "failed";

export interface PlanSummary {
  /** Some plan would change something if applied. */
  changed: boolean;
  /** Some plan (or the synthesis before all of them) failed: nothing is known of it. */
  failed: boolean;
  /** Empty when synthesis failed, before any stack was known. */
  installs: Record<string, PlanStatus>;
}

type Change = { actions: ChangeAction[] };

/**
 * Whether applying the plan would change anything. Terraform 1.8+ says so in `applyable`; for an
 * older one, the same rule from the changes: an action other than no-op, a move, an import, or a
 * root output that changes (what `terraform plan -detailed-exitcode` counts).
 */
export function planChanges(plan: PlanJson): boolean {
  if (typeof plan.applyable === "boolean") return plan.applyable;
  const acts = (change: Change) => change.actions.some((action) => action !== "no-op");
  const resources = (plan.resource_changes ?? []).some((resource) => acts(resource.change) || resource.previous_address !== undefined || resource.change.importing !== undefined);
  const outputs = Object.values((plan.output_changes ?? {}) as Record<string, Change>).some(acts);
  return resources || outputs;
}

export function planSummary(installs: Record<string, PlanStatus>, synthesisFailed = false): PlanSummary {
  const statuses = Object.values(installs);
  return { changed: statuses.includes("changed"), failed: synthesisFailed || statuses.includes("failed"), installs };
}
