import { ANY_VALUE, fillPlaceholders, hasPlaceholder, PLACEHOLDER_KEYS, PlaceholderKey, PlaceholderValues, PrincipalTagKeys, principalTagValues, principalTagVariable } from "../../../modules/mlspace-ecr-access/placeholders";
import { Environment, repositoryArn } from "../../../modules/mlspace-ecr-access/repositories";
import { PolicyDocument, statementList } from "../../../modules/mlspace-ecr-access/policy-document";
import { DEFAULT_ACCOUNT_ID } from "../../iam-evaluator/effective-access";
import { PlanJson, priorResources, variableValue } from "./plan-json";
import { EXAMPLE_PROJECT_USER, OTHER_PROJECT_USER, principalTagKeysOf } from "./principals";
import { repositoryOwnershipOf } from "./repository-ownership";
import { hasWildcard, matchesResource } from "../../../modules/mlspace-ecr-access/iam-wildcards";

/**
 * The repositories the access table asks about: every configured one (read_repositories and
 * write_repositories of the plan's variables), every ECR repository a document before or after
 * names (so a repository dropped from the configuration still shows what it loses), and "any
 * other repository": one no configured entry matches, standing for all the rest. An entry with
 * {project} or {user} owned by name gives two rows: the example project-user role's own
 * repositories, and another project's (which that role must not reach); owned by tag
 * (`repository_ownership = "tag"`), three: repositories there tagged with the caller's project (or
 * user), tagged with another's, and untagged, each asked with those resource tags.
 */

export interface RepositoryRow {
  /** How the reader knows it: a name in the configured account and region, or the whole ARN. */
  label: string;
  /** The ARN or ARN pattern the row stands for. */
  pattern: string;
  /** The concrete repository ARN the evaluator is asked about (a pattern is asked through one repository it matches). */
  probe: string;
  /** Which of the plan's inputs list it. */
  configuredAs: ("read" | "write")[];
  kind: "listed" | "own" | "another" | "tagged-own" | "tagged-another" | "untagged" | "any-other";
  /** For the rows of an entry with placeholders: the entry as configured ("projects/{project}/*"), and whose repositories its placeholders make them. */
  entry?: string;
  owners?: PlaceholderKey[];
  /**
   * Tag ownership's rows: the probe's own tags (`aws:ResourceTag/…`), empty for "untagged".
   * CreateRepository is asked with them as the request's tags instead: the tags the new repository gets.
   */
  resourceTags?: Record<string, string>;
  /** In another account: the repository's own policy must also allow what the table shows. */
  otherAccount: boolean;
}

export interface EnvironmentFound extends Environment {
  /** Where the partition, region and account came from. */
  source: "variables" | "data sources" | "documents" | "assumed";
}

const REPOSITORY_ARN = /^arn:([^:]+):ecr:([^:]*):([^:]*):repository\/(.+)$/;

/** The environment names resolve in: the variables, else what the provider looked up, else the documents' ARNs. */
export function environmentOf(plan: PlanJson, documents: PolicyDocument[]): EnvironmentFound {
  const str = (value: unknown) => (typeof value === "string" && value ? value : undefined);
  const fromVariables = {
    partition: str(variableValue(plan, "partition")),
    region: str(variableValue(plan, "region")),
    accountId: str(variableValue(plan, "account_id")),
  };
  const data = (type: string, attribute: string) =>
    str(priorResources(plan).find((resource) => resource.mode === "data" && resource.type === type)?.values?.[attribute]);
  const fromData = { partition: data("aws_partition", "partition"), region: data("aws_region", "name"), accountId: data("aws_caller_identity", "account_id") };
  const literal = documentArns(documents)
    .map((arn) => REPOSITORY_ARN.exec(arn))
    .find((match) => match && !hasWildcard(match[1] + match[2] + match[3]));
  const fromDocuments = literal ? { partition: literal[1], region: literal[2], accountId: literal[3] } : {};
  const pick = (key: keyof Environment): [string, EnvironmentFound["source"]] => {
    if (fromVariables[key]) return [fromVariables[key]!, "variables"];
    if (fromData[key]) return [fromData[key]!, "data sources"];
    if (fromDocuments[key as keyof typeof fromDocuments]) return [fromDocuments[key as keyof typeof fromDocuments]!, "documents"];
    return [{ partition: "aws", region: "us-east-1", accountId: DEFAULT_ACCOUNT_ID }[key], "assumed"];
  };
  const picked = { partition: pick("partition"), region: pick("region"), accountId: pick("accountId") };
  const sources = Object.values(picked).map(([, source]) => source);
  const order: EnvironmentFound["source"][] = ["assumed", "documents", "data sources", "variables"];
  return {
    partition: picked.partition[0],
    region: picked.region[0],
    accountId: picked.accountId[0],
    source: order.find((source) => sources.includes(source))!,
  };
}

