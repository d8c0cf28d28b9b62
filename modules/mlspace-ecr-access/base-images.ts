import { DLC_REGISTRY_ACCOUNTS, DLC_REGISTRY_SOURCE } from "./aws-base-image-registries";
import { Environment } from "./repositories";

/**
 * `aws_base_images`: repositories of AWS's Deep Learning Containers registry, which custom
 * algorithms are built FROM. That registry is another account in each region (table generated from
 * sagemaker-python-sdk), so pulling from it is a cross-account pull the caller's own policies must
 * allow; its repository policies allow the rest.
 */

/** The registry account of the region, undefined where the table has none. */
export const dlcRegistryAccount = (region: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(DLC_REGISTRY_ACCOUNTS, region) ? DLC_REGISTRY_ACCOUNTS[region] : undefined;

export const missingRegistryMessage = (region: string) =>
  `Invalid aws_base_images for region ${region}: AWS's Deep Learning Containers registry of that region is not in this module's table ` +
  `(generated from ${DLC_REGISTRY_SOURCE.repository} at ${DLC_REGISTRY_SOURCE.commit.slice(0, 12)}), so the images cannot be named there. ` +
  "Leave aws_base_images empty and list the images as full repository ARNs in read_repositories, or refresh the table (npm run generate:base-images).";

/** Each name or prefix as a repository ARN in the region's registry account. */
export function baseImageArns(names: readonly string[], environment: Environment): string[] {
  if (names.length === 0) return [];
  const account = dlcRegistryAccount(environment.region);
  if (account === undefined) throw new Error(missingRegistryMessage(JSON.stringify(environment.region)));
  return names.map((name) => `arn:${environment.partition}:ecr:${environment.region}:${account}:repository/${name}`);
}
