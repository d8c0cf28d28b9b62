import { fillPlaceholders, PlaceholderValues } from "./placeholders";

/** Where the configured repositories live, and the ARN each repository entry stands for. */
export interface Environment {
  partition: string;
  region: string;
  accountId: string;
}

/**
 * A name or name prefix becomes an ARN in the given account and region; "*" and full ARNs stay as
 * they are. Never an empty account field: `arn:aws:ecr:us-east-1::repository/x` matches nothing.
 * Placeholders are filled with `placeholders` when given, and kept as written otherwise.
 */
export function repositoryArn(entry: string, environment: Environment, placeholders?: PlaceholderValues): string {
  if (entry === "*") return entry;
  const filled = placeholders ? fillPlaceholders(entry, placeholders) : entry;
  if (entry.startsWith("arn:")) return filled;
  const { partition, region, accountId } = environment;
  // Filled after the check above: "{project}" filled with "*" is every repository here, not "*".
  return `arn:${partition}:ecr:${region}:${accountId}:repository/${filled}`;
}
