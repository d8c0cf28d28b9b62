import { EXACT_ACTION_WILDCARDS, READ_LEVEL_ACTION_WILDCARDS } from "./action-wildcards";
import { ceilingActions } from "./boundary-ceiling";
import type { PolicyKey } from "./inputs";
import { EcrStatement } from "./statements";

/**
 * Ways to write the same ECR access in fewer characters, from the most exact to the least. Each is
 * used only when the user opts in (`compaction` input), and only as far as a policy needs to fit
 * IAM's size limit: level 0 is no compaction, level N applies every opted-in step up to N.
 */
export const COMPACTION_STEPS = [
  {
    name: "merge_statements",
    level: 1,
    boundaryOnly: false,
    description: "merge our statements that have the same resources (the same access, exactly)",
  },
  {
    name: "exact_action_wildcards",
    level: 2,
    boundaryOnly: false,
    description: 'write actions as wildcards that match only them in today\'s IAM catalogue ("ecr:BatchGetI*"); AWS may add actions that match later',
  },
  {
    name: "boundary_read_ceiling",
    level: 3,
    boundaryOnly: true,
    description:
      'in the permission boundary only, allow the read actions on every repository with read-only wildcards ("ecr:G*"): a wider ceiling, while the identity policies still name the repositories',
  },
  {
    name: "repository_prefix",
    level: 4,
    boundaryOnly: false,
    description: "replace a statement's repository names by their longest common prefix and \"*\": grants every repository with that prefix, listed or not",
  },
  {
    name: "boundary_all_repositories",
    level: 5,
    boundaryOnly: true,
    description:
      'in the permission boundary only, allow the ECR actions the Notebook policy grants on every repository, added to the base\'s unconditioned Allow on "*" (marked with the Sid MlspaceEcrAccessCeiling; a statement of our own if the base has none): a size that no longer grows with the repositories, while the identity policies still name them',
  },
  {
    name: "boundary_all_ecr_actions",
    level: 6,
    boundaryOnly: true,
    description:
      'in the permission boundary only, allow every ECR action ("ecr:*") on every repository, in the same place: the smallest boundary change (about 40 characters); what roles under the boundary may do in ECR is then what their identity policies grant',
  },
] as const;

export type CompactionStepName = (typeof COMPACTION_STEPS)[number]["name"];
export type CompactionOptions = Partial<Record<CompactionStepName, boolean>>;

/** A repository ARN's part before the name, e.g. "arn:aws:ecr:us-east-1:123456789012:repository/". */
export type RepositoryArnPrefix = string;

const levelOf = (name: CompactionStepName) => COMPACTION_STEPS.find((step) => step.name === name)!.level;

/** The levels a policy may be written at: none, then each opted-in step, in order. */
export function compactionLevels(options: CompactionOptions): number[] {
  return [0, ...COMPACTION_STEPS.filter((step) => options[step.name]).map((step) => step.level)];
}

/** The steps that can change a policy: the boundary's own steps only the boundary. */
export const stepsFor = (key: PolicyKey) => COMPACTION_STEPS.filter((step) => !step.boundaryOnly || key === "boundary");

/** Names of the steps applied to a policy at a level. */
export function stepsAt(level: number, options: CompactionOptions, key: PolicyKey): CompactionStepName[] {
  return stepsFor(key)
    .filter((step) => options[step.name] && step.level <= level)
    .map((step) => step.name);
}

const isRead = (statement: EcrStatement) => !statement.parts.includes("Write") && !statement.parts.includes("Create");

/** A ceiling on every repository needs no owner's condition: the identity policies keep theirs. */
function boundaryReadCeiling(statements: EcrStatement[]): EcrStatement[] {
  return statements.map((statement) =>
    isRead(statement)
      ? { parts: statement.parts, resources: ["*"], actions: distinct(statement.actions.map((a) => READ_LEVEL_ACTION_WILDCARDS[a] ?? a)) }
      : statement,
  );
}

/** Longest common prefix of the names, when every resource is a name ARN under `arnPrefix`. */
export function commonNamePrefix(resources: string[], arnPrefix: RepositoryArnPrefix): string | undefined {
  if (resources.length < 2 || !resources.every((r) => r.startsWith(arnPrefix) && !r.includes("*"))) return undefined;
  const names = resources.map((r) => r.slice(arnPrefix.length));
  const shortest = Math.min(...names.map((n) => n.length));
  let length = 0;
  while (length < shortest && names.every((n) => n[length] === names[0][length])) length++;
  return length > 0 ? names[0].slice(0, length) : undefined;
}

function repositoryPrefix(statements: EcrStatement[], arnPrefix: RepositoryArnPrefix): EcrStatement[] {
  return statements.map((statement) => {
    const prefix = commonNamePrefix(statement.resources, arnPrefix);
    return prefix === undefined ? statement : { ...statement, resources: [`${arnPrefix}${prefix}*`] };
  });
}

function exactActionWildcards(statements: EcrStatement[]): EcrStatement[] {
  return statements.map((statement) => ({ ...statement, actions: distinct(statement.actions.map((a) => EXACT_ACTION_WILDCARDS[a] ?? a)) }));
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((value, i) => value === b[i]);

const sameCondition = (a: EcrStatement, b: EcrStatement) => JSON.stringify(a.condition ?? {}) === JSON.stringify(b.condition ?? {});
const mergeable = (a: EcrStatement, b: EcrStatement) => sameList(a.resources, b.resources) && sameCondition(a, b);

/** Statements with the same resources and the same condition become one, at the place of the first. */
function mergeStatements(statements: EcrStatement[]): EcrStatement[] {
  return statements
    .filter((statement, index) => statements.findIndex((other) => mergeable(other, statement)) === index)
    .map((first) => {
      const group = statements.filter((other) => mergeable(other, first));
      return { ...first, parts: group.flatMap((s) => s.parts), actions: distinct(group.flatMap((s) => s.actions)) };
    });
}

function distinct(values: string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) === index);
}

/**
 * The boundary's ceiling actions at `level` (see boundary-ceiling.ts), or undefined where the
 * policy keeps statements of its own: every policy but the boundary, and the lower levels.
 */
export function ceilingAt(statements: EcrStatement[], key: PolicyKey, level: number, options: CompactionOptions): string[] | undefined {
  const steps = stepsAt(level, options, key);
  const everyEcrAction = steps.includes("boundary_all_ecr_actions");
  if (!everyEcrAction && !steps.includes("boundary_all_repositories")) return undefined;
  return ceilingActions(statements, everyEcrAction);
}

/** The statements of one policy written at `level`: steps in a fixed order, merging last. */
export function compactStatements(
  statements: EcrStatement[],
  key: PolicyKey,
  level: number,
  options: CompactionOptions,
  arnPrefix: RepositoryArnPrefix,
): EcrStatement[] {
  const applies = (name: CompactionStepName) => Boolean(options[name]) && levelOf(name) <= level;
  let result = statements;
  if (key === "boundary" && applies("boundary_read_ceiling")) result = boundaryReadCeiling(result);
  if (applies("repository_prefix")) result = repositoryPrefix(result, arnPrefix);
  if (applies("exact_action_wildcards")) result = exactActionWildcards(result);
  if (applies("merge_statements")) result = mergeStatements(result);
  return result;
}
