import { AUTHORIZATION_ACTION, PUSH_PREREQUISITE_ACTION, READ_ACTIONS } from "./ecr-actions";
import { hcl } from "./input-rule";
import { POLICIES, POLICY_KEYS } from "./inputs";
import { POLICY_VERSION } from "./policy-document";
import { OWNED_SIDS, SIDS } from "./sids";

/**
 * The Terraform form of the pure core (`statements.ts`, `merge-into-base.ts`, `repositories.ts`),
 * for values only known at plan. Each entry is a local value; the equivalence of both forms is
 * proven by planning them with Terraform against the TypeScript results.
 */

const fromProviderWhenNull = {
  partition: "var.partition != null ? var.partition : one(data.aws_partition.current[*].partition)",
  region: "var.region != null ? var.region : one(data.aws_region.current[*].name)",
  account_id: "var.account_id != null ? var.account_id : one(data.aws_caller_identity.current[*].account_id)",
};

const arnOf = (entry: string) =>
  `${entry} == "*" || startswith(${entry}, "arn:") ? ${entry} : "arn:\${local.partition}:ecr:\${local.region}:\${local.account_id}:repository/\${${entry}}"`;

const readStatements =
  "concat(" +
  `length(var.read_repositories) + length(var.write_repositories) > 0 ? [{ Sid = ${hcl(SIDS.authorization)}, Effect = "Allow", Action = ${hcl([AUTHORIZATION_ACTION])}, Resource = ["*"] }] : [], ` +
  `length(var.read_repositories) > 0 ? [{ Sid = ${hcl(SIDS.read)}, Effect = "Allow", Action = ${hcl(READ_ACTIONS)}, Resource = local.read_repository_arns }] : []` +
  ")";

const writeStatements =
  `length(var.write_repositories) > 0 && length(var.write_actions) > 0 ? ` +
  `[{ Sid = ${hcl(SIDS.write)}, Effect = "Allow", Action = concat([${hcl(PUSH_PREREQUISITE_ACTION)}], [for a in var.write_actions : "ecr:\${trimprefix(a, "ecr:")}"]), Resource = local.write_repository_arns }] : []`;

const policySettings = `{ ${POLICY_KEYS.map((key) => `${key} = var.${POLICIES[key].input}`).join(", ")} }`;

const baseDocuments = `{ for k, p in local.policy_settings : k => jsondecode(coalesce(p.base_policy_json, "{}")) }`;

const keptBaseStatements = (base: string) =>
  `[for s in flatten([try(${base}.Statement, [])]) : s if !contains(${hcl(OWNED_SIDS)}, try(tostring(s.Sid), ""))]`;

const documents =
  `{ for k, base in local.base_documents : k => jsonencode(merge(base, { ` +
  `Version = try(base.Version, ${hcl(POLICY_VERSION)}), Statement = concat(${keptBaseStatements("base")}, local.statements[k]) })) }`;

/** Local values in dependency order: name → HCL expression. */
export const LOCALS: Record<string, string> = {
  ...fromProviderWhenNull,
  read_repository_arns: `[for r in var.read_repositories : ${arnOf("r")}]`,
  write_repository_arns: `[for r in var.write_repositories : ${arnOf("r")}]`,
  read_statements: readStatements,
  write_statements: writeStatements,
  statements: "{ app = local.read_statements, notebook = concat(local.read_statements, local.write_statements), boundary = concat(local.read_statements, local.write_statements) }",
  policy_settings: policySettings,
  base_documents: baseDocuments,
  documents,
  policy_sizes: `{ for k, d in local.documents : k => length(replace(d, "/\\\\s/", "")) }`,
};

/** Count for a data source that is only read when its input is null. */
export const lookupCount = (input: string) => `\${var.${input} == null ? 1 : 0}`;
