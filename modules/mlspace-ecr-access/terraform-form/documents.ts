import { hcl } from "../input-rule";
import { POLICIES, POLICY_KEYS } from "../inputs";
import { MANAGED_POLICY_SIZE_LIMIT, POLICY_VERSION } from "../policy-document";
import { CEILING_SID, SID_PREFIX } from "../sids";
import { keptStatements, restoredStatements } from "./base-statements";

/**
 * The Terraform form of `render-statement.ts`, `merge-into-base.ts`, `boundary-ceiling.ts` and
 * `documents.ts`: every candidate document of each policy, and the one chosen.
 */

const oneOrList = (list: string) => `jsondecode(length(${list}) == 1 ? jsonencode(${list}[0]) : jsonencode(${list}))`;

/** An unconditioned Allow of an Action list (none of ECR) on "*", with nothing else: what can carry the ceiling. */
const isCeilingHost =
  `try(join(",", sort(keys(s))) == "Action,Effect,Resource" && s.Effect == "Allow" && !can(tostring(s.Action)) && ` +
  `!anytrue([for a in s.Action : startswith(lower(a), "ecr:")]) && jsonencode(flatten([s.Resource])) == jsonencode(["*"]), false)`;

/**
 * Policy `k`'s kept base statements with the ceiling `actions`: on the first host, or in a statement
 * of our own. (Branches of different tuple types meet through jsonencode: HCL wants both sides of ?: alike.)
 */
export const withCeiling = (k: string, actions: string) =>
  `jsondecode(length(${actions}) == 0 ? jsonencode(local.kept_base_statements[${k}]) : ` +
  `local.ceiling_hosts[${k}] < 0 ? jsonencode(concat(local.kept_base_statements[${k}], [{ Sid = ${hcl(CEILING_SID)}, Effect = "Allow", Action = ${oneOrList(actions)}, Resource = "*" }])) : ` +
  `jsonencode([for i, s in local.kept_base_statements[${k}] : jsondecode(i == local.ceiling_hosts[${k}] ? jsonencode(merge(s, { Sid = ${hcl(CEILING_SID)}, Action = concat(s.Action, ${actions}) })) : jsonencode(s))]))`;

/** A document of policy `k`: its base's other elements, and these statements. */
export const documentOf = (k: string, statements: string) =>
  `jsonencode(merge(local.base_documents[${k}], { Version = try(local.base_documents[${k}].Version, ${hcl(POLICY_VERSION)}), Statement = ${statements} }))`;

/** IAM's size of a JSON document: its characters without whitespace. */
export const sizeOf = (json: string) => `length(replace(${json}, "/\\\\s/", ""))`;

export const DOCUMENT_LOCALS: Record<string, string> = {
  rendered:
    `{ for k, levels in local.compacted : k => [for li, stmts in levels : ` +
    `[for s in concat(local.ceiling_due[k][li] ? [] : stmts) : merge({ Sid = "${SID_PREFIX}\${join("", s.parts)}\${s.owner}", Effect = "Allow", Action = ${oneOrList("s.actions")}, Resource = ${oneOrList("s.resources")} }, ` +
    `jsondecode(s.condition == "{}" ? "{}" : jsonencode({ Condition = jsondecode(s.condition) })))]] }`,
  policy_settings: `{ ${POLICY_KEYS.map((key) => `${key} = var.${POLICIES[key].input}`).join(", ")} }`,
  // The pinned base, else the live document of an adopted policy, else none.
  base_documents: `{ for k, p in local.policy_settings : k => jsondecode(coalesce(p.base_policy_json, local.live_documents[k], "{}")) }`,
  restored_base_statements: restoredStatements("local.base_documents"),
  kept_base_statements: keptStatements("local.restored_base_statements"),
  ceiling_hosts: `{ for k, statements in local.kept_base_statements : k => concat([for i, s in statements : i if ${isCeilingHost}], [-1])[0] }`,
  // The base's statements with the candidate's ceiling actions: on the first host, or in a statement of our own.
  candidate_base_statements: `{ for k, levels in local.ceiling_actions : k => [for actions in levels : ${withCeiling("k", "actions")}] }`,
  candidate_documents: `{ for k, levels in local.rendered : k => [for li, ours in levels : ${documentOf("k", "concat(local.candidate_base_statements[k][li], ours)")}] }`,
  candidate_sizes: `{ for k, documents in local.candidate_documents : k => [for d in documents : ${sizeOf("d")}] }`,
  // The first candidate that fits IAM's limit; the most compact one (which fails its precondition) otherwise.
  chosen: `{ for k, sizes in local.candidate_sizes : k => concat([for i, size in sizes : i if size <= ${MANAGED_POLICY_SIZE_LIMIT}], [length(sizes) - 1])[0] }`,
  documents: "{ for k, i in local.chosen : k => local.candidate_documents[k][i] }",
  policy_sizes: "{ for k, i in local.chosen : k => local.candidate_sizes[k][i] }",
};
