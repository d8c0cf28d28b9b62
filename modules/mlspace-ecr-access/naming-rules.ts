/**
 * The naming rules of AWS that inputs are checked against. Each pattern is written once and used
 * twice: by TypeScript for literal values at synth, and by Terraform's `regex()` (RE2) in variable
 * validations for values given at plan. Only syntax common to both is used.
 */

/** Every AWS partition (the `partition` of `aws_partition`). */
export const PARTITIONS = [
  "aws",
  "aws-cn",
  "aws-us-gov",
  "aws-iso",
  "aws-iso-b",
  "aws-iso-e",
  "aws-iso-f",
  "aws-eusc",
] as const;

const REGION_BODY = "[a-z]{2}(?:-[a-z]+)+-[0-9]+";

/** ECR's rule for a repository name: lowercase parts separated by ".", "_", "-" or "/". */
const REPOSITORY_NAME_BODY = "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*";

/** The start of a repository name followed by "*", e.g. "mlspace-*" or "team/*". */
const REPOSITORY_PREFIX_BODY = "[a-z0-9][a-z0-9._/-]*[*]";

export const REGION_PATTERN = `^${REGION_BODY}$`;

export const ACCOUNT_ID_PATTERN = "^[0-9]{12}$";

/** A repository given by name or name prefix (not "*", not an ARN). */
export const REPOSITORY_NAME_PATTERN = `^(?:${REPOSITORY_NAME_BODY}|${REPOSITORY_PREFIX_BODY})$`;

export const REPOSITORY_NAME_MAX_LENGTH = 256;

/** A repository ARN: the account is required (the source document's empty one matches nothing). */
export const REPOSITORY_ARN_PATTERN =
  `^arn:(?:${PARTITIONS.join("|")}):ecr:${REGION_BODY}:[0-9]{12}:repository/` +
  `(?:${REPOSITORY_NAME_BODY}|${REPOSITORY_PREFIX_BODY})$`;

/** IAM's rule for a managed policy name. */
export const POLICY_NAME_PATTERN = "^[a-zA-Z0-9+=,.@_-]{1,128}$";

/** IAM's rule for a path: "/" or "/" + printable ASCII + "/", at most 512 characters. */
export const POLICY_PATH_PATTERN = "^/(?:[!-~]{0,510}/)?$";

/** An IAM managed policy ARN; the capture is the path and name ("/mlspace/name"). */
export const POLICY_ARN_PATTERN = `^arn:(?:${PARTITIONS.join("|")}):iam::[0-9]{12}:policy(/(?:[!-~]*/)?[a-zA-Z0-9+=,.@_-]{1,128})$`;

/** IAM's rule for a role name. */
export const ROLE_NAME_PATTERN = "^[a-zA-Z0-9+=,.@_-]{1,64}$";
