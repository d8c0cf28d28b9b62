import { CEILING_SID } from "../../../modules/mlspace-ecr-access/sids";
import { capped, code, count, details, listing, plural } from "./markdown";
import type { OutsideChange, OwnChange } from "../analysis/outside-changes";
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

/** "1 changed, 2 added, 0 removed, 12 unchanged" */
function changeCounts(diff: StatementDiff): string {
  const by = (kind: StatementChange["kind"]) => diff.changes.filter((c) => c.kind === kind).length;
  return `${count(by("changed"))} changed, ${count(by("added"))} added, ${count(by("removed"))} removed, ${count(diff.unchanged)} unchanged`;
}

export function statementSummary(diff: StatementDiff): string {
  if (diff.changes.length === 0) {
    return diff.reorderedOnly ? `Statements: only their order or the order of values changes (${plural(diff.unchanged, "statement")}); IAM decides the same.` : `Statements: no change (${plural(diff.unchanged, "statement")}).`;
  }
  return `Statements, matched by Sid: ${changeCounts(diff)}.`;
}

/** A summary and the lines of its statement changes, folded when long. */
function foldedLines(summary: string, changes: number, lines: string[], foldFrom: number): string {
  if (lines.length < foldFrom) return `${summary}\n\n${lines.join("\n")}`;
  return `${summary}\n\n${details(`The ${plural(changes, "statement change")} (${plural(lines.length, "line")})`, lines.join("\n"))}`;
}

/** The statement changes; folded when long. */
export function statementDiffText(diff: StatementDiff, foldFrom = 15, maxEach = 40): string {
  const summary = statementSummary(diff);
  if (!diff.changes.length) return summary;
  return foldedLines(summary, diff.changes.length, diff.changes.flatMap((change) => changeLines(change, maxEach)), foldFrom);
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

const VERDICT: Record<OutsideChange["thisPlan"], string> = { kept: "kept in this plan", undone: "**undone by this plan**", unknown: "what this plan does with it is known only after apply" };

function verdictText(outside: OutsideChange): string {
  const what = [
    outside.dropped.length ? `it drops ${listing(capped(outside.dropped.map(code), 10, "more"))}` : "",
    outside.restored.length ? `it puts back ${listing(capped(outside.restored.map(code), 10, "more"))}` : "",
  ].filter(Boolean);
  return `${VERDICT[outside.thisPlan]}${what.length ? `: ${what.join("; ")}` : ""}`;
}

/** "`A` and `B` were missing in IAM; this plan puts them back." for each kind of change to our statements. */
function ownText(ours: OwnChange[]): string {
  if (!ours.length) return "**This project's ECR statements**: as last applied.";
  const groups: [OwnChange["was"], boolean, string][] = [
    ["missing", true, "this plan puts {them} back"],
    ["altered", true, "this plan puts {them} back as configured"],
    ["missing", false, "this plan does not write {them} again"],
    ["altered", false, "this plan leaves {them} so"],
  ];
  const sentences = groups.flatMap(([was, putBack, what]) => {
    const sids = ours.filter((own) => own.was === was && own.putBack === putBack).map((own) => `${code(own.sid)}${own.sid === CEILING_SID ? " (the boundary's ECR ceiling)" : ""}`);
    if (!sids.length) return [];
    const one = sids.length === 1;
    return [`${listing(sids)} ${one ? "was" : "were"} ${was} in IAM; ${what.replace("{them}", one ? "it" : "them")}.`];
  });
  return `**This project's ECR statements**: ${sentences.join(" ")}`;
}

/** What changed outside Terraform since the last apply, MLSpace's statements and ours apart, and what this plan does with each. */
export function driftText(review: PolicyReview, foldFrom = 15, maxEach = 40): string | undefined {
  const { outside } = review;
  if (!outside) return undefined;
  const intro = "Changed outside Terraform since the last apply (what IAM holds now, compared with what Terraform last applied):";
  const ceiling = review.change.key === "boundary" ? ", compared without the ECR actions this project adds to one of them" : "";
  const changes = outside.theirs.map((o) => o.change);
  const verdicts = new Set(outside.theirs.map((o) => o.thisPlan));
  const overall = verdicts.size === 1 && !verdicts.has("unknown") ? ` This plan ${verdicts.has("kept") ? "keeps" : "undoes"} ${changes.length === 1 ? "it" : "them"}.` : "";
  const summary = changes.length
    ? `**MLSpace's statements** (every statement not this project's${ceiling}): ${changeCounts({ changes, unchanged: outside.unchanged, reorderedOnly: false })}${outside.unchanged ? " (not shown)" : ""}.${overall}`
    : `**MLSpace's statements** (every statement not this project's${ceiling}): no change (${plural(outside.unchanged, "statement")}).`;
  const lines = outside.theirs.flatMap((o) => {
    const [first, ...rest] = changeLines(o.change, maxEach);
    return [`${first} · ${verdictText(o)}`, ...rest];
  });
  const theirs = changes.length ? foldedLines(summary, changes.length, lines, foldFrom) : summary;
  return `${intro}\n\n${theirs}\n\n${ownText(outside.ours)}`;
}
