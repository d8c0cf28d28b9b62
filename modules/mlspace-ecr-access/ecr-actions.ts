/**
 * The ECR actions of MLSpace's custom-algorithms page, in its order.
 * https://github.com/awslabs/mlspace (docs: "Enabling Access To Custom Algorithms").
 */

/** Needed by every `docker pull`/`push`; it supports no resource-level permission, so it is always on "*". */
export const AUTHORIZATION_ACTION = "ecr:GetAuthorizationToken";

/**
 * What SageMaker needs to pull a training, transform or model image. The first is also what
 * `docker push` asks before uploading (which layers the repository has): every Write statement
 * carries all three, so a push works and the pushed image can be pulled.
 */
export const READ_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:GetDownloadUrlForLayer",
  "ecr:BatchGetImage",
] as const;

/** Bare names (no "ecr:") of the write actions, as `write_actions` takes them. */
export const WRITE_ACTION_NAMES = [
  "SetRepositoryPolicy",
  "CompleteLayerUpload",
  "BatchDeleteImage",
  "UploadLayerPart",
  "DeleteRepositoryPolicy",
  "InitiateLayerUpload",
  "DeleteRepository",
  "PutImage",
  "CreateRepository",
] as const;

export type WriteActionName = (typeof WRITE_ACTION_NAMES)[number];

/** `write_actions` accepts "PutImage" and "ecr:PutImage" alike. */
export function writeActionName(entry: string): string {
  return entry.startsWith("ecr:") ? entry.slice("ecr:".length) : entry;
}

/**
 * Bare names of the extra actions `describe_actions` takes: every ECR action of access level Read or
 * List on a repository in the IAM catalogue (`__tests__/ecr-actions.test.ts` re-checks it there), less
 * READ_ACTIONS, which are always granted. AWS's build_and_push.sh starts with DescribeRepositories;
 * notebooks list and describe images.
 */
export const DESCRIBE_ACTION_NAMES = [
  "DescribeRepositories",
  "DescribeImages",
  "ListImages",
  "DescribeImageScanFindings",
  "ListTagsForResource",
  "BatchGetRepositoryScanningConfiguration",
  "DescribeImageReplicationStatus",
  "DescribeImageSigningStatus",
  "GetImageCopyStatus",
  "GetLifecyclePolicy",
  "GetLifecyclePolicyPreview",
  "GetRepositoryPolicy",
] as const;

/**
 * ECR may authorize the tags a CreateRepository request sets as TagResource too (its tag-based
 * access control example grants both with one condition): granted beside CreateRepository, never alone.
 */
export const TAG_RESOURCE_ACTION = "ecr:TagResource";

/** "DescribeImages" and "ecr:DescribeImages" alike, as "ecr:DescribeImages". */
export const ecrAction = (entry: string) => `ecr:${entry.startsWith("ecr:") ? entry.slice("ecr:".length) : entry}`;

/** Every ECR action: the permission boundary's ceiling in its most compact form. */
export const EVERY_ECR_ACTION = "ecr:*";
