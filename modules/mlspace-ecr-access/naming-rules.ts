/**
 * The naming rules of AWS that inputs are checked against. Each pattern is written once and used
 * twice: by TypeScript for literal values at synth, and by Terraform's `regex()` (RE2) in variable
 * validations for values given at plan. Only syntax common to both is used.
 */

/**
 * Every AWS partition (the `partition` of `aws_partition`), with the shape of its region names, as
 * the AWS SDKs' partitions.json gives them (`regionRegex`). A principal never reaches a resource of
 * another partition, so a region or ARN of the wrong partition can never grant anything.
 */
export const PARTITION_REGIONS = {
  aws: "(?:us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-[0-9]+",
  "aws-cn": "cn-[a-z]+-[0-9]+",
  "aws-us-gov": "us-gov-[a-z]+-[0-9]+",
  "aws-iso": "us-iso-[a-z]+-[0-9]+",
  "aws-iso-b": "us-isob-[a-z]+-[0-9]+",
  "aws-iso-e": "eu-isoe-[a-z]+-[0-9]+",
  "aws-iso-f": "us-isof-[a-z]+-[0-9]+",
  "aws-eusc": "eusc-de-[a-z]+-[0-9]+",
} as const;

export type Partition = keyof typeof PARTITION_REGIONS;
export const PARTITIONS = Object.keys(PARTITION_REGIONS) as Partition[];

/** "^(?:…)$" for one partition's regions. */
export const partitionRegionPattern = (partition: Partition) => `^(?:${PARTITION_REGIONS[partition]})$`;

/** The region examples of the error messages, one per partition. */
export const REGION_EXAMPLES: Readonly<Record<Partition, string>> = {
  aws: "us-east-1",
  "aws-cn": "cn-north-1",
  "aws-us-gov": "us-gov-west-1",
  "aws-iso": "us-iso-east-1",
  "aws-iso-b": "us-isob-east-1",
  "aws-iso-e": "eu-isoe-west-1",
  "aws-iso-f": "us-isof-south-1",
  "aws-eusc": "eusc-de-east-1",
};

const REGION_BODY = `(?:${Object.values(PARTITION_REGIONS).join("|")})`;

/** ECR's rule for a repository name: lowercase parts separated by ".", "_", "-" or "/". */
const REPOSITORY_NAME_BODY = "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*";

/** The start of a repository name followed by "*", e.g. "mlspace-*" or "team/*". */
const REPOSITORY_PREFIX_BODY = "[a-z0-9][a-z0-9._/-]*[*]";

/** A region of some partition. */
export const REGION_PATTERN = `^${REGION_BODY}$`;

export const ACCOUNT_ID_PATTERN = "^[0-9]{12}$";

/** A repository given by name or name prefix (not "*", not an ARN). */
export const REPOSITORY_NAME_PATTERN = `^(?:${REPOSITORY_NAME_BODY}|${REPOSITORY_PREFIX_BODY})$`;

export const REPOSITORY_NAME_MAX_LENGTH = 256;

/**
 * A repository ARN: the account is required (the source document's empty one matches nothing), and
 * the region is one of the ARN's own partition. Capture 1 is the partition.
 */
export const REPOSITORY_ARN_PATTERN =
  `^arn:(${PARTITIONS.join("|")}):ecr:${REGION_BODY}:[0-9]{12}:repository/` +
  `(?:${REPOSITORY_NAME_BODY}|${REPOSITORY_PREFIX_BODY})$`;

/** An ARN whose region belongs to its partition ("arn:aws:ecr:us-gov-west-1:…" does not). */
export const ARN_REGION_IN_PARTITION_PATTERN = `^arn:(?:${PARTITIONS.map((p) => `${p}:[^:]*:${PARTITION_REGIONS[p]}:`).join("|")})`;

/** IAM's rule for a managed policy name. */
export const POLICY_NAME_PATTERN = "^[a-zA-Z0-9+=,.@_-]{1,128}$";

/** IAM's rule for a path: "/" or "/" + printable ASCII + "/", at most 512 characters. */
export const POLICY_PATH_PATTERN = "^/(?:[!-~]{0,510}/)?$";

/** An IAM managed policy ARN; the capture is the path and name ("/mlspace/name"). */
export const POLICY_ARN_PATTERN = `^arn:(?:${PARTITIONS.join("|")}):iam::[0-9]{12}:policy(/(?:[!-~]*/)?[a-zA-Z0-9+=,.@_-]{1,128})$`;

/** IAM's rule for a role name. */
export const ROLE_NAME_PATTERN = "^[a-zA-Z0-9+=,.@_-]{1,64}$";
