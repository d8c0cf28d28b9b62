import { EVERY_ECR_ACTION } from "./ecr-actions";
import { hasWildcard, matchesAction } from "./iam-wildcards";
import { PolicyStatement } from "./policy-document";
import { CEILING_SID } from "./sids";
import { EcrStatement } from "./statements";

/**
 * The permission boundary is a ceiling: the identity policies name the repositories. Its ECR part
 * can therefore be a list of actions on every repository, whose size does not grow with the
 * repositories, written into the base's own unconditioned Allow on "*" (MLSpace's boundary has one)
 * instead of statements of our own. That base statement is marked with CEILING_SID.
 */

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const isEcrAction = (action: unknown) => typeof action === "string" && action.toLowerCase().startsWith("ecr:");

/**
 * A base statement that can carry the ceiling: exactly an Allow with an Action list (none of ECR:
 * those would be indistinguishable from ours) on Resource "*", with no Sid and no condition.
 */
export function isCeilingHost(statement: PolicyStatement): boolean {
  const keys = Object.keys(statement).sort().join(",");
  const resources = list(statement.Resource);
  return (
    keys === "Action,Effect,Resource" &&
    statement.Effect === "Allow" &&
    Array.isArray(statement.Action) &&
    !statement.Action.some(isEcrAction) &&
    resources.length === 1 &&
    resources[0] === "*"
  );
}

/** A base statement as it was before we marked it: no ceiling Sid, no ECR action; undefined if nothing is left. */
export function withoutCeiling(statement: PolicyStatement): PolicyStatement | undefined {
  if (statement.Sid !== CEILING_SID) return statement;
  const { Sid: _sid, ...rest } = statement;
  const actions = list(rest.Action).filter((action) => !isEcrAction(action)) as string[];
  return actions.length ? { ...rest, Action: actions } : undefined;
}

/**
 * The ceiling's actions: every action our statements grant (as the earlier steps spell them, less
 * those another of them covers, e.g. "ecr:GetD*" beside "ecr:G*"), or every ECR action.
 */
export function ceilingActions(statements: EcrStatement[], everyEcrAction: boolean): string[] {
  if (statements.length === 0) return [];
  if (everyEcrAction) return [EVERY_ECR_ACTION];
  const all = statements.flatMap((statement) => statement.actions);
  const actions = all.filter((action, index) => all.indexOf(action) === index);
  return actions.filter((action) => !actions.some((other) => other !== action && hasWildcard(other) && matchesAction(other, action)));
}

/** The base's statements with the ceiling carried by the first host, or by a statement of our own. */
export function withCeiling(kept: PolicyStatement[], actions: string[]): PolicyStatement[] {
  if (actions.length === 0) return kept;
  const host = kept.findIndex(isCeilingHost);
  if (host < 0) return [...kept, { Sid: CEILING_SID, Effect: "Allow", Action: actions.length === 1 ? actions[0] : actions, Resource: "*" }];
  return kept.map((statement, index) =>
    index === host ? { Sid: CEILING_SID, ...statement, Action: [...(statement.Action as string[]), ...actions] } : statement,
  );
}
