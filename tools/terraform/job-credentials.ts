import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Plans with the credentials of the environment (a CI job's OIDC role) instead of the install's own
 * way into its account: an override file (Terraform merges `*_override.tf.json` over the
 * configuration; the synthesized files stay untouched) empties the provider's `profile` and
 * `assume_role` (an empty role_arn assumes nothing). An install's `assume_role` is the role it is
 * deployed with; a plan of a pull request's code must never reach that.
 */
export const JOB_CREDENTIALS_OVERRIDE = "job_credentials_override.tf.json";

export function useJobCredentials(stackDirectory: string, use: boolean): void {
  const file = join(stackDirectory, JOB_CREDENTIALS_OVERRIDE);
  if (!use) return rmSync(file, { force: true });
  writeFileSync(file, `${JSON.stringify({ provider: { aws: { profile: null, assume_role: [{ role_arn: "" }] } } }, null, 2)}\n`);
}
