import { ceilingAt, CompactionOptions, compactionLevels, CompactionStepName, compactStatements, stepsAt } from "./compaction";
import { POLICIES, POLICY_KEYS, PolicyKey } from "./inputs";
import { followsLiveDocument } from "./live-document";
import { mergeIntoBase } from "./merge-into-base";
import { DEFAULT_REPOSITORY_OWNERSHIP, RepositoryOwnership } from "./ownership";
import { DEFAULT_PRINCIPAL_TAG_KEYS, PrincipalTagKeys } from "./placeholders";
import { MANAGED_POLICY_SIZE_LIMIT, PolicyDocument, policySize, PolicyStatement } from "./policy-document";
import { renderStatement } from "./render-statement";
import { Environment } from "./repositories";
import { policyStatements } from "./statements";

export type PerPolicy<T> = Record<PolicyKey, T>;

/** What IAM holds now for each adopted policy (the `aws_iam_policy.live` data source), as JSON. */
export type LiveDocuments = Partial<PerPolicy<string>>;

/** A policy's document as it will be sent, with the compaction it took to fit (if any). */
export interface RenderedPolicy {
  document: PolicyDocument;
  size: number;
  compaction: CompactionStepName[];
  /** Our own statements in it (none where the boundary's ceiling stands for them). */
  ours: PolicyStatement[];
  /** The base document it was written on, parsed. */
  base?: PolicyDocument;
}

/**
 * The three rendered policies for literal Terraform variable values: what the module's
 * `policy_json`, `policy_size` and `compaction` outputs hold for the same inputs (compared as data
 * in the Terraform tests). Each policy is written at the first compaction level that fits, on its
 * pinned base, else on its live document when adopted.
 */
export function renderPolicies(values: Record<string, unknown>, environment: Environment, live: LiveDocuments = {}): PerPolicy<RenderedPolicy> {
  const statements = policyStatements(
    {
      readRepositories: values.read_repositories as string[],
      writeRepositories: values.write_repositories as string[],
      writeActions: values.write_actions as string[],
      principalTagKeys: { ...DEFAULT_PRINCIPAL_TAG_KEYS, ...(values.principal_tag_keys as Partial<PrincipalTagKeys> | undefined) },
      repositoryOwnership: (values.repository_ownership as RepositoryOwnership | undefined) ?? DEFAULT_REPOSITORY_OWNERSHIP,
      describeActions: (values.describe_actions as string[] | undefined) ?? [],
      awsBaseImages: (values.aws_base_images as string[] | undefined) ?? [],
    },
    environment,
  );
  const options = (values.compaction ?? {}) as CompactionOptions;
  const arnPrefix = `arn:${environment.partition}:ecr:${environment.region}:${environment.accountId}:repository/`;
  const rendered = {} as PerPolicy<RenderedPolicy>;
  for (const key of POLICY_KEYS) {
    const settings = values[POLICIES[key].input] as { base_policy_json?: string | null; import_arn?: string | null; attach_to_roles?: string[] };
    const json = settings.base_policy_json ?? (followsLiveDocument(settings) ? live[key] : undefined);
    const base = json ? (JSON.parse(json) as PolicyDocument) : undefined;
    const candidates = compactionLevels(options).map((level) => {
      const compacted = compactStatements(statements[key], key, level, options, arnPrefix);
      const ceiling = ceilingAt(compacted, key, level, options);
      const ours = ceiling ? [] : compacted.map(renderStatement);
      const document = mergeIntoBase(base, ours, ceiling);
      return { document, size: policySize(JSON.stringify(document)), compaction: stepsAt(level, options, key), ours, base };
    });
    rendered[key] = candidates.find((candidate) => candidate.size <= MANAGED_POLICY_SIZE_LIMIT) ?? candidates[candidates.length - 1];
  }
  return rendered;
}

export function renderDocuments(values: Record<string, unknown>, environment: Environment): PerPolicy<PolicyDocument> {
  const policies = renderPolicies(values, environment);
  return { app: policies.app.document, notebook: policies.notebook.document, boundary: policies.boundary.document };
}
