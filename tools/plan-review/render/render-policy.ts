import { capped, code, count, details, plural } from "./markdown";
import type { PolicyFate } from "../analysis/policy-changes";
import type { SizeReport } from "../analysis/policy-size";
import type { PolicyReview } from "../analysis/review";
import type { StatementChange, StatementDiff, ValueDiff } from "../analysis/statement-diff";

/** One policy as Markdown: what happens to it, its size, and its statements diffed by Sid. */

const FATE_ICON: Record<PolicyFate, string> = {
  create: "🆕",
  update: "✏️",
  replace: "🛑",
  delete: "🛑",
  forget: "⚠️",
  "no-op": "✔️",
};

/** "🛑 **replace** (dangerous)", "✏️ update in place"… */
export function fateText(review: PolicyReview): string {
  const { fate } = review.change;
  const label = fate === "replace" || fate === "delete" ? `**${review.fate}** (dangerous)` : review.fate;
  return `${FATE_ICON[fate]} ${label}`;
}

/** "5,112 → 5,176 (+64) of 6,144 (84%, 968 left)"; after undefined: deleted, or not known until apply. */
export function sizeText(size: SizeReport, afterUnknown = false, withLimit = true): string {
  if (size.after === undefined) {
    const what = afterUnknown ? "known after apply" : "none";
    return size.before === undefined ? what : `${count(size.before)} → ${what}`;
  }
  const changed = size.before !== undefined && size.before !== size.after;
  const from = changed ? `${count(size.before!)} → ` : "";
  const delta = changed ? ` (${size.after > size.before! ? "+" : "−"}${count(Math.abs(size.after - size.before!))})` : "";
  const left = size.left! < 0 ? `**${count(-size.left!)} over the limit**` : `${count(size.left!)} left`;
  return `${from}${count(size.after)}${delta}${withLimit ? ` of ${count(size.limit)}` : ""} (${size.percent}%, ${left})`;
}

function valueLines(element: string, diff: ValueDiff, maxEach: number): string[] {
  return [
    ...capped(diff.added.map(code), maxEach, "more").map((value) => `  - ${element} ➕ ${value}`),
    ...capped(diff.removed.map(code), maxEach, "more").map((value) => `  - ${element} ➖ ${value}`),
  ];
}

const KIND_ICON = { added: "➕ added", removed: "➖ removed", changed: "✏️ changed" };

function changeLines(change: StatementChange, maxEach: number): string[] {
  const effect =
    change.effect.before && change.effect.after && change.effect.before !== change.effect.after
      ? `Effect ${change.effect.before} → **${change.effect.after}**`
      : (change.effect.after ?? change.effect.before);
  const lines = [`- ${KIND_ICON[change.kind]} ${change.sid ? code(change.sid) : `statement without Sid, ${change.label}`} (${effect})`];
  lines.push(...valueLines("Action", change.action, maxEach), ...valueLines("NotAction", change.notAction, maxEach));
  lines.push(...valueLines("Resource", change.resource, maxEach), ...valueLines("NotResource", change.notResource, maxEach));
  for (const other of change.otherChanged) {
    const show = (value: unknown) => (value === undefined ? "none" : code(JSON.stringify(value)));
    lines.push(`  - ${other.element}: ${change.kind === "added" ? show(other.after) : change.kind === "removed" ? show(other.before) : `${show(other.before)} → ${show(other.after)}`}`);
  }
  return lines;
}

export function statementSummary(diff: StatementDiff): string {
  const by = (kind: StatementChange["kind"]) => diff.changes.filter((c) => c.kind === kind).length;
  if (diff.changes.length === 0) {
    return diff.reorderedOnly ? `Statements: only their order or the order of values changes (${plural(diff.unchanged, "statement")}); IAM decides the same.` : `Statements: no change (${plural(diff.unchanged, "statement")}).`;
  }
  return `Statements, matched by Sid: ${count(by("changed"))} changed, ${count(by("added"))} added, ${count(by("removed"))} removed, ${count(diff.unchanged)} unchanged.`;
}

/** The statement changes; folded when long. */
export function statementDiffText(diff: StatementDiff, foldFrom = 15, maxEach = 40): string {
  const summary = statementSummary(diff);
  if (!diff.changes.length) return summary;
  const lines = diff.changes.flatMap((change) => changeLines(change, maxEach));
  if (lines.length < foldFrom) return `${summary}\n\n${lines.join("\n")}`;
  return `${summary}\n\n${details(`The ${plural(diff.changes.length, "statement change")} (${plural(lines.length, "line")})`, lines.join("\n"))}`;
}

/** The policy's heading and one line of facts; the statement diff is a separate block (it may be truncated). */
export function policyHeading(review: PolicyReview): string {
  const { change } = review;
  const name = change.after?.name ?? change.before?.name;
  const facts = [code(change.address)];
  if (name) facts.push(`name ${change.fate === "replace" && change.before?.name !== change.after?.name ? `${code(change.before?.name ?? "?")} → ${code(change.after?.name ?? "?")}` : code(name)}`);
  if (change.importId !== undefined) facts.push(`imported from ${code(change.importId)}`);
  facts.push(`size ${sizeText(review.size, change.after?.unknown)}`);
  if (change.attachments.length) {
    const mark: Record<string, string> = { create: " (➕ attached now)", delete: " (➖ detached now)", replace: " (re-attached)" };
    facts.push(`attached to ${change.attachments.map((a) => `${code(a.role)}${mark[a.fate] ?? ""}`).join(", ")}`);
  }
  const note = review.reorderedInConfiguration
    ? "\n\nThe configuration writes this document in another order (statements, actions or resources). IAM decides the same, so the AWS provider keeps the current document: no change."
    : "";
  return `#### ${change.title}: ${fateText(review)}\n\n${facts.join(" · ")}${note}`;
}

export function driftText(review: PolicyReview): string | undefined {
  if (!review.drift) return undefined;
  return `Changed outside Terraform since the last apply (what IAM holds now, compared with what Terraform last applied):\n\n${statementDiffText(review.drift)}`;
}