/** Every ECR repository ARN (or pattern) a statement of the documents names. */
function documentArns(documents: PolicyDocument[]): string[] {
  return documents.flatMap((document) =>
    statementList(document).flatMap((statement) => ([] as unknown[]).concat(statement.Resource ?? []).filter((r): r is string => typeof r === "string" && REPOSITORY_ARN.test(r))),
  );
}

function label(pattern: string, environment: Environment): string {
  const match = REPOSITORY_ARN.exec(pattern);
  if (!match) return pattern;
  const [, partition, region, account, name] = match;
  return partition === environment.partition && region === environment.region && account === environment.accountId ? name : pattern;
}

/** A concrete repository the pattern matches: wildcards in the name become "example", elsewhere the environment's values. */
function probeOf(pattern: string, environment: Environment): string {
  const match = REPOSITORY_ARN.exec(pattern)!;
  const fill = (part: string, value: string) => (hasWildcard(part) ? value : part);
  const name = match[4].replace(/\*/g, "example").replace(/\?/g, "x");
  return `arn:${fill(match[1], environment.partition)}:ecr:${fill(match[2], environment.region)}:${fill(match[3], environment.accountId)}:repository/${name}`;
}

/**
 * An ARN as its entry is written: our documents hold `${aws:PrincipalTag/project}` where the entry
 * says `{project}`; a document may also hold an ARN this configuration no longer lists.
 */
function asEntry(arn: string, keys: PrincipalTagKeys): string {
  return PLACEHOLDER_KEYS.reduce((text, key) => text.split(principalTagVariable(keys[key])).join(`{${key}}`), arn);
}

const ownersOf = (pattern: string): PlaceholderKey[] => PLACEHOLDER_KEYS.filter((key) => pattern.includes(`{${key}}`));

/** The two rows of an entry with placeholders: the example role's own repositories, and another project's. */
function placeholderRows(pattern: string, environment: Environment, configuredAs: RepositoryRow["configuredAs"]): RepositoryRow[] {
  const name = label(pattern, environment);
  const owners = ownersOf(pattern);
  return ([["own", EXAMPLE_PROJECT_USER], ["another", OTHER_PROJECT_USER]] as const).map(([kind, values]) => {
    const filled = fillPlaceholders(pattern, values);
    const probe = probeOf(filled, environment);
    return { label: `${name} · ${kind}`, entry: name, pattern: filled, probe, configuredAs, kind, owners, otherAccount: REPOSITORY_ARN.exec(probe)![3] !== environment.accountId };
  });
}

/**
 * The three rows of a tag-owned entry. The untagged probe has the caller's own name, so that a
 * name alone is seen to grant nothing; the other project's probe has that project's name and tag.
 */
