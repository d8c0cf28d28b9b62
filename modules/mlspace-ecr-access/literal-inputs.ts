import { Token } from "cdktf";
import { CompactionOptions } from "./compaction";
import { INPUTS, POLICIES, POLICY_KEYS, PolicyKey } from "./inputs";
import { RepositoryOwnership } from "./ownership";
import { PrincipalTagKeys } from "./placeholders";

/** One policy's settings, as TypeScript callers give them (see the `app_policy` input). */
export interface PolicySettings {
  readonly name?: string;
  readonly path?: string;
  readonly description?: string;
  /** The document the ECR statements are added to, as JSON. */
  readonly basePolicyJson?: string;
  /** ARN of the existing policy this adopts; edited in place, its base is then its live document. */
  readonly importArn?: string;
  /** An adopted policy: let a plan drop what IAM holds now and this project did not write (a pinned base older than the live one). */
  readonly allowDroppingLiveStatements?: boolean;
  /** App and Notebook policy only: attach a separate ECR policy to these roles instead. */
  readonly attachToRoles?: string[];
  /** Notebook policy only, with attachToRoles: attach it to MLSpace's existing project-user roles too, found at plan. */
  readonly attachToProjectUserRoles?: boolean;
  /** Notebook policy only: which role names to read when finding them (default: every role). */
  readonly projectUserRoleNameRegex?: string;
}

/**
 * Literal values for the inputs, in TypeScript's naming. They become the Terraform variables'
 * defaults, so `--var`, `--var-file` and `TF_VAR_*` still override them at plan.
 */
export interface MlspaceEcrAccessInputs {
  readonly partition?: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly readRepositories?: string[];
  readonly writeRepositories?: string[];
  readonly writeActions?: string[];
  readonly appPolicy?: PolicySettings;
  readonly notebookPolicy?: PolicySettings;
  readonly permissionBoundary?: PolicySettings;
  readonly tags?: Record<string, string>;
  /** The `principal_tag_keys` input: the tags `{project}` and `{user}` read. */
  readonly principalTagKeys?: Partial<PrincipalTagKeys>;
  /** The `repository_ownership` input: "tag" (default) or "name". */
  readonly repositoryOwnership?: RepositoryOwnership;
  /** The `compaction` input, with its snake_case step names. */
  readonly compaction?: CompactionOptions;
  /** The `describe_actions` input: extra Read/List ECR actions wherever users read. */
  readonly describeActions?: string[];
  /** The `aws_base_images` input: AWS Deep Learning Containers repositories users build FROM. */
  readonly awsBaseImages?: string[];
}

const POLICY_PROPS: Record<PolicyKey, "appPolicy" | "notebookPolicy" | "permissionBoundary"> = {
  app: "appPolicy",
  notebook: "notebookPolicy",
  boundary: "permissionBoundary",
};

/** Each TypeScript property and the Terraform variable (or policy settings attribute) it is: one table, both ways. */
const VARIABLES = [
  ["partition", "partition"],
  ["region", "region"],
  ["accountId", "account_id"],
  ["readRepositories", "read_repositories"],
  ["writeRepositories", "write_repositories"],
  ["writeActions", "write_actions"],
  ["tags", "tags"],
  ["principalTagKeys", "principal_tag_keys"],
  ["compaction", "compaction"],
  ["repositoryOwnership", "repository_ownership"],
  ["describeActions", "describe_actions"],
  ["awsBaseImages", "aws_base_images"],
] as const;
const SETTINGS = [
  ["name", "name"],
  ["path", "path"],
  ["description", "description"],
  ["basePolicyJson", "base_policy_json"],
  ["importArn", "import_arn"],
  ["allowDroppingLiveStatements", "allow_dropping_live_statements"],
  ["attachToRoles", "attach_to_roles"],
  ["attachToProjectUserRoles", "attach_to_project_user_roles"],
  ["projectUserRoleNameRegex", "project_user_role_name_regex"],
] as const;

type Table = readonly (readonly [string, string])[];
/** `object` with its keys renamed by the table (from column `from` to the other), undefined and null values left out. */
function renamed(object: object, table: Table, from: 0 | 1): Record<string, unknown> {
  const to = from === 0 ? 1 : 0;
  const source = object as Record<string, unknown>;
  return Object.fromEntries(table.filter((row) => source[row[from]] !== undefined && source[row[from]] !== null).map((row) => [row[to], source[row[from]]]));
}

/** The Terraform variable values the literal inputs stand for (absent ones: the contract's defaults). */
export function terraformValues(inputs: MlspaceEcrAccessInputs): Record<string, unknown> {
  const given = renamed(inputs, VARIABLES, 0);
  for (const key of POLICY_KEYS) {
    const settings = inputs[POLICY_PROPS[key]];
    if (settings) given[POLICIES[key].input] = renamed(settings, SETTINGS, 0);
  }
  return Object.fromEntries(INPUTS.map((input) => [input.name, given[input.name] ?? input.default]));
}

/** The literal inputs that Terraform variable values stand for (an installs file's fields); null ones are left to the defaults. */
export function literalInputs(values: Record<string, unknown>): MlspaceEcrAccessInputs {
  const inputs: Record<string, unknown> = renamed(values, VARIABLES, 1);
  for (const key of POLICY_KEYS) {
    const settings = values[POLICIES[key].input];
    if (settings) inputs[POLICY_PROPS[key]] = renamed(settings as object, SETTINGS, 1);
  }
  return inputs as MlspaceEcrAccessInputs;
}

/** What Terraform makes of a policy settings object: its optional attributes with their defaults. */
export function policySettingsWithDefaults(key: PolicyKey, value: Record<string, unknown>) {
  return {
    name: (value.name as string | undefined) ?? POLICIES[key].defaultName,
    path: (value.path as string | undefined) ?? "/",
    description: (value.description as string | undefined) ?? null,
    base_policy_json: (value.base_policy_json as string | undefined) ?? null,
    import_arn: (value.import_arn as string | undefined) ?? null,
    allow_dropping_live_statements: (value.allow_dropping_live_statements as boolean | undefined) ?? false,
    ...(key === "boundary" ? {} : { attach_to_roles: (value.attach_to_roles as string[] | undefined) ?? [] }),
    ...(key === "notebook"
      ? {
          attach_to_project_user_roles: (value.attach_to_project_user_roles as boolean | undefined) ?? false,
          project_user_role_name_regex: (value.project_user_role_name_regex as string | undefined) ?? null,
        }
      : {}),
  };
}

/** Every rule's message for the literal values; values holding unresolved tokens are left to Terraform. */
export function inputProblems(values: Record<string, unknown>): string[] {
  const policyKeyOf = Object.fromEntries(POLICY_KEYS.map((key) => [POLICIES[key].input, key]));
  return INPUTS.flatMap((input) => {
    const key = policyKeyOf[input.name];
    // Checked as Terraform sees it: with the object's optional attributes defaulted.
    const value = key ? policySettingsWithDefaults(key, values[input.name] as Record<string, unknown>) : values[input.name];
    if (Token.isUnresolved(JSON.stringify(value) ?? "")) return [];
    return input.rules.map((rule) => rule.check(value)).filter((message): message is string => message !== undefined);
  });
}
