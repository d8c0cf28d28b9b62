import { STATEMENT_LIST_KEYS } from "../live-document";
import { hcl } from "../input-rule";
import { keptStatements, restoredStatements } from "./base-statements";

/**
 * The Terraform form of `../live-document.ts`: an adopted policy's live document (the data source
 * `aws_iam_policy.live`, read at every plan), and what of it the planned base would drop.
 */

const list = (expression: string) => `flatten([try(${expression}, [])])`;
const within = (some: string, all: string) => `alltrue([for x in ${some} : contains(${all}, x)])`;
const rest = (s: string) => `jsonencode({ for key, value in ${s} : key => value if !contains(${hcl([...STATEMENT_LIST_KEYS])}, key) })`;
/** Planned statements `p` like live statement `s`: the same effect, conditions and other elements. */
const like = (k: string) => `[for p in local.kept_base_statements[${k}] : p if ${rest("p")} == ${rest("s")}]`;
const missing = (k: string, element: string) => `[for x in ${list(`s.${element}`)} : x if !anytrue([for p in ${like(k)} : contains(${list(`p.${element}`)}, x)])]`;

/** `droppedItem` of `../live-document.ts`, as an HCL string over `s`, `i` and `k`. */
const item =
  `"\${try(tostring(s.Sid), "") != "" ? "statement \${jsonencode(s.Sid)}" : "statement \${i + 1}"} (\${` +
  `length(concat(${missing("k", "Action")}, ${missing("k", "Resource")})) == 0 ? "as a whole" : join("; ", concat(` +
  `length(${missing("k", "Action")}) > 0 ? ["actions \${join(", ", ${missing("k", "Action")})}"] : [], ` +
  `length(${missing("k", "Resource")}) > 0 ? ["resources \${join(", ", ${missing("k", "Resource")})}"] : []))})"`;

export const LIVE_DOCUMENT_LOCALS: Record<string, string> = {
  // followsLiveDocument: adopted (import_arn) and edited in place, not attach mode's policy of its own.
  // A policy of another partition is refused with its own message (input-consistency.ts), never read.
  live_policy_arns:
    "{ for k, p in local.policy_settings : k => p.import_arn if p.import_arn != null && length(try(p.attach_to_roles, [])) == 0 && " +
    'startswith(coalesce(p.import_arn, "arn:"), "arn:${local.partition}:") }',

  live_documents: "{ for k in keys(local.policy_settings) : k => lookup({ for key, policy in data.aws_iam_policy.live : key => policy.policy }, k, null) }",
  live_base_documents: `{ for k, json in local.live_documents : k => jsondecode(coalesce(json, "{}")) }`,
  live_restored_statements: restoredStatements("local.live_base_documents"),
  live_base_statements: keptStatements("local.live_restored_statements"),
  dropped_live_statements:
    `{ for k, live in local.live_base_statements : k => [for i, s in live : ${item} if !anytrue([for p in ${like("k")} : ` +
    `${within(list("s.Action"), list("p.Action"))} && ${within(list("s.Resource"), list("p.Resource"))}])] }`,
};
