import { EXACT_ACTION_WILDCARDS, READ_LEVEL_ACTION_WILDCARDS } from "./action-wildcards";
import { COMPACTION_STEPS } from "./compaction";
import { AUTHORIZATION_ACTION, PUSH_PREREQUISITE_ACTION, READ_ACTIONS } from "./ecr-actions";
import { hcl } from "./input-rule";
import { POLICIES, POLICY_KEYS } from "./inputs";
import { MANAGED_POLICY_SIZE_LIMIT, POLICY_VERSION } from "./policy-document";
import { OWNED_SIDS, SID_PREFIX } from "./sids";

/**
 * The Terraform form of the pure core (`statements.ts`, `compaction.ts`, `render-statement.ts`,
 * `merge-into-base.ts`, `documents.ts`), for values only known at plan. Each entry is a local
 * value; the tests plan them with Terraform and compare with the TypeScript results as data.
 * Statements are `{ parts, actions, resources }` lists until rendered; per policy, `candidates`
 * hold one list per compaction level in `local.compaction_levels`.
 */

const STEP_NAMES = hcl(COMPACTION_STEPS.map((step) => step.name));
const levelOf = (name: string) => COMPACTION_STEPS.find((step) => step.name === name)!.level;
/**
 * For each candidate of a policy: the statements with the step applied where it is due. HCL
 * evaluates both branches of a conditional, so `apply` iterates over the statements only when the
 * step is due (an empty list otherwise): a step not taken costs nothing at plan.
 */
const perCandidate = (source: string, step: string, when: string, apply: (statements: string) => string) => {
  const due = `var.compaction.${step} && local.compaction_levels[li] >= ${levelOf(step)}${when}`;
  // concat() of one list is that list; it stands where parentheses would do, because terraform fmt
  // writes "in (" as "in(" and the generated HCL must be in fmt's layout.
  return `{ for k, levels in local.${source} : k => [for li, stmts in levels : ${due} ? ${apply(`concat(${due} ? stmts : [])`)} : stmts] }`;
};

const statement = (part: string, actions: string, resources: string) =>
  `{ parts = tolist([${hcl(part)}]), actions = tolist(${actions}), resources = tolist(${resources}) }`;

const oneOrList = (list: string) => `jsondecode(length(${list}) == 1 ? jsonencode(${list}[0]) : jsonencode(${list}))`;

// The longest common prefix of a set is that of its first and last names in sorted order: two
// strings to compare, not all of them.
const sortedNames = "sort([for r in s.resources : trimprefix(r, local.repository_arn_prefix)])";
const [first, last] = [`${sortedNames}[0]`, `reverse(${sortedNames})[0]`];
const commonPrefixLength =
  `length([for i in range(1, max(1, min(length(${first}), length(${last})) + 1)) : i if substr(${first}, 0, i) == substr(${last}, 0, i)])`;
const hasNamePrefix =
  `length(s.resources) >= 2 && alltrue([for r in s.resources : startswith(r, local.repository_arn_prefix) && replace(r, "*", "") == r]) && ${commonPrefixLength} > 0`;

