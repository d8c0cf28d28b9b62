import { POLICIES, PolicyKey } from "./inputs";
import { keptBaseStatements } from "./merge-into-base";
import { PolicyDocument, PolicyStatement } from "./policy-document";

/**
 * An adopted policy edited in place is MLSpace's as much as ours: its CloudFormation stack rewrites
 * it at every upgrade. So its base is what IAM holds now (the default version, read at every plan),
 * less our own statements; `base_policy_json` only pins it. Attach mode's policy is ours whole.
 */
export function followsLiveDocument(settings: { import_arn?: string | null; attach_to_roles?: readonly string[] }): boolean {
  return Boolean(settings.import_arn) && (settings.attach_to_roles ?? []).length === 0;
}

const list = (value: unknown): string[] => ([] as string[]).concat((value as string | string[] | undefined) ?? []);

/** JSON with sorted keys at every depth: what Terraform's jsonencode writes, so both forms compare alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Everything of a statement but its Sid, actions and resources: effect, conditions, NotAction… */
export const STATEMENT_LIST_KEYS = ["Sid", "Action", "Resource"] as const;
const rest = (statement: PolicyStatement) =>
  canonical(Object.fromEntries(Object.entries(statement).filter(([key]) => !(STATEMENT_LIST_KEYS as readonly string[]).includes(key))));

const within = (some: string[], all: string[]) => some.every((item) => all.includes(item));

/** How a dropped live statement is named in the message: by its Sid, else by its place among the kept ones. */
export const droppedLabel = (statement: PolicyStatement, index: number) =>
  typeof statement.Sid === "string" && statement.Sid !== "" ? `statement ${JSON.stringify(statement.Sid)}` : `statement ${index + 1}`;

/** One dropped statement in words: what of it no planned statement with the same effect and conditions keeps. */
export const droppedItem = (label: string, actions: string[], resources: string[]) => {
  const parts = [...(actions.length ? [`actions ${actions.join(", ")}`] : []), ...(resources.length ? [`resources ${resources.join(", ")}`] : [])];
  return `${label} (${parts.length ? parts.join("; ") : "as a whole"})`;
};

/**
 * The statements not ours that IAM holds now (`live`) and the planned base (`planned`, our own
 * already taken out) would not keep: a live statement is kept when a planned one with the same
 * effect, conditions and other elements grants all its actions on all its resources.
 */
export function droppedFromLive(live: PolicyDocument | undefined, planned: PolicyStatement[]): string[] {
  return keptBaseStatements(live).flatMap((statement, index) => {
    const like = planned.filter((other) => rest(other) === rest(statement));
    const [actions, resources] = [list(statement.Action), list(statement.Resource)];
    if (like.some((other) => within(actions, list(other.Action)) && within(resources, list(other.Resource)))) return [];
    const missing = (items: string[], of: (other: PolicyStatement) => string[]) => items.filter((item) => !like.some((other) => of(other).includes(item)));
    return [droppedItem(droppedLabel(statement, index), missing(actions, (o) => list(o.Action)), missing(resources, (o) => list(o.Resource)))];
  });
}

/** The precondition's message: which policy, what would be lost, and the three ways out. */
export function droppedLiveMessage(key: PolicyKey, name: string, items: string): string {
  const { input, title } = POLICIES[key];
  return (
    `The ${title} "${name}" is adopted (${input}.import_arn), and this plan would drop from it what IAM holds now and this project ` +
    `did not write: ${items}. ${input}.base_policy_json pins another document than the live one (an MLSpace upgrade or a console edit since). ` +
    `Drop ${input}.base_policy_json to follow the live document, or update it to the current one ` +
    "(aws iam get-policy-version --query PolicyVersion.Document); " +
    `or set ${input}.allow_dropping_live_statements = true to drop them on purpose.`
  );
}
