import { CompactionOptions } from "../modules/mlspace-ecr-access/compaction";
import { MLSPACE_INSTALLS, mlspacePolicy, MlspaceInstall } from "./mlspace-policies";

/**
 * The setup the README recommends for a stock MLSpace install, as Terraform variable values: the
 * quick start's demo, the benchmark and the tests use these, so what the README shows is what is proven.
 */

/** Shared base images for everyone; each user's own; each project's own, which its users push to. */
export const RECOMMENDED_ACCESS = {
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

/**
 * The recommended variables for an install with MLSpace's default documents: all three edited in
 * place where they fit. GovCloud's Notebook policy (530 characters left) cannot take read and write
 * access in place, so there it goes to attach mode, onto the notebook role and MLSpace's existing
 * project-user roles.
 */
export function recommendedInstall(install: MlspaceInstall, access: Record<string, unknown> = RECOMMENDED_ACCESS): Record<string, unknown> {
  const notebook =
    install === "govcloud"
      ? { attach_to_roles: [MLSPACE_ROLES.notebook], attach_to_project_user_roles: true, name: "mlspace-notebook-ecr-access" }
      : { base_policy_json: mlspacePolicy("notebook-policy", install) };
  return {
    ...installEnvironment(install),
    ...access,
    app_policy: { base_policy_json: mlspacePolicy("app-policy", install) },
    notebook_policy: notebook,
    permission_boundary: { base_policy_json: mlspacePolicy("permission-boundary", install) },
    compaction: RECOMMENDED_COMPACTION,
  };
}
