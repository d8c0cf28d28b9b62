import { AUTHORIZATION_ACTION, READ_ACTIONS } from "../ecr-actions";
import { hcl } from "../input-rule";
import { OWNER_KEY_SETS, ownerSuffix, TagPlace } from "../ownership";
import { PLACEHOLDER_KEYS, PlaceholderKey, placeholder } from "../placeholders";

/**
 * The Terraform form of `repositories.ts`, `placeholders.ts`, `ownership.ts` and `statements.ts`:
 * each policy's statements as `{ parts, actions, resources, owner, condition }` lists (the condition
 * as JSON), for values known only at plan.
 */

/** A statement's condition as JSON (one type for every statement, whatever its keys), "{}" for none. */
const NO_CONDITION = hcl("{}");

const statement = (part: string, actions: string, resources: string, owner = "", condition = NO_CONDITION) =>
  `{ parts = tolist([${hcl(part)}]), actions = tolist(${actions}), resources = tolist(${resources}), owner = ${hcl(owner)}, condition = ${condition} }`;

/** `r` with each placeholder replaced by `local.<values>.<key>`. */
const filled = (r: string, values: string) =>
  PLACEHOLDER_KEYS.reduce((text, key) => `replace(${text}, ${hcl(placeholder(key))}, local.${values}.${key})`, r);

/** The distinct ARNs of the entries, placeholders filled from `local.<values>` ("*" stays "*"). */
const arns = (entries: string, values: string) =>
  `distinct([for r in ${entries} : r == "*" ? r : startswith(r, "arn:") ? ${filled("r", values)} : "\${local.repository_arn_prefix}\${${filled("r", values)}}"])`;

/** The placeholders entry `r` holds, in PLACEHOLDER_KEYS's order (ownership.ts placeholdersOf). */
const placeholdersOf = (r: string) => `[for key in ${hcl(PLACEHOLDER_KEYS)} : key if strcontains(${r}, "{\${key}}")]`;

/** ownership.ts entriesOwnedByName and entriesOwnedBy. */
const ownedByName = (entries: string) => `[for r in ${entries} : r if !local.tag_ownership || length(${placeholdersOf("r")}) == 0]`;
const ownedBy = (entries: string, keys: readonly PlaceholderKey[]) => `[for r in ${entries} : r if local.tag_ownership && join(",", ${placeholdersOf("r")}) == ${hcl(keys.join(","))}]`;

/** ownership.ts ownerCondition: "$${" is a literal "${" in HCL, IAM's policy variable. */
const condition = (keys: readonly PlaceholderKey[], place: TagPlace) =>
  `jsonencode({ for key in ${hcl([...keys])} : "aws:${place}/\${var.principal_tag_keys[key]}" => "$\${aws:PrincipalTag/\${var.principal_tag_keys[key]}}" })`;

const writeActions = (actions: string) => `concat(${hcl(READ_ACTIONS)}, [for a in ${actions} : "ecr:\${trimprefix(a, "ecr:")}"])`;
const CREATE = "CreateRepository";

/** statements.ts ownedBy: per owner, read and write where the repository's tags are the caller's, and create when the request's are. */
function ownedStatements(keys: readonly PlaceholderKey[]): string {
  const [owner, reads, writes] = [ownerSuffix(keys), ownedBy("local.read_only_entries", keys), ownedBy("var.write_repositories", keys)];
  const nonCreate = `[for a in var.write_actions : a if trimprefix(a, "ecr:") != ${hcl(CREATE)}]`;
  const creates = `length(${writes}) > 0 && contains([for a in var.write_actions : trimprefix(a, "ecr:")], ${hcl(CREATE)})`;
  return (
    `concat(length(${reads}) > 0 ? [${statement("Read", hcl(READ_ACTIONS), arns(reads, "any_values"), owner, condition(keys, "ResourceTag"))}] : [], ` +
    `length(${writes}) > 0 && length(var.write_actions) > 0 ? [${statement("Write", writeActions(nonCreate), arns(writes, "any_values"), owner, condition(keys, "ResourceTag"))}] : [], ` +
    `${creates} ? [${statement("Create", hcl([`ecr:${CREATE}`]), arns(writes, "any_values"), owner, condition(keys, "RequestTag"))}] : [])`
  );
}

export const STATEMENT_LOCALS: Record<string, string> = {
  repository_arn_prefix: '"arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/"',
  // "$${" is a literal "${" in HCL: IAM's policy variable, not a Terraform interpolation.
  principal_tag_values: `{ ${PLACEHOLDER_KEYS.map((key) => `${key} = "$\${aws:PrincipalTag/\${var.principal_tag_keys.${key}}}"`).join(", ")} }`,
  any_values: `{ ${PLACEHOLDER_KEYS.map((key) => `${key} = "*"`).join(", ")} }`,
  tag_ownership: 'var.repository_ownership == "tag"',
  read_only_entries: "[for r in var.read_repositories : r if !contains(var.write_repositories, r)]",
  authorization_statements: `length(var.read_repositories) + length(var.write_repositories) > 0 ? [${statement("Auth", hcl([AUTHORIZATION_ACTION]), '["*"]')}] : []`,
  app_read_statements:
    `length(var.read_repositories) + length(var.write_repositories) > 0 ? ` +
    `[${statement("Read", hcl(READ_ACTIONS), arns("concat(var.read_repositories, var.write_repositories)", "any_values"))}] : []`,
  read_statements: `length(${ownedByName("local.read_only_entries")}) > 0 ? [${statement("Read", hcl(READ_ACTIONS), arns(ownedByName("local.read_only_entries"), "principal_tag_values"))}] : []`,
  write_statements:
    `length(${ownedByName("var.write_repositories")}) > 0 && length(var.write_actions) > 0 ? ` +
    `[${statement("Write", writeActions("var.write_actions"), arns(ownedByName("var.write_repositories"), "principal_tag_values"))}] : []`,
  owned_statements: `concat(${OWNER_KEY_SETS.map(ownedStatements).join(", ")})`,
  notebook_statements: "concat(local.authorization_statements, local.read_statements, local.write_statements, local.owned_statements)",
  statements:
    "{ app = concat(local.authorization_statements, local.app_read_statements), notebook = local.notebook_statements, boundary = local.notebook_statements }",
};
