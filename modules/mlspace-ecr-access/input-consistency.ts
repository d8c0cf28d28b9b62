import { dlcRegistryAccount, missingRegistryMessage } from "./base-images";
import { hcl } from "./input-rule";
import { partitionRegionPattern, PARTITIONS, REGION_EXAMPLES } from "./naming-rules";

/**
 * Inputs that are each valid but can never grant together: a region of another partition, or a
 * repository ARN in another partition (IAM never lets a principal reach a resource of another
 * partition). Variable validations may see only their own variable before Terraform 1.9, so
 * Terraform checks these as preconditions over `local.partition` and `local.region` (given or
 * looked up); TypeScript checks literal values at synth. Same messages.
 */

type Check = { condition: string; errorMessage: string };

const regionMessage = (region: string, partition: string, example: string) =>
  `Invalid region ${region} for partition ${partition}: that partition's regions look like ${example}, so the repositories named ` +
  "in this one could never be reached. Set region (or partition) to the install's.";

const arnMessage = (input: string, entries: string, partition: string) =>
  `Invalid ${input} entries ${entries}: their partition is not this install's (${partition}), and IAM never lets a principal reach ` +
  `a resource of another partition. Use ARNs in partition ${partition}, or drop those entries.`;

const importMessage = (arns: string, partition: string) =>
  `Invalid import_arn ${arns}: the adopted policy is in another partition than the repositories (${partition}), so the roles it ` +
  "is attached to could never reach them. Adopt the install's own policies, or set partition to theirs.";

const REGION_PATTERNS = Object.fromEntries(PARTITIONS.map((partition) => [partition, partitionRegionPattern(partition)]));
// (HCL evaluates both sides of && : no indexing into a split that a name would not fill.)
const otherPartitionArns = (input: string) => `[for r in var.${input} : jsonencode(r) if startswith(r, "arn:") && !startswith(r, "arn:\${local.partition}:")]`;

const otherPartitionImports = `[for p in values(local.policy_settings) : jsonencode(p.import_arn) if p.import_arn != null && !startswith(coalesce(p.import_arn, "arn:"), "arn:\${local.partition}:")]`;

export const CONSISTENCY_CHECKS: Check[] = [
  {
    condition: `\${can(regex(lookup(${hcl(REGION_PATTERNS)}, local.partition, "^$"), local.region))}`,
    errorMessage: regionMessage("${jsonencode(local.region)}", "${jsonencode(local.partition)}", `\${lookup(${hcl(REGION_EXAMPLES)}, local.partition, "?")}`),
  },
  ...["read_repositories", "write_repositories"].map((input) => ({
    condition: `\${length(${otherPartitionArns(input)}) == 0}`,
    errorMessage: arnMessage(input, `\${join(", ", ${otherPartitionArns(input)})}`, "${jsonencode(local.partition)}"),
  })),
  {
    condition: `\${length(${otherPartitionImports}) == 0}`,
    errorMessage: importMessage(`\${join(", ", ${otherPartitionImports})}`, "${jsonencode(local.partition)}"),
  },
  {
    condition: "${length(var.aws_base_images) == 0 || contains(keys(local.dlc_registry_accounts), local.region)}",
    errorMessage: missingRegistryMessage("${jsonencode(local.region)}"),
  },
];

/** The same checks for literal values (only those given: a looked-up partition or region is Terraform's to check). */
export function consistencyProblems(values: Record<string, unknown>): string[] {
  const { partition, region } = values as { partition?: string | null; region?: string | null };
  if (!partition || !(PARTITIONS as string[]).includes(partition)) return [];
  const problems: string[] = [];
  const known = partition as (typeof PARTITIONS)[number];
  if (region && !new RegExp(REGION_PATTERNS[known]).test(region)) {
    problems.push(regionMessage(JSON.stringify(region), JSON.stringify(partition), REGION_EXAMPLES[known]));
  }
  for (const input of ["read_repositories", "write_repositories"]) {
    const others = (values[input] as string[]).filter((entry) => entry.startsWith("arn:") && entry.split(":")[1] !== partition);
    if (others.length) problems.push(arnMessage(input, others.map((entry) => JSON.stringify(entry)).join(", "), JSON.stringify(partition)));
  }
  // In the order Terraform lists them: by policy key (app, boundary, notebook).
  const imports = ["app_policy", "permission_boundary", "notebook_policy"]
    .map((input) => (values[input] as { import_arn?: string } | undefined)?.import_arn)
    .filter((arn): arn is string => typeof arn === "string" && !arn.startsWith(`arn:${partition}:`));
  if (imports.length) problems.push(importMessage(imports.map((arn) => JSON.stringify(arn)).join(", "), JSON.stringify(partition)));
  const baseImages = (values.aws_base_images as string[] | undefined) ?? [];
  if (region && baseImages.length && dlcRegistryAccount(region) === undefined) problems.push(missingRegistryMessage(JSON.stringify(region)));
  return problems;
}
