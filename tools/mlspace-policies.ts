import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./project-root";

/**
 * MLSpace's default policy documents, as a default install renders them (examples/mlspace-policies,
 * see its README): the real bases of the demo, the benchmark and the tests.
 */

export const MLSPACE_POLICIES_DIRECTORY = join(PROJECT_ROOT, "examples", "mlspace-policies");

export type MlspacePolicyName = "app-policy" | "notebook-policy" | "permission-boundary";

/** The installs the examples hold, with the partition and region their ARNs name. */
export const MLSPACE_INSTALLS = {
  commercial: { folder: ".", partition: "aws", region: "us-east-1", accountId: "123456789012" },
  govcloud: { folder: "govcloud", partition: "aws-us-gov", region: "us-gov-west-1", accountId: "123456789012" },
} as const;

export type MlspaceInstall = keyof typeof MLSPACE_INSTALLS;

export function mlspacePolicy(name: MlspacePolicyName, install: MlspaceInstall = "commercial"): string {
  return readFileSync(join(MLSPACE_POLICIES_DIRECTORY, MLSPACE_INSTALLS[install].folder, `${name}.json`), "utf8");
}

/** A commercial install's documents one MLSpace release earlier (v1.6.8): upgrading them to `commercial`'s is a real upgrade. */
export function previousReleasePolicy(name: MlspacePolicyName): string {
  return readFileSync(join(MLSPACE_POLICIES_DIRECTORY, "v1.6.8", `${name}.json`), "utf8");
}
