/** Where the configured repositories live, and the ARN each repository entry stands for. */
export interface Environment {
  partition: string;
  region: string;
  accountId: string;
}

/**
 * A name or name prefix becomes an ARN in the given account and region; "*" and full ARNs stay as
 * they are. Never an empty account field: `arn:aws:ecr:us-east-1::repository/x` matches nothing.
 */
export function repositoryArn(entry: string, environment: Environment): string {
  if (entry === "*" || entry.startsWith("arn:")) return entry;
  const { partition, region, accountId } = environment;
  return `arn:${partition}:ecr:${region}:${accountId}:repository/${entry}`;
}
