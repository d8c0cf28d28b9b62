import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Makes a synthesized stack plannable without AWS: an override file (Terraform merges
 * `*_override.tf.json` over the configuration, so the synthesized files stay untouched) skips the
 * provider's credential and account checks, and state goes to a file of the caller's choosing.
 * Inputs must then give partition, region and account_id, or an STS endpoint must be set.
 */
export function makeOffline(stackDirectory: string, statePath: string): void {
  writeFileSync(
    join(stackDirectory, "offline_override.tf.json"),
    JSON.stringify(
      {
        terraform: { backend: { local: { path: statePath } } },
        provider: { aws: { skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: "true" } },
      },
      null,
      2,
    ),
  );
}

/** Dummy credentials: the provider wants some, and they must never be real ones in tests. */
export const OFFLINE_AWS_ENVIRONMENT = {
  AWS_ACCESS_KEY_ID: "offline",
  AWS_SECRET_ACCESS_KEY: "offline",
  AWS_REGION: "us-east-1",
  AWS_EC2_METADATA_DISABLED: "true",
};
