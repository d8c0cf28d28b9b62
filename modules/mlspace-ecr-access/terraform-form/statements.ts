import { AUTHORIZATION_ACTION, READ_ACTIONS } from "../ecr-actions";
import { hcl } from "../input-rule";
import { PLACEHOLDER_KEYS, placeholder } from "../placeholders";

/**
 * The Terraform form of `repositories.ts`, `placeholders.ts` and `statements.ts`: each policy's
 * statements as `{ parts, actions, resources }` lists, for values known only at plan.
 */

const statement = (part: string, actions: string, resources: string) =>
  `{ parts = tolist([${hcl(part)}]), actions = tolist(${actions}), resources = tolist(${resources}) }`;

/** `r` with each placeholder replaced by `local.<values>.<key>`. */
const filled = (r: string, values: string) =>
  PLACEHOLDER_KEYS.reduce((text, key) => `replace(${text}, ${hcl(placeholder(key))}, local.${values}.${key})`, r);

/** The distinct ARNs of the entries, placeholders filled from `local.<values>` ("*" stays "*"). */
const arns = (entries: string, values: string) =>
  `distinct([for r in ${entries} : r == "*" ? r : startswith(r, "arn:") ? ${filled("r", values)} : "\${local.repository_arn_prefix}\${${filled("r", values)}}"])`;

export const STATEMENT_LOCALS: Record<string, string> = {
  repository_arn_prefix: '"arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/"',
  // "$${" is a literal "${" in HCL: IAM's policy variable, not a Terraform interpolation.
  principal_tag_values: `{ ${PLACEHOLDER_KEYS.map((key) => `${key} = "$\${aws:PrincipalTag/\${var.principal_tag_keys.${key}}}"`).join(", ")} }`,
  any_values: `{ ${PLACEHOLDER_KEYS.map((key) => `${key} = "*"`).join(", ")} }`,
  read_only_entries: "[for r in var.read_repositories : r if !contains(var.write_repositories, r)]",
  authorization_statements: `length(var.read_repositories) + length(var.write_repositories) > 0 ? [${statement("Auth", hcl([AUTHORIZATION_ACTION]), '["*"]')}] : []`,
  app_read_statements:
    `length(var.read_repositories) + length(var.write_repositories) > 0 ? ` +
    `[${statement("Read", hcl(READ_ACTIONS), arns("concat(var.read_repositories, var.write_repositories)", "any_values"))}] : []`,
  read_statements: `length(local.read_only_entries) > 0 ? [${statement("Read", hcl(READ_ACTIONS), arns("local.read_only_entries", "principal_tag_values"))}] : []`,
  write_statements:
    `length(var.write_repositories) > 0 && length(var.write_actions) > 0 ? ` +
    `[${statement("Write", `concat(${hcl(READ_ACTIONS)}, [for a in var.write_actions : "ecr:\${trimprefix(a, "ecr:")}"])`, arns("var.write_repositories", "principal_tag_values"))}] : []`,
  notebook_statements: "concat(local.authorization_statements, local.read_statements, local.write_statements)",
  statements:
    "{ app = concat(local.authorization_statements, local.app_read_statements), notebook = local.notebook_statements, boundary = local.notebook_statements }",
};
