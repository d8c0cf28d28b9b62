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

/** Every ECR action: the permission boundary's ceiling in its most compact form. */
export const EVERY_ECR_ACTION = "ecr:*";
