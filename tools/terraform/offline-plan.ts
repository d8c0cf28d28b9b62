import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Makes a synthesized stack plannable without AWS: an override file (Terraform merges
 * `*_override.tf.json` over the configuration, so the synthesized files stay untouched) skips the
 * provider's credential and account checks, and state goes to a file of the caller's choosing.
 * Inputs must then give partition, region and account_id, or AWS_ENDPOINT_URL_STS must point at an
 * endpoint that answers GetCallerIdentity.
 */
export function makeOffline(directory: string, statePath?: string): void {
  const override: Record<string, unknown> = {
    provider: { aws: { skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: "true" } },
  };
  // Only where the configuration has a backend to replace (the synthesized stack, not HCL roots).
  if (statePath) override.terraform = { backend: { local: { path: statePath } } };
  writeFileSync(join(directory, "offline_override.tf.json"), JSON.stringify(override, null, 2));
}

/** Dummy credentials: the provider wants some, and they must never be real ones in tests. */
export const OFFLINE_AWS_ENVIRONMENT = {
  AWS_ACCESS_KEY_ID: "offline",
  AWS_SECRET_ACCESS_KEY: "offline",
  AWS_REGION: "us-east-1",
  AWS_EC2_METADATA_DISABLED: "true",
};
