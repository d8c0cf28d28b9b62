import { EXACT_ACTION_WILDCARDS, READ_LEVEL_ACTION_WILDCARDS } from "../action-wildcards";
import { COMPACTION_STEPS, CompactionStepName } from "../compaction";
import { EVERY_ECR_ACTION } from "../ecr-actions";
import { hcl } from "../input-rule";

/**
 * The Terraform form of `compaction.ts` and of the boundary's ceiling actions: per policy, one list
 * of statements per level in `local.compaction_levels` (the candidates).
 */

export const STEP_NAMES = hcl(COMPACTION_STEPS.map((step) => step.name));
const step = (name: CompactionStepName) => COMPACTION_STEPS.find((s) => s.name === name)!;

/** Whether a step applies to policy `k` at candidate `li`. */
const applies = (name: CompactionStepName) =>
  `var.compaction.${name} && local.compaction_levels[li] >= ${step(name).level}${step(name).boundaryOnly ? ' && k == "boundary"' : ""}`;

/**
 * For each candidate of a policy: the statements with the step applied where it is due. HCL
 * evaluates both branches of a conditional, so `apply` iterates over the statements only when the
 * step is due (an empty list otherwise): a step not taken costs nothing at plan.
 */
const perCandidate = (source: string, name: CompactionStepName, apply: (statements: string) => string) => {
  const due = applies(name);
  // concat() of one list is that list; it stands where parentheses would do, because terraform fmt
  // writes "in (" as "in(" and the generated HCL must be in fmt's layout.
  return `{ for k, levels in local.${source} : k => [for li, stmts in levels : ${due} ? ${apply(`concat(${due} ? stmts : [])`)} : stmts] }`;
};

// The longest common prefix of a set is that of its first and last names in sorted order: two
// strings to compare, not all of them.
const sortedNames = "sort([for r in s.resources : trimprefix(r, local.repository_arn_prefix)])";
const [first, last] = [`${sortedNames}[0]`, `reverse(${sortedNames})[0]`];
const commonPrefixLength =
  `length([for i in range(1, max(1, min(length(${first}), length(${last})) + 1)) : i if substr(${first}, 0, i) == substr(${last}, 0, i)])`;
const hasNamePrefix =
  `length(s.resources) >= 2 && alltrue([for r in s.resources : startswith(r, local.repository_arn_prefix) && replace(r, "*", "") == r]) && ${commonPrefixLength} > 0`;

/** Actions less those another (a wildcard) covers; our actions hold only letters, ":" and "*". */
const uncovered = (actions: string) =>
  `[for a in ${actions} : a if !anytrue([for p in ${actions} : p != a && strcontains(p, "*") && can(regex("^\${replace(p, "*", ".*")}$", a))])]`;

export const COMPACTION_LOCALS: Record<string, string> = {
  compaction_levels: `concat([0], [for i, name in ${STEP_NAMES} : i + 1 if var.compaction[name]])`,
  candidates: `{ for k, stmts in local.statements : k => [for level in local.compaction_levels : stmts] }`,
  with_boundary_read_ceiling: perCandidate(
    "candidates",
    "boundary_read_ceiling",
    // A ceiling on every repository needs no owner's condition: the identity policies keep theirs.
    (due) =>
      `[for s in ${due} : contains(s.parts, "Write") || contains(s.parts, "Create") ? s : ` +
      `{ parts = s.parts, actions = distinct([for a in s.actions : lookup(${hcl(READ_LEVEL_ACTION_WILDCARDS)}, a, a)]), resources = tolist(["*"]), owner = "", condition = "{}" }]`,
  ),
  with_repository_prefix: perCandidate(
    "with_boundary_read_ceiling",
    "repository_prefix",
    (due) => `[for s in ${due} : ${hasNamePrefix} ? merge(s, { resources = tolist(["\${local.repository_arn_prefix}\${substr(trimprefix(s.resources[0], local.repository_arn_prefix), 0, ${commonPrefixLength})}*"]) }) : s]`,
  ),
  with_exact_action_wildcards: perCandidate(
    "with_repository_prefix",
    "exact_action_wildcards",
    (due) => `[for s in ${due} : merge(s, { actions = distinct([for a in s.actions : lookup(${hcl(EXACT_ACTION_WILDCARDS)}, a, a)]) })]`,
  ),
  compacted: perCandidate(
    "with_exact_action_wildcards",
    "merge_statements",
    (due) => {
      const like = "t.resources == s.resources && t.condition == s.condition";
      return (
        `[for i, s in ${due} : merge(s, { parts = flatten([for t in stmts : t.parts if ${like}]), actions = distinct(flatten([for t in stmts : t.actions if ${like}])) }) ` +
        `if !contains([for j in range(i) : "\${jsonencode(stmts[j].resources)}\${stmts[j].condition}"], "\${jsonencode(s.resources)}\${s.condition}")]`
      );
    },
  ),
  // Where the boundary's ceiling is due, its statements give way to ceiling actions (boundary-ceiling.ts).
  ceiling_due: `{ for k, levels in local.compacted : k => [for li, stmts in levels : (${applies("boundary_all_repositories")}) || (${applies("boundary_all_ecr_actions")})] }`,
  ceiling_actions:
    `{ for k, levels in local.compacted : k => [for li, stmts in levels : tolist(!local.ceiling_due[k][li] || length(stmts) == 0 ? [] : ` +
    `${applies("boundary_all_ecr_actions")} ? [${hcl(EVERY_ECR_ACTION)}] : ${uncovered(`distinct(flatten(concat(local.ceiling_due[k][li] ? stmts : [])[*].actions))`)})] }`,
};