function tagOwnedRows(pattern: string, environment: Environment, configuredAs: RepositoryRow["configuredAs"], keys: PrincipalTagKeys): RepositoryRow[] {
  const name = label(pattern, environment);
  const owners = ownersOf(pattern);
  const tags = (values: PlaceholderValues) => Object.fromEntries(owners.map((owner) => [keys[owner], values[owner]]));
  const rows = [
    ["tagged-own", "tagged own", EXAMPLE_PROJECT_USER, tags(EXAMPLE_PROJECT_USER)],
    ["tagged-another", "tagged another", OTHER_PROJECT_USER, tags(OTHER_PROJECT_USER)],
    ["untagged", "untagged", EXAMPLE_PROJECT_USER, {}],
  ] as const;
  return rows.map(([kind, suffix, values, resourceTags]) => {
    const probe = probeOf(fillPlaceholders(pattern, values), environment);
    return {
      label: `${name} · ${suffix}`,
      entry: name,
      pattern: fillPlaceholders(pattern, ANY_VALUE),
      probe,
      configuredAs,
      kind,
      owners,
      resourceTags,
      otherAccount: REPOSITORY_ARN.exec(probe)![3] !== environment.accountId,
    };
  });
}

const ANY_OTHER_NAMES = ["other-repository", "any-other-repository", "zz-unlisted-repository"];

function anyOtherProbe(rows: RepositoryRow[], environment: Environment): string {
  const arn = (name: string) => repositoryArn(name, environment);
  const candidates = [...ANY_OTHER_NAMES, ...Array.from({ length: 50 }, (_, n) => `unlisted-${n + 1}`)];
  const free = candidates.find((name) => rows.every((row) => !matchesResource(row.pattern, arn(name))));
  // Only patterns that match nearly every name leave nothing free; the first candidate then stands for them.
  return arn(free ?? candidates[0]);
}

const ECR_MATCH_ALL = /^arn:[^:]+:ecr:[^:]*:[^:]*:repository\/\*$/;

export function repositoryRows(plan: PlanJson, documents: PolicyDocument[], environment: Environment): RepositoryRow[] {
  const keys = principalTagKeysOf(plan);
  const ownedByTag = repositoryOwnershipOf(plan) === "tag";
  const list = (name: string) => {
    const value = variableValue(plan, name);
    return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
  };
  const read = list("read_repositories").map((entry) => repositoryArn(entry, environment));
  const write = list("write_repositories").map((entry) => repositoryArn(entry, environment));
  const listed = [...read, ...write];
  // What our statements make of the listed entries, for the App role and the project-user roles.
  const fromListed = new Set([...list("read_repositories"), ...list("write_repositories")].flatMap((entry) =>
    [ANY_VALUE, principalTagValues(keys)].map((values) => repositoryArn(entry, environment, values)),
  ));
  const others = documentArns(documents)
    .filter((arn) => !fromListed.has(arn))
    .map((arn) => asEntry(arn, keys))
    .filter((arn) => !listed.includes(arn))
    .sort((a, b) => label(a, environment).localeCompare(label(b, environment)));
  const rows: RepositoryRow[] = [];
  for (const pattern of new Set([...listed, ...others])) {
    // "*" and "…:repository/*" match every repository: the "any other repository" row shows them.
    if (pattern === "*" || ECR_MATCH_ALL.test(pattern) || !REPOSITORY_ARN.test(pattern)) continue;
    const configuredAs = [read.includes(pattern) && "read", write.includes(pattern) && "write"].filter(Boolean) as RepositoryRow["configuredAs"];
    if (hasPlaceholder(pattern)) {
      rows.push(...(ownedByTag && configuredAs.length ? tagOwnedRows(pattern, environment, configuredAs, keys) : placeholderRows(pattern, environment, configuredAs)));
      continue;
    }
    const probe = probeOf(pattern, environment);
    rows.push({ label: label(pattern, environment), pattern, probe, configuredAs, kind: "listed", otherAccount: REPOSITORY_ARN.exec(probe)![3] !== environment.accountId });
  }
  const any = anyOtherProbe(rows, environment);
  const matchesAll = (arns: string[]) => arns.some((arn) => arn === "*" || ECR_MATCH_ALL.test(arn));
  const configuredAs = [matchesAll(read) && "read", matchesAll(write) && "write"].filter(Boolean) as RepositoryRow["configuredAs"];
  rows.push({ label: "any other repository", pattern: any, probe: any, configuredAs, kind: "any-other", otherAccount: false });
  return rows;
}