/** Local values in dependency order: name → HCL expression. */
export const LOCALS: Record<string, string> = {
  partition: "var.partition != null ? var.partition : one(data.aws_partition.current[*].partition)",
  region: "var.region != null ? var.region : one(data.aws_region.current[*].name)",
  account_id: "var.account_id != null ? var.account_id : one(data.aws_caller_identity.current[*].account_id)",
  repository_arn_prefix: '"arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/"',
  read_repository_arns: `[for r in var.read_repositories : r == "*" || startswith(r, "arn:") ? r : "\${local.repository_arn_prefix}\${r}"]`,
  write_repository_arns: `[for r in var.write_repositories : r == "*" || startswith(r, "arn:") ? r : "\${local.repository_arn_prefix}\${r}"]`,
  read_statements:
    "concat(" +
    `length(var.read_repositories) + length(var.write_repositories) > 0 ? [${statement("Auth", hcl([AUTHORIZATION_ACTION]), '["*"]')}] : [], ` +
    `length(var.read_repositories) > 0 ? [${statement("Read", hcl(READ_ACTIONS), "local.read_repository_arns")}] : [])`,
  write_statements:
    `length(var.write_repositories) > 0 && length(var.write_actions) > 0 ? ` +
    `[${statement("Write", `concat([${hcl(PUSH_PREREQUISITE_ACTION)}], [for a in var.write_actions : "ecr:\${trimprefix(a, "ecr:")}"])`, "local.write_repository_arns")}] : []`,
  statements:
    "{ app = local.read_statements, notebook = concat(local.read_statements, local.write_statements), boundary = concat(local.read_statements, local.write_statements) }",
  compaction_levels: `concat([0], [for i, name in ${STEP_NAMES} : i + 1 if var.compaction[name]])`,
  candidates: `{ for k, stmts in local.statements : k => [for level in local.compaction_levels : stmts] }`,
  with_boundary_read_ceiling: perCandidate(
    "candidates",
    "boundary_read_ceiling",
    ' && k == "boundary"',
    (due) => `[for s in ${due} : contains(s.parts, "Write") ? s : { parts = s.parts, actions = distinct([for a in s.actions : lookup(${hcl(READ_LEVEL_ACTION_WILDCARDS)}, a, a)]), resources = tolist(["*"]) }]`,
  ),
  with_repository_prefix: perCandidate(
    "with_boundary_read_ceiling",
    "repository_prefix",
    "",
    (due) => `[for s in ${due} : ${hasNamePrefix} ? merge(s, { resources = tolist(["\${local.repository_arn_prefix}\${substr(trimprefix(s.resources[0], local.repository_arn_prefix), 0, ${commonPrefixLength})}*"]) }) : s]`,
  ),
  with_exact_action_wildcards: perCandidate(
    "with_repository_prefix",
    "exact_action_wildcards",
    "",
    (due) => `[for s in ${due} : merge(s, { actions = distinct([for a in s.actions : lookup(${hcl(EXACT_ACTION_WILDCARDS)}, a, a)]) })]`,
  ),
  compacted: perCandidate(
    "with_exact_action_wildcards",
    "merge_statements",
    "",
    (due) => `[for i, s in ${due} : { parts = flatten([for t in stmts : t.parts if t.resources == s.resources]), actions = distinct(flatten([for t in stmts : t.actions if t.resources == s.resources])), resources = s.resources } if !contains([for j in range(i) : stmts[j].resources], s.resources)]`,
  ),
  rendered: `{ for k, levels in local.compacted : k => [for stmts in levels : [for s in stmts : { Sid = "${SID_PREFIX}\${join("", s.parts)}", Effect = "Allow", Action = ${oneOrList("s.actions")}, Resource = ${oneOrList("s.resources")} }]] }`,
  policy_settings: `{ ${POLICY_KEYS.map((key) => `${key} = var.${POLICIES[key].input}`).join(", ")} }`,
  base_documents: `{ for k, p in local.policy_settings : k => jsondecode(coalesce(p.base_policy_json, "{}")) }`,
  kept_base_statements: `{ for k, base in local.base_documents : k => [for s in flatten([try(base.Statement, [])]) : s if !contains(${hcl(OWNED_SIDS)}, try(tostring(s.Sid), ""))] }`,
  candidate_documents:
    `{ for k, levels in local.rendered : k => [for ours in levels : jsonencode(merge(local.base_documents[k], ` +
    `{ Version = try(local.base_documents[k].Version, ${hcl(POLICY_VERSION)}), Statement = concat(local.kept_base_statements[k], ours) }))] }`,
  candidate_sizes: `{ for k, documents in local.candidate_documents : k => [for d in documents : length(replace(d, "/\\\\s/", ""))] }`,
  // The first candidate that fits IAM's limit; the most compact one (which fails its precondition) otherwise.
  chosen: `{ for k, sizes in local.candidate_sizes : k => concat([for i, size in sizes : i if size <= ${MANAGED_POLICY_SIZE_LIMIT}], [length(sizes) - 1])[0] }`,
  documents: "{ for k, i in local.chosen : k => local.candidate_documents[k][i] }",
  policy_sizes: "{ for k, i in local.chosen : k => local.candidate_sizes[k][i] }",
  compaction_used: `{ for k, i in local.chosen : k => [for si, name in ${STEP_NAMES} : name if var.compaction[name] && local.compaction_levels[i] >= si + 1 && (name != "boundary_read_ceiling" || k == "boundary")] }`,
};

/** Count for a data source that is only read when its input is null. */
export const lookupCount = (input: string) => `\${var.${input} == null ? 1 : 0}`;
