import { DLC_REGISTRY_ACCOUNTS } from "../aws-base-image-registries";
import { AUTHORIZATION_ACTION, READ_ACTIONS, TAG_RESOURCE_ACTION } from "../ecr-actions";
import { hcl } from "../input-rule";
import { OWNER_KEY_SETS, ownerSuffix, TAG_CONDITION_IF_EXISTS_OPERATOR, TAG_CONDITION_OPERATOR, TagPlace } from "../ownership";
import { PLACEHOLDER_KEYS, PlaceholderKey, placeholder } from "../placeholders";

/**
 * The Terraform form of `repositories.ts`, `placeholders.ts`, `ownership.ts`, `base-images.ts` and
 * `statements.ts`: each policy's statements as `{ parts, actions, resources, owner, condition }`
 * lists (the Condition block as JSON), for values known only at plan.
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

/** ownership.ts's owner tags: "$${" is a literal "${" in HCL, IAM's policy variable. */
const ownerTags = (keys: readonly PlaceholderKey[], place: TagPlace) =>
  `{ for key in ${hcl([...keys])} : "aws:${place}/\${var.principal_tag_keys[key]}" => "$\${aws:PrincipalTag/\${var.principal_tag_keys[key]}}" }`;

/** ownership.ts ownerCondition and ownTaggingCondition. */
const ownerCondition = (keys: readonly PlaceholderKey[]) => `jsonencode({ ${TAG_CONDITION_OPERATOR} = ${ownerTags(keys, "ResourceTag")} })`;
const ownTaggingCondition = (keys: readonly PlaceholderKey[]) =>
  `jsonencode({ ${TAG_CONDITION_OPERATOR} = ${ownerTags(keys, "RequestTag")}, ${TAG_CONDITION_IF_EXISTS_OPERATOR} = ${ownerTags(keys, "ResourceTag")} })`;

const writeActions = (actions: string) => `concat(local.user_read_actions, [for a in ${actions} : "ecr:\${trimprefix(a, "ecr:")}"])`;
const CREATE = "CreateRepository";

/** statements.ts ownedBy: per owner, read and write where the repository's tags are the caller's, and create (and tag) when the request's are. */
function ownedStatements(keys: readonly PlaceholderKey[]): string {
  const [owner, reads, writes] = [ownerSuffix(keys), ownedBy("local.read_only_entries", keys), ownedBy("var.write_repositories", keys)];
  const nonCreate = `[for a in var.write_actions : a if trimprefix(a, "ecr:") != ${hcl(CREATE)}]`;
  const creates = `length(${writes}) > 0 && contains([for a in var.write_actions : trimprefix(a, "ecr:")], ${hcl(CREATE)})`;
  return (
    `concat(length(${reads}) > 0 ? [${statement("Read", "local.user_read_actions", arns(reads, "any_values"), owner, ownerCondition(keys))}] : [], ` +
    `length(${writes}) > 0 && length(var.write_actions) > 0 ? [${statement("Write", writeActions(nonCreate), arns(writes, "any_values"), owner, ownerCondition(keys))}] : [], ` +
    `${creates} ? [${statement("Create", hcl([`ecr:${CREATE}`, TAG_RESOURCE_ACTION]), arns(writes, "any_values"), owner, ownTaggingCondition(keys))}] : [])`
  );
}

const authorization = (any: string) => `${any} ? [${statement("Auth", hcl([AUTHORIZATION_ACTION]), '["*"]')}] : []`;
const anyRepository = "length(var.read_repositories) + length(var.write_repositories) > 0";

export const STATEMENT_LOCALS: Record<string, string> = {
  repository_arn_prefix: '"arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/"',
  // "$${" is a literal "${" in HCL: IAM's policy variable, not a Terraform interpolation.
  principal_tag_values: `{ ${PLACEHOLDER_KEYS.map((key) => `${key} = "$\${aws:PrincipalTag/\${var.principal_tag_keys.${key}}}"`).join(", ")} }`,
  any_values: `{ ${PLACEHOLDER_KEYS.map((key) => `${key} = "*"`).join(", ")} }`,
  tag_ownership: 'var.repository_ownership == "tag"',
  read_only_entries: "[for r in var.read_repositories : r if !contains(var.write_repositories, r)]",
  authorization_statements: authorization(anyRepository),
  user_authorization_statements: authorization(`${anyRepository} || length(var.aws_base_images) > 0`),
  app_read_statements: `${anyRepository} ? [${statement("Read", hcl(READ_ACTIONS), arns("concat(var.read_repositories, var.write_repositories)", "any_values"))}] : []`,
  user_read_actions: `distinct(concat(${hcl(READ_ACTIONS)}, [for a in var.describe_actions : "ecr:\${trimprefix(a, "ecr:")}"]))`,
  read_statements: `length(${ownedByName("local.read_only_entries")}) > 0 ? [${statement("Read", "local.user_read_actions", arns(ownedByName("local.read_only_entries"), "principal_tag_values"))}] : []`,
  write_statements:
    `length(${ownedByName("var.write_repositories")}) > 0 && length(var.write_actions) > 0 ? ` +
    `[${statement("Write", writeActions("var.write_actions"), arns(ownedByName("var.write_repositories"), "principal_tag_values"))}] : []`,
  dlc_registry_accounts: hcl(DLC_REGISTRY_ACCOUNTS),
  // A region the table lacks stops the plan (input-consistency.ts); the ARNs are then never sent.
  base_image_statements:
    `length(var.aws_base_images) > 0 ? [${statement("Base", hcl(READ_ACTIONS), '[for n in var.aws_base_images : "arn:${local.partition}:ecr:${local.region}:${lookup(local.dlc_registry_accounts, local.region, "")}:repository/${n}"]')}] : []`,
  owned_statements: `concat(${OWNER_KEY_SETS.map(ownedStatements).join(", ")})`,
  notebook_statements: "concat(local.user_authorization_statements, local.read_statements, local.write_statements, local.base_image_statements, local.owned_statements)",
  statements:
    "{ app = concat(local.authorization_statements, local.app_read_statements), notebook = local.notebook_statements, boundary = local.notebook_statements }",
};
