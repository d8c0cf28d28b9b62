import { withoutCeiling } from "../../../modules/mlspace-ecr-access/boundary-ceiling";
import { PolicyDocument, PolicyStatement, statementList } from "../../../modules/mlspace-ecr-access/policy-document";
import { CEILING_SID, SID_PREFIX } from "../../../modules/mlspace-ecr-access/sids";
import type { PolicyChange } from "./policy-changes";
import { diffStatements, sameStatement, StatementChange } from "./statement-diff";

/**
 * What changed in a policy outside Terraform since the last apply (the plan's `resource_drift`:
 * from the document Terraform last applied to the one IAM holds now), and what this plan does with
 * it. MLSpace's statements (every statement not this project's, the boundary's ceiling undone) and
 * this project's are told apart: an adopted policy follows the live document, so an MLSpace upgrade
 * is kept and our statements, which CloudFormation's rewrite dropped, are put back; a pinned base,
 * or a policy that is ours whole, has the edit undone.
 */

export interface OutsideChange {
  /** From the last applied document to IAM's, MLSpace's statements only. */
  change: StatementChange;
  /** "kept": the planned document has it as IAM holds it now; "undone": the plan drops or puts back some of it; "unknown": no planned document to tell. */
  thisPlan: "kept" | "undone" | "unknown";
  /** What the change brought, which IAM holds now, that the plan drops: "iam:PassRole", "Resource arn:…". */
  dropped: string[];
  /** What the change took out that the plan puts back. */
  restored: string[];
}

export interface OwnChange {
  sid: string;
  /** Missing in IAM, or there in another form (an edit, or a statement of ours that appeared). */
  was: "missing" | "altered";
  /** The plan writes it as the configuration says. */
  putBack: boolean;
}

export interface OutsideChanges {
  theirs: OutsideChange[];
  /** MLSpace's statements that did not change. */
  unchanged: number;
  ours: OwnChange[];
}

const isOurs = (statement: PolicyStatement) => String(statement.Sid ?? "").startsWith(SID_PREFIX);
const list = (value: unknown): string[] => ([] as unknown[]).concat(value ?? []).map(String);

/** MLSpace's part of a document: the statements not ours, the boundary's ceiling undone. */
function theirs(document: PolicyDocument | undefined): PolicyDocument | undefined {
  if (!document) return undefined;
  const kept = statementList(document)
    .map(withoutCeiling)
    .filter((statement): statement is PolicyStatement => statement !== undefined && !isOurs(statement));
  return { ...document, Statement: kept };
}

/** Our part: our statements, and the ceiling as the ECR actions it adds to MLSpace's statement. */
function ours(document: PolicyDocument | undefined): PolicyDocument | undefined {
  if (!document) return undefined;
  const mine = statementList(document).flatMap((statement): PolicyStatement[] => {
    if (statement.Sid !== CEILING_SID) return isOurs(statement) ? [statement] : [];
    const base = new Set(list(withoutCeiling(statement)?.Action));
    return [{ Sid: CEILING_SID, Effect: statement.Effect, Action: list(statement.Action).filter((action) => !base.has(action)), Resource: statement.Resource }];
  });
  return { ...document, Statement: mine };
}

const ELEMENTS = [
  ["action", ""],
  ["notAction", "NotAction "],
  ["resource", "Resource "],
  ["notResource", "NotResource "],
] as const;

/** The values a statement change adds or removes, e.g. "translate:List*", "Resource arn:…". */
export function changedValues(change: StatementChange, side: "added" | "removed"): string[] {
  return ELEMENTS.flatMap(([element, prefix]) => change[element][side].map((value) => `${prefix}${value}`));
}

/** Other elements (Effect, Condition…) the plan sets back to what the outside change replaced. */
function revertedElements(outside: StatementChange, plan: StatementChange): string[] {
  if (outside.kind !== "changed" || plan.kind !== "changed") return [];
  const effect = outside.effect.before !== outside.effect.after && plan.effect.after === outside.effect.before ? [`Effect ${outside.effect.before}`] : [];
  const same = (element: string, a: unknown, b: unknown) => sameStatement({ Effect: "Allow", [element]: a }, { Effect: "Allow", [element]: b });
  const others = outside.otherChanged
    .filter(({ element, before }) => plan.otherChanged.some((other) => other.element === element && same(element, other.after, before)))
    .map(({ element }) => `${element} as last applied`);
  return [...effect, ...others];
}

const both = (a: string[], b: string[]) => a.filter((value) => b.includes(value));

/** What the plan does with one outside change, from the plan's own diff of MLSpace's statements. */
function judged(change: StatementChange, plan: StatementChange[], last: PolicyStatement[], planned: PolicyStatement[] | undefined): OutsideChange {
  if (!planned) return { change, thisPlan: "unknown", dropped: [], restored: [] };
  const removedOne = change.kind === "removed" ? last[change.at.before!] : undefined;
  const touching = plan.find((p) =>
    removedOne
      ? p.kind === "added" && ((change.sid !== undefined && p.sid === change.sid) || sameStatement(planned[p.at.after!], removedOne))
      : p.kind !== "added" && p.at.before === change.at.after,
  );
  if (!touching) return { change, thisPlan: "kept", dropped: [], restored: [] };
  const dropped = both(changedValues(change, "added"), changedValues(touching, "removed"));
  const restored = [...both(changedValues(change, "removed"), changedValues(touching, "added")), ...revertedElements(change, touching)];
  return { change, thisPlan: dropped.length || restored.length ? "undone" : "kept", dropped, restored };
}

/** Our statements missing or altered in IAM, and whether the plan puts each back. */
function ownChanges(last: PolicyDocument | undefined, now: PolicyDocument | undefined, planned: PolicyDocument | undefined): OwnChange[] {
  const written = new Set(diffStatements(ours(now), ours(planned)).changes.map((change) => change.sid));
  return diffStatements(ours(last), ours(now)).changes.map((change) => ({
    sid: change.sid!,
    was: change.kind === "removed" ? "missing" : "altered",
    putBack: planned !== undefined && written.has(change.sid),
  }));
}

/** The policy's outside changes, or undefined when Terraform reports none. */
export function outsideChanges(change: PolicyChange): OutsideChanges | undefined {
  if (!change.driftedFrom) return undefined;
  const [last, now, planned] = [change.driftedFrom.document, change.before?.document, change.after?.document].map(theirs);
  const outside = diffStatements(last, now, { pairUnnamed: true });
  const plan = diffStatements(now, planned, { pairUnnamed: true }).changes;
  const statements = (document: PolicyDocument | undefined) => (document ? statementList(document) : []);
  return {
    theirs: outside.changes.map((c) => judged(c, plan, statements(last), planned && statements(planned))),
    unchanged: outside.unchanged,
    ours: ownChanges(change.driftedFrom.document, change.before?.document, change.after?.document),
  };
}
