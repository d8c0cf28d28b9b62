import { withoutCeiling } from "../../../modules/mlspace-ecr-access/boundary-ceiling";
import { PolicyDocument, PolicyStatement, statementList } from "../../../modules/mlspace-ecr-access/policy-document";
import { CEILING_SID } from "../../../modules/mlspace-ecr-access/sids";

/**
 * A policy change as statements added, removed and changed, matched by Sid, with the actions and
 * resources each gains or loses: what a reviewer reads instead of a text diff of JSON. A statement
 * without a Sid has no identity across versions; it is matched only by identical content, so any
 * change to one shows as that statement removed and a new one added.
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

/**
 * Statements keyed by Sid, or by content when unnamed; repeats get "#2", "#3"… The base statement
 * that carries the boundary's ECR ceiling is keyed as it was before, so it shows as changed.
 */
function keyed(document: PolicyDocument | undefined): Map<string, PolicyStatement> {
  const map = new Map<string, PolicyStatement>();
  for (const statement of document ? statementList(document) : []) {
    const original = statement.Sid === CEILING_SID ? withoutCeiling(statement) : statement;
    const base = !original ? `sid:${CEILING_SID}` : original.Sid ? `sid:${original.Sid}` : `content:${canonicalStatement(original)}`;
    let key = base;
    for (let n = 2; map.has(key); n++) key = `${base}#${n}`;
    map.set(key, statement);
  }
  return map;
}

function valueDiff(before: unknown, after: unknown): ValueDiff {
  const was = new Set(asList(before));
  const now = new Set(asList(after));
  return { added: [...now].filter((v) => !was.has(v)), removed: [...was].filter((v) => !now.has(v)) };
}

function statementChange(kind: StatementChange["kind"], before?: PolicyStatement, after?: PolicyStatement): StatementChange {
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
  };
}

export function diffStatements(before: PolicyDocument | undefined, after: PolicyDocument | undefined): StatementDiff {
  const was = keyed(before);
  const now = keyed(after);
  const changes: StatementChange[] = [];
  let unchanged = 0;
  for (const [key, statement] of now) {
    const old = was.get(key);
    if (!old) changes.push(statementChange("added", undefined, statement));
    else if (canonicalStatement(old) === canonicalStatement(statement)) unchanged++;
    else changes.push(statementChange("changed", old, statement));
  }
  for (const [key, statement] of was) if (!now.has(key)) changes.push(statementChange("removed", statement, undefined));
  const order = (document?: PolicyDocument) => JSON.stringify(document ? statementList(document) : []);
  return { changes, unchanged, reorderedOnly: changes.length === 0 && order(before) !== order(after) };
}
