import { INPUTS, POLICIES } from "../../modules/mlspace-ecr-access/inputs";
import { PARTITIONS } from "../../modules/mlspace-ecr-access/naming-rules";
import { parseTerraformType, TerraformType } from "./terraform-types";

/**
 * The fields of an install in an installs file: every Terraform variable of the stack, by its own
 * name and type, and how to reach the install's account and where its state lives. One table, read
 * by the file's checks and by its JSON Schema.
 */

export interface InstallField {
  readonly name: string;
  readonly type: TerraformType;
  readonly description: string;
}

/** How an install's account is reached (never credentials: a profile name, or a role to assume). */
export const ACCESS_FIELDS: readonly InstallField[] = [
  {
    name: "profile",
    type: { kind: "string" },
    description: "The AWS CLI profile (shared config) the install's provider uses; none: the standard credential chain.",
  },
  {
    name: "assume_role",
    type: parseTerraformType("object({ role_arn = string, external_id = optional(string), session_name = optional(string) })"),
    description: "A role the install's provider assumes (with the profile's credentials, if one is given): role_arn, and the external_id its trust policy asks for.",
  },
];

export const STATE_FIELD: InstallField = {
  name: "state",
  type: parseTerraformType("object({ backend = string, bucket = optional(string), region = optional(string), key = optional(string), kms_key_id = optional(string) })"),
  description:
    'Where the install\'s Terraform state lives: backend "local" (terraform.<install>.tfstate at the project\'s top, the default) or "s3" ' +
    "with bucket and region (key default mlspace-ecr-access/<install>/terraform.tfstate; kms_key_id optional). Encrypted and locked with S3's lock file.",
};

/** A policy's base document in a file of its own, beside the installs file: JSON does not hold a document in a string readably. */
export const BASE_POLICY_FILE = "base_policy_file";
const POLICY_INPUTS = Object.values(POLICIES).map((policy) => policy.input as string);

function variableField(name: string, typeText: string, description: string): InstallField {
  const type = parseTerraformType(typeText);
  if (!POLICY_INPUTS.includes(name) || type.kind !== "object") return { name, type, description };
  const attributes = { ...type.attributes, [BASE_POLICY_FILE]: { type: { kind: "string" as const }, optional: true } };
  return { name, type: { kind: "object", attributes }, description: `${description} In an installs file, ${BASE_POLICY_FILE} may name a JSON file (relative to it) instead of base_policy_json.` };
}

/** The stack's Terraform variables: the values an install sets, as its variables' defaults. */
export const VARIABLE_FIELDS: readonly InstallField[] = INPUTS.map((input) => variableField(input.name, input.type, input.description));

export const INSTALL_FIELDS: readonly InstallField[] = [...VARIABLE_FIELDS, ...ACCESS_FIELDS, STATE_FIELD];

/** An IAM role ARN, in any partition. */
export const ROLE_ARN_PATTERN = `^arn:(?:${PARTITIONS.join("|")}):iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}$`;

/** STS's rule for an external id. */
export const EXTERNAL_ID_PATTERN = "^[\\w+=,.@:/-]{2,1224}$";

/** A cdktf stack name that is also a safe state key and file name: no glob characters, no whitespace. */
export const INSTALL_NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";
