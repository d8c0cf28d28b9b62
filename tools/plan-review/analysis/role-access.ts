import type { PolicyDocument } from "../../../modules/mlspace-ecr-access/policy-document";
import type { Decision } from "../../iam-evaluator/effective-access";
import { ACCOUNT_ROW, Decisions, EcrActions, ecrActions, evaluate, Evaluation } from "./access-evaluation";
import type { PolicySet, PolicySide } from "./policy-changes";
import type { PrincipalTagKeys } from "../../../modules/mlspace-ecr-access/placeholders";
import { EXAMPLE_PROJECT_USER, MLSPACE_INFRASTRUCTURE, principalTags } from "./principals";
import type { RepositoryRow } from "./repository-rows";

/**
 * The effective ECR access of MLSpace's two kinds of role, before and after the plan, cell by cell,
 * as a default install sets them up: the App role (the App and the Notebook policy, which MLSpace
 * attaches to it too, no boundary, tagged as MLSpace's infrastructure) and a project-user role (the
 * Notebook policy under the permission boundary, tagged with its project and user).
 */

export const ROLES = {
  app: { title: "App role", principal: "App and Notebook policies, as MLSpace attaches them; no permissions boundary" },
  notebook: {
    title: "Notebook role",
    principal: `a project-user role: Notebook policy under the permission boundary, tagged project ${EXAMPLE_PROJECT_USER.project}, user ${EXAMPLE_PROJECT_USER.user}`,
  },
} as const;
export type RoleKey = keyof typeof ROLES;

export interface AccessCell {
  action: string;
  /** The repository row's label, or "*" for an action that takes no resource. */
  row: string;
  /** Undefined where that side could not be evaluated. */
  before?: Decision;
  after?: Decision;
}

export type CellChange = "gained" | "lost" | "same" | "unknown";

export interface RoleAccess {
  role: RoleKey;
  title: string;
  principal: string;
  rows: RepositoryRow[];
  actions: EcrActions;
  before: Evaluation;
  after: Evaluation;
  /** Repository actions × rows, in the catalogue's order of actions and the rows' order. */
  cells: AccessCell[];
  /** Actions that take no resource, row "*". */
  accountCells: AccessCell[];
}

export const isAllowed = (decision?: Decision) => decision === "Allowed";

export function cellChange(cell: AccessCell): CellChange {
  if (cell.before === undefined || cell.after === undefined) return "unknown";
  if (isAllowed(cell.before) === isAllowed(cell.after)) return "same";
  return isAllowed(cell.after) ? "gained" : "lost";
}

/** The cells whose allowed-ness changes. */
export const changedCells = (access: RoleAccess) => [...access.accountCells, ...access.cells].filter((cell) => ["gained", "lost"].includes(cellChange(cell)));

/** The document of one side for the evaluator: null when the policy does not exist, undefined when unknown. */
export function sideDocument(side: PolicySide | undefined): PolicyDocument | null | undefined {
  if (!side) return null;
  return side.unknown ? undefined : side.document;
}

const decisionOf = (evaluation: Evaluation, action: string, row: string) => ("decisions" in evaluation ? evaluation.decisions[action]?.[row] : undefined);

function roleAccess(role: RoleKey, rows: RepositoryRow[], actions: EcrActions, before: Evaluation, after: Evaluation): RoleAccess {
  const cell = (action: string, row: string): AccessCell => ({ action, row, before: decisionOf(before, action, row), after: decisionOf(after, action, row) });
  return {
    role,
    ...ROLES[role],
    rows,
    actions,
    before,
    after,
    cells: actions.repository.flatMap((action) => rows.map((row) => cell(action, row.label))),
    accountCells: actions.account.map((action) => cell(action, ACCOUNT_ROW)),
  };
}

/** What each principal may do, on one side of the plan. */
export interface SideEvaluations {
  app: Evaluation;
  notebook: Evaluation;
  /** The Notebook policy alone and the boundary alone, for the boundary's own checks. */
  notebookAlone: Evaluation;
  boundaryAlone: Evaluation;
}

type Document = PolicyDocument | null | undefined;
type Evaluator = (identities: Document[], boundary: Document, tags: Record<string, string>) => Promise<Evaluation>;

/** `evaluate` on these rows, each principal asked once: a policy the plan leaves alone is the same before and after. */
function memoized(rows: RepositoryRow[]): Evaluator {
  const cache = new Map<string, Promise<Evaluation>>();
  const known = (document: Document) => (document === undefined ? "unknown" : document);
  return (identities, boundary, tags) => {
    const key = JSON.stringify([identities.map(known), known(boundary), tags]);
    if (!cache.has(key)) cache.set(key, evaluate(identities, boundary, rows, tags));
    return cache.get(key)!;
  };
}

async function evaluateSide(documents: Record<"app" | "notebook" | "boundary", Document>, ask: Evaluator, keys: PrincipalTagKeys): Promise<SideEvaluations> {
  const projectUser = principalTags(keys, EXAMPLE_PROJECT_USER);
  const [app, notebook, notebookAlone, boundaryAlone] = await Promise.all([
    ask([documents.app, documents.notebook], null, principalTags(keys, MLSPACE_INFRASTRUCTURE)),
    ask([documents.notebook], documents.boundary, projectUser),
    ask([documents.notebook], null, projectUser),
    ask([documents.boundary], null, projectUser),
  ]);
  return { app, notebook, notebookAlone, boundaryAlone };
}

export interface AccessReview {
  roles: Record<RoleKey, RoleAccess>;
  before: SideEvaluations;
  after: SideEvaluations;
}

export async function accessReview(set: PolicySet, rows: RepositoryRow[], keys: PrincipalTagKeys): Promise<AccessReview> {
  const actions = await ecrActions();
  const documents = (which: "before" | "after") => ({
    app: sideDocument(set.policies.app?.[which]),
    notebook: sideDocument(set.policies.notebook?.[which]),
    boundary: sideDocument(set.policies.boundary?.[which]),
  });
  const ask = memoized(rows);
  const before = await evaluateSide(documents("before"), ask, keys);
  const after = await evaluateSide(documents("after"), ask, keys);
  return {
    roles: { app: roleAccess("app", rows, actions, before.app, after.app), notebook: roleAccess("notebook", rows, actions, before.notebook, after.notebook) },
    before,
    after,
  };
}

/** Cells allowed by `granting` but not by `limiting`, e.g. the Notebook policy's grants the boundary does not allow. */
export function allowedOnlyBy(granting: Evaluation, limiting: Evaluation): { action: string; row: string }[] {
  if (!("decisions" in granting) || !("decisions" in limiting)) return [];
  const cells: { action: string; row: string }[] = [];
  for (const [action, byRow] of Object.entries(granting.decisions as Decisions)) {
    for (const [row, decision] of Object.entries(byRow)) if (isAllowed(decision) && !isAllowed(limiting.decisions[action]?.[row])) cells.push({ action, row });
  }
  return cells;
}
