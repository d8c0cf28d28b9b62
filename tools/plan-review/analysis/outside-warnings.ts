import type { PolicyKey } from "../../../modules/mlspace-ecr-access/inputs";
import { changedValues, OutsideChange, OutsideChanges } from "./outside-changes";
import type { PolicyChange } from "./policy-changes";
import { statementWarnings } from "./statement-warnings";
import { itemKey, itemKeys, markNew, planWarning, Warning } from "./warning";

/**
 * The warnings about what changed outside Terraform since the last apply. What this plan keeps of
 * it is judged like a change of this plan: following the live document is what brings it to the
 * roles from now on, although IAM already holds it.
 */

/** What a kept change did, e.g. "+ translate:List*", "− translate:ListLanguages", "Condition of s3:GetObject changed". */
function keptItems({ change }: OutsideChange): string[] {
  const effect = change.kind === "changed" && change.effect.before !== change.effect.after ? [`Effect of ${change.label}: ${change.effect.before} → ${change.effect.after}`] : [];
  const others = change.kind === "changed" ? change.otherChanged.map(({ element }) => `${element} of ${change.label} changed`) : [];
  return [...changedValues(change, "added").map((value) => `+ ${value}`), ...changedValues(change, "removed").map((value) => `− ${value}`), ...effect, ...others];
}

const unique = (items: string[]) => [...new Set(items)];

function theirWarnings(policy: PolicyKey, theirs: OutsideChange[]): Warning[] {
  const warnings: Warning[] = [];
  const kept = theirs.filter((outside) => outside.thisPlan === "kept");
  const dropped = unique(theirs.flatMap((outside) => outside.dropped));
  const restored = unique(theirs.flatMap((outside) => outside.restored));
  if (kept.length) {
    warnings.push(
      planWarning({
        kind: "outside-change-kept",
        severity: "notice",
        policy,
        message:
          "MLSpace's document changed since the last apply, outside Terraform (e.g. an MLSpace upgrade), and this plan keeps the change; " +
          "warnings about what it brings are marked \"changed outside Terraform\"",
        items: unique(kept.flatMap(keptItems)),
      }),
    );
  }
  if (dropped.length) {
    warnings.push(
      planWarning({
        kind: "outside-change-dropped",
        severity: "danger",
        policy,
        message:
          "changed outside Terraform since the last apply (an edit in the console, or an MLSpace upgrade): this plan undoes that edit and drops " +
          "what IAM holds now, which this project did not write. If it should stay, follow the live document (an adopted policy without " +
          "base_policy_json) or put it in base_policy_json",
        items: dropped,
      }),
    );
  }
  if (restored.length) {
    warnings.push(
      planWarning({
        kind: "outside-change-undone",
        severity: "warning",
        policy,
        message: "changed outside Terraform since the last apply (e.g. in the console): this plan undoes that edit and puts back what it took out",
        items: restored,
      }),
    );
  }
  if (theirs.some((outside) => outside.thisPlan === "unknown")) {
    warnings.push(
      planWarning({
        kind: "outside-change",
        severity: "warning",
        policy,
        message: "MLSpace's document changed since the last apply, outside Terraform: what this plan does with the change is known only after apply",
        items: [],
      }),
    );
  }
  return warnings;
}

function ownWarnings(policy: PolicyKey, outside: OutsideChanges): Warning[] {
  const putBack = outside.ours.filter((own) => own.putBack);
  if (!putBack.length) return [];
  const kinds = new Set(putBack.map((own) => own.was));
  const were = kinds.size > 1 ? "missing or altered" : [...kinds][0];
  const tables = kinds.has("altered") ? "show what that changes for the roles" : "show what the roles regain";
  return [
    planWarning({
      kind: "ours-put-back",
      severity: "notice",
      policy,
      message:
        `this project's ECR statements were ${were} in IAM (the document changed outside Terraform since the last apply) and this plan puts them back: ` +
        `the access tables, which compare with IAM now, ${tables}`,
      items: putBack.map((own) => own.sid),
    }),
  ];
}

/** The plan-level warnings about one policy's outside changes. */
export function outsideWarnings(policy: PolicyKey, outside: OutsideChanges | undefined): Warning[] {
  if (!outside) return [];
  const warnings = [...theirWarnings(policy, outside.theirs), ...ownWarnings(policy, outside)];
  if (warnings.length || outside.theirs.length || outside.ours.length) return warnings;
  const form = "changed outside Terraform since the last apply, in form only (order of statements or values, spelling): IAM decides the same";
  return [planWarning({ kind: "outside-change", severity: "notice", policy, message: form, items: [] })];
}

/**
 * A policy's statement warnings, new against what IAM holds now, or, when the document changed
 * outside Terraform, against what Terraform last applied: a warning about MLSpace's statements whose
 * new items IAM already holds now came from outside, and is marked so.
 */
export async function statementFindings(change: PolicyChange): Promise<Warning[]> {
  const after = await statementWarnings(change.key, change.after?.document);
  const now = await statementWarnings(change.key, change.before?.document);
  if (!change.driftedFrom) return markNew(after, now);
  const heldNow = itemKeys(now);
  return markNew(after, await statementWarnings(change.key, change.driftedFrom.document)).map((warning): Warning =>
    warning.isNew && warning.origin === "base" && warning.newItems.every((item) => heldNow.has(itemKey(warning, item))) ? { ...warning, origin: "outside" } : warning,
  );
}
