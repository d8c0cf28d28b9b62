import { withoutCeiling } from "../../../modules/mlspace-ecr-access/boundary-ceiling";
import { PolicyDocument, PolicyStatement, statementList } from "../../../modules/mlspace-ecr-access/policy-document";
import { CEILING_SID } from "../../../modules/mlspace-ecr-access/sids";

/**
 * A policy change as statements added, removed and changed, matched by Sid, with the actions and
 * resources each gains or loses: what a reviewer reads instead of a text diff of JSON. A statement
 * without a Sid has no identity across versions; it is matched only by identical content, so any
 * change to one shows as that statement removed and a new one added, unless asked to pair them
 * (see DiffOptions).
 */

export type ValueDiff = { added: string[]; removed: string[] };

export interface StatementChange {
  kind: "added" | "removed" | "changed";
  /** The Sid, or undefined for an unnamed statement. */
  sid?: string;
  /** How the statement is named to a reader: its Sid, or its first action and how many more. */
  label: string;
  effect: { before?: string; after?: string };
  action: ValueDiff;
  notAction: ValueDiff;
  resource: ValueDiff;
  notResource: ValueDiff;
  /** Condition, Principal or any other element that differs (whole-value comparison). */
  otherChanged: { element: string; before?: unknown; after?: unknown }[];
  /** Where the statement is in each document's Statement list, to follow it from one diff into another. */
  at: { before?: number; after?: number };
}

export interface DiffOptions {
  /**
   * Show an unnamed statement removed and an unnamed one added as one statement changed when they
   * differ in one element only, share most of its values, and nothing else is as close: how an
   * MLSpace upgrade that turns three actions into one wildcard reads (its statements have no Sid).
   */
  pairUnnamed?: boolean;
}

export interface StatementDiff {
  changes: StatementChange[];
  unchanged: number;
  /** Same statements and values, in another order: IAM decides the same. */
  reorderedOnly: boolean;
}

const LIST_ELEMENTS = ["Action", "NotAction", "Resource", "NotResource"] as const;

const asList = (value: unknown): string[] => (value === undefined ? [] : ([] as unknown[]).concat(value).map(String));

/** JSON with object keys sorted and string lists of the four list elements sorted: equal when IAM reads the same. */
function canonical(value: unknown, listsAsSets = false): string {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item));
    return `[${(listsAsSets ? [...items].sort() : items).join(",")}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonical(child, listsAsSets || key === "Condition")}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function canonicalStatement(statement: PolicyStatement): string {
  const normalized: Record<string, unknown> = { ...statement };
  for (const element of LIST_ELEMENTS) if (element in normalized) normalized[element] = [...new Set(asList(normalized[element]))].sort();
  return canonical(normalized);
}

function label(statement: PolicyStatement): string {
  if (statement.Sid) return statement.Sid;
  const actions = asList(statement.Action ?? statement.NotAction);
  if (!actions.length) return "no action";
  return `${statement.NotAction ? "NotAction " : ""}${actions[0]}${actions.length > 1 ? ` and ${actions.length - 1} more` : ""}`;
}

/** A statement and its index in the document's Statement list. */
type Placed = { statement: PolicyStatement; index: number };

/**
 * Statements keyed by Sid, or by content when unnamed; repeats get "#2", "#3"… The base statement
 * that carries the boundary's ECR ceiling is keyed as it was before, so it shows as changed.
 */
function keyed(document: PolicyDocument | undefined): Map<string, Placed> {
  const map = new Map<string, Placed>();
  for (const [index, statement] of (document ? statementList(document) : []).entries()) {
    const original = statement.Sid === CEILING_SID ? withoutCeiling(statement) : statement;
    const base = !original ? `sid:${CEILING_SID}` : original.Sid ? `sid:${original.Sid}` : `content:${canonicalStatement(original)}`;
    let key = base;
    for (let n = 2; map.has(key); n++) key = `${base}#${n}`;
    map.set(key, { statement, index });
  }
  return map;
}

function valueDiff(before: unknown, after: unknown): ValueDiff {
  const was = new Set(asList(before));
  const now = new Set(asList(after));
  return { added: [...now].filter((v) => !was.has(v)), removed: [...was].filter((v) => !now.has(v)) };
}

