import { PolicyDocument, PolicyStatement, statementList } from "../../../modules/mlspace-ecr-access/policy-document";
import { accessMatrix, actionsFor, decide, Decision, Principal, RequestTags, takesNoResource } from "../../iam-evaluator/effective-access";
import type { RepositoryRow } from "./repository-rows";
import { matchesAction } from "../../../modules/mlspace-ecr-access/iam-wildcards";

/**
 * Asks the IAM policy evaluator what a principal may do in ECR: every ECR action that acts on a
 * repository or takes no resource, on every repository row. A principal is identity policies and
 * an optional permissions boundary, in the account of the repository asked about (a repository of
 * another account is asked as if the role were there: the answer is then what the role's own
 * policies allow, which the repository's policy must also allow). A row of tag ownership is asked
 * with its repository's tags.
 */

/** `decisions[action][row label]`. */
export type Decisions = Record<string, Record<string, Decision>>;

/** The evaluator's answers, or why there are none. */
export type Evaluation = { decisions: Decisions } | { unavailable: string };

export interface EcrActions {
  /** Actions that act on a repository: one answer per repository. */
  repository: string[];
  /** Actions IAM evaluates on "*" only (ecr:GetAuthorizationToken…): one answer for all. */
  account: string[];
}

let catalogue: Promise<EcrActions> | undefined;

export function ecrActions(): Promise<EcrActions> {
  catalogue ??= (async () => {
    const all = await actionsFor("ecr", "repository");
    const noResource = await Promise.all(all.map(takesNoResource));
    return { repository: all.filter((_, i) => !noResource[i]), account: all.filter((_, i) => noResource[i]) };
  })();
  return catalogue;
}

export const ACCOUNT_ROW = "*";

const accountOf = (arn: string) => arn.split(":")[4];

/** Nothing to evaluate: a principal without an identity policy is denied everything. */
function deniedEverywhere(actions: EcrActions, rows: RepositoryRow[]): Decisions {
  const decisions: Decisions = {};
  for (const action of actions.repository) decisions[action] = Object.fromEntries(rows.map((row) => [row.label, "ImplicitlyDenied" as Decision]));
  for (const action of actions.account) decisions[action] = { [ACCOUNT_ROW]: "ImplicitlyDenied" };
  return decisions;
}

const patterns = (value: unknown) => ([] as unknown[]).concat(value ?? []).filter((v): v is string => typeof v === "string");

/** Whether the statement applies to the action at all (through Action, or NotAction not naming it). */
function namesAction(statement: PolicyStatement, action: string): boolean {
  if (statement.NotAction !== undefined) return !patterns(statement.NotAction).some((pattern) => matchesAction(pattern, action));
  return patterns(statement.Action).some((pattern) => matchesAction(pattern, action));
}

/**
 * The actions some statement of the documents applies to. For any other action no statement
 * matches, so IAM's answer is an implicit deny: the evaluator need not be asked (a large speed-up).
 */
function actionsNamed(documents: PolicyDocument[], actions: string[]): Set<string> {
  const statements = documents.flatMap(statementList);
  return new Set(actions.filter((action) => statements.some((statement) => namesAction(statement, action))));
}

const CREATE_REPOSITORY = "ecr:CreateRepository";

/** A row's tags in the request: the repository's own, or for CreateRepository the tags the request gives the new repository. */
function rowTags(action: string, row: RepositoryRow): RequestTags {
  if (!row.resourceTags) return {};
  if (action !== CREATE_REPOSITORY) return { resourceTags: row.resourceTags };
  return Object.keys(row.resourceTags).length ? { requestTags: row.resourceTags } : {};
}

/** `decisions[action][row label]` for repository actions on rows of one account (rows may share a probe, with different tags). */
async function rowDecisions(principal: Principal, actions: string[], rows: RepositoryRow[]): Promise<Decisions> {
  const decisions: Decisions = {};
  for (const action of actions) {
    const row = await Promise.all(rows.map((r) => decide({ ...principal, action, resource: r.probe, ...rowTags(action, r) })));
    decisions[action] = Object.fromEntries(rows.map((r, index) => [r.label, row[index]]));
  }
  return decisions;
}

/**
 * The decisions for one principal: its identity policies, its boundary and its tags. A policy null
 * does not exist (it allows nothing); undefined is not known until apply (no answer).
 */
export async function evaluate(
  identities: (PolicyDocument | null | undefined)[],
  boundary: PolicyDocument | null | undefined,
  rows: RepositoryRow[],
  tags: Readonly<Record<string, string>> = {},
): Promise<Evaluation> {
  const actions = await ecrActions();
  if (identities.includes(undefined) || boundary === undefined) return { unavailable: "known only after apply" };
  const existing = identities.filter((identity): identity is PolicyDocument => identity !== null && identity !== undefined);
  if (existing.length === 0) return { decisions: deniedEverywhere(actions, rows) };
  const principal = { identityPolicies: existing, tags, ...(boundary ? { permissionBoundary: boundary } : {}) };
  try {
    const decisions = deniedEverywhere(actions, rows);
    const named = actionsNamed(boundary ? [...existing, boundary] : existing, [...actions.repository, ...actions.account]);
    const repositoryActions = actions.repository.filter((action) => named.has(action));
    const accountActions = actions.account.filter((action) => named.has(action));
    for (const account of new Set(rows.map((row) => accountOf(row.probe)))) {
      const group = rows.filter((row) => accountOf(row.probe) === account);
      if (!repositoryActions.length) break;
      const byRow = await rowDecisions({ ...principal, accountId: account }, repositoryActions, group);
      for (const action of repositoryActions) for (const row of group) decisions[action][row.label] = byRow[action][row.label];
    }
    if (accountActions.length) {
      const home = rows.find((row) => row.kind === "any-other")!;
      const accountMatrix = await accessMatrix({ ...principal, accountId: accountOf(home.probe), actions: accountActions, resources: [home.probe] });
      for (const action of accountActions) decisions[action] = { [ACCOUNT_ROW]: accountMatrix.decisions[action][home.probe] };
    }
    return { decisions };
  } catch (error) {
    return { unavailable: `the IAM policy evaluator refused the documents: ${(error as Error).message.split("\n")[0]}` };
  }
}
