import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { StackInputError } from "./stack-input-error";

/** Where Terraform keeps the state of the deployable stack. */
export type StateBackend =
  | { type: "local" }
  | { type: "s3"; bucket: string; key: string; region: string; kmsKeyId?: string };

/** Terraform runs in cdktf.out/stacks/<stack>; the state file stays at the project's top. */
export const localStatePath = (stackId: string) => `../../../terraform.${stackId}.tfstate`;

const ENV = {
  backend: "MLSPACE_ECR_ACCESS_STATE_BACKEND",
  bucket: "MLSPACE_ECR_ACCESS_STATE_BUCKET",
  key: "MLSPACE_ECR_ACCESS_STATE_KEY",
  region: "MLSPACE_ECR_ACCESS_STATE_REGION",
  kmsKeyId: "MLSPACE_ECR_ACCESS_STATE_KMS_KEY_ID",
} as const;

/**
 * The backend chosen by environment variables, so CI and each team pick theirs without a code
 * change: unset or "local" keeps a local state file; "s3" needs the bucket and region.
 */
export function stateBackendFromEnvironment(environment: Record<string, string | undefined>): StateBackend {
  // A variable set to "" counts as unset, as CI systems often export empty ones.
  const env = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ""));
  const type = env[ENV.backend] ?? "local";
  if (type === "local") return { type };
  if (type !== "s3") {
    throw new StackInputError(`Invalid ${ENV.backend} "${type}": use "local" (the default, a state file in this folder) or "s3".`);
  }
  const missing = [ENV.bucket, ENV.region].filter((name) => !env[name]);
  if (missing.length) {
    throw new StackInputError(`${ENV.backend}=s3 needs ${missing.join(" and ")}: set the state bucket's name and its region.`);
  }
  return {
    type,
    bucket: env[ENV.bucket]!,
    key: env[ENV.key] ?? "mlspace-ecr-access/terraform.tfstate",
    region: env[ENV.region]!,
    kmsKeyId: env[ENV.kmsKeyId],
  };
}

export function useStateBackend(stack: TerraformStack, backend: StateBackend): void {
  if (backend.type === "local") {
    new LocalBackend(stack, { path: localStatePath(stack.node.id) });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: backend.key,
    region: backend.region,
    encrypt: true,
    kmsKeyId: backend.kmsKeyId,
  });
  // S3-native locking (Terraform >= 1.10); cdktf 0.21 has no typed property for it.
  s3.addOverride("use_lockfile", true);
}
