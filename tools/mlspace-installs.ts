import { CompactionOptions } from "../modules/mlspace-ecr-access/compaction";
import { MLSPACE_INSTALLS, mlspacePolicy, MlspaceInstall } from "./mlspace-policies";

/**
 * The setup the README recommends for a stock MLSpace install, as Terraform variable values: the
 * quick start's demo, the benchmark and the tests use these, so what the README shows is what is proven.
 */

/**
 * Shared base images for everyone; each user's own; each project's own, which its users push to and
 * create repositories in (tagged with their project); AWS's PyTorch and TensorFlow training images to
 * build FROM; and the describe and list calls of AWS's build_and_push.sh and of notebooks.
 */
export const RECOMMENDED_ACCESS = {
  repository_ownership: "tag",
  read_repositories: ["shared/*", "users/{user}/*"],
  write_repositories: ["projects/{project}/*"],
  write_actions: ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage", "CreateRepository"],
  describe_actions: ["DescribeRepositories", "DescribeImages", "ListImages"],
  aws_base_images: ["pytorch-training", "tensorflow-training"],
};

/** The same entries owned by their names ({project} filled into the name), as before tag ownership: for projects and users with lowercase names. */
export const NAME_OWNED_ACCESS = {
  read_repositories: ["shared/*", "users/{user}/*"],
  write_repositories: ["projects/{project}/*"],
  write_actions: ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage"],
};

/**
 * Every step that never grants a role more than configured (the boundary's ceiling steps widen only
 * the boundary, a ceiling; repository_prefix is left out: it grants unlisted repositories).
 */
export const RECOMMENDED_COMPACTION: CompactionOptions = {
  merge_statements: true,
  exact_action_wildcards: true,
  boundary_read_ceiling: true,
  boundary_all_repositories: true,
  boundary_all_ecr_actions: true,
};

/** MLSpace's roles, as its CDK stack names them. */
export const MLSPACE_ROLES = { app: "mlspace-app-role", notebook: "mlspace-notebook-role" } as const;

/** The install's partition, region and account, as variables. */
export function installEnvironment(install: MlspaceInstall) {
  const { partition, region, accountId } = MLSPACE_INSTALLS[install];
  return { partition, region, account_id: accountId };
}

/** Attach mode's Notebook ECR policy, on the notebook role and MLSpace's existing project-user roles. */
export const ATTACHED_NOTEBOOK_POLICY = {
  name: "mlspace-notebook-ecr-access",
  attach_to_roles: [MLSPACE_ROLES.notebook],
  attach_to_project_user_roles: true,
  project_user_role_name_regex: "^MLSpace-",
};

/**
 * The recommended variables for an install with MLSpace's default documents: the App policy and the
 * boundary edited in place; the Notebook policy's tag-owned statements (each with its condition)
 * do not fit beside MLSpace's 5,389 characters (GovCloud 5,614), so they go to attach mode.
 */
export function recommendedInstall(install: MlspaceInstall, access: Record<string, unknown> = RECOMMENDED_ACCESS): Record<string, unknown> {
  return {
    ...installEnvironment(install),
    ...access,
    app_policy: { base_policy_json: mlspacePolicy("app-policy", install) },
    notebook_policy: ATTACHED_NOTEBOOK_POLICY,
    permission_boundary: { base_policy_json: mlspacePolicy("permission-boundary", install) },
    compaction: RECOMMENDED_COMPACTION,
  };
}

/**
 * The name-owned setup (NAME_OWNED_ACCESS): all three edited in place where they fit. GovCloud's
 * Notebook policy (530 characters left) cannot take read and write access in place, so there it
 * goes to attach mode.
 */
export function nameOwnedInstall(install: MlspaceInstall, access: Record<string, unknown> = NAME_OWNED_ACCESS): Record<string, unknown> {
  const notebook = install === "govcloud" ? ATTACHED_NOTEBOOK_POLICY : { base_policy_json: mlspacePolicy("notebook-policy", install) };
  return { ...recommendedInstall(install, access), notebook_policy: notebook };
}