function statementChange(kind: StatementChange["kind"], from?: Placed, to?: Placed): StatementChange {
  const before = from?.statement;
  const after = to?.statement;
  const elements = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const otherChanged: StatementChange["otherChanged"] = [];
  for (const element of elements) {
    if (element === "Sid" || element === "Effect" || (LIST_ELEMENTS as readonly string[]).includes(element)) continue;
    const was = before?.[element];
    const now = after?.[element];
    if (canonical(was, element === "Condition") !== canonical(now, element === "Condition")) otherChanged.push({ element, before: was, after: now });
  }
  return {
    kind,
    sid: (after ?? before)!.Sid,
    label: label((after ?? before)!),
    effect: { before: before?.Effect, after: after?.Effect },
    action: valueDiff(before?.Action, after?.Action),
    notAction: valueDiff(before?.NotAction, after?.NotAction),
    resource: valueDiff(before?.Resource, after?.Resource),
    notResource: valueDiff(before?.NotResource, after?.NotResource),
    otherChanged,
    at: { before: from?.index, after: to?.index },
  };
}

/** Same statement for IAM: same elements and values, in any order. */
export const sameStatement = (a: PolicyStatement, b: PolicyStatement) => canonicalStatement(a) === canonicalStatement(b);

/**
 * How alike two unnamed statements of the same Effect are, from 0 to 1, when they differ in one
 * element only: the share of values they have in common there (0.5 for a Condition or another
 * element); undefined when they differ in more.
 */
function likeness(a: PolicyStatement, b: PolicyStatement): number | undefined {
  if (a.Sid || b.Sid || a.Effect !== b.Effect) return undefined;
  const elements = new Set([...Object.keys(a), ...Object.keys(b)]);
  const differing = [...elements].filter((element) => canonicalStatement({ [element]: a[element] } as PolicyStatement) !== canonicalStatement({ [element]: b[element] } as PolicyStatement));
  if (differing.length !== 1) return undefined;
  const [element] = differing;
  if (!(LIST_ELEMENTS as readonly string[]).includes(element)) return 0.5;
  const [was, now] = [new Set(asList(a[element])), new Set(asList(b[element]))];
  const common = [...was].filter((value) => now.has(value)).length;
  return common / new Set([...was, ...now]).size;
}

/** Removed and added unnamed statements that are each other's one likeliest counterpart, at least half alike. */
function pairs(removed: Placed[], added: Placed[]): [Placed, Placed][] {
  const best = (one: Placed, others: Placed[]): Placed | undefined => {
    const scored = others.map((other) => ({ other, score: likeness(one.statement, other.statement) ?? 0 })).filter(({ score }) => score >= 0.5);
    const top = Math.max(...scored.map(({ score }) => score));
    const tops = scored.filter(({ score }) => score === top);
    return tops.length === 1 ? tops[0].other : undefined;
  };
  return removed.flatMap((was): [Placed, Placed][] => {
    const now = best(was, added);
    return now && best(now, removed) === was ? [[was, now]] : [];
  });
}

export function diffStatements(before: PolicyDocument | undefined, after: PolicyDocument | undefined, options: DiffOptions = {}): StatementDiff {
  const was = keyed(before);
  const now = keyed(after);
  const added = [...now].filter(([key]) => !was.has(key)).map(([, placed]) => placed);
  const removed = [...was].filter(([key]) => !now.has(key)).map(([, placed]) => placed);
  const paired = options.pairUnnamed ? pairs(removed, added) : [];
  const pairedWith = new Map(paired.map(([old, statement]) => [statement, old]));
  const changes: StatementChange[] = [];
  let unchanged = 0;
  for (const [key, placed] of now) {
    const old = was.get(key) ?? pairedWith.get(placed);
    if (!old) changes.push(statementChange("added", undefined, placed));
    else if (canonicalStatement(old.statement) === canonicalStatement(placed.statement)) unchanged++;
    else changes.push(statementChange("changed", old, placed));
  }
  const pairedOld = new Set(paired.map(([old]) => old));
  for (const placed of removed) if (!pairedOld.has(placed)) changes.push(statementChange("removed", placed, undefined));
  const order = (document?: PolicyDocument) => JSON.stringify(document ? statementList(document) : []);
  return { changes, unchanged, reorderedOnly: changes.length === 0 && order(before) !== order(after) };
}
