import { fillPlaceholders, PlaceholderKey, PlaceholderValues, PrincipalTagKeys } from "../../modules/mlspace-ecr-access/placeholders";
import { placeholdersOf } from "../../modules/mlspace-ecr-access/ownership";
import type { PolicyDocument } from "../../modules/mlspace-ecr-access/policy-document";
import { Environment, repositoryArn } from "../../modules/mlspace-ecr-access/repositories";

/**
 * An MLSpace user's custom-algorithm workflow as the ECR calls it makes, each with the outcome it
 * must have: build FROM AWS's base images, AWS's build_and_push.sh (describe, create, login, push),
 * list, train; and the same against another project's repository, which must be refused.
 */

export type Outcome = "allowed" | "refused";

export interface WorkflowCall {
  step: string;
  action: string;
  /** A concrete ARN, or "*" for an action that takes no resource. */
  resource: string;
  resourceTags?: Record<string, string>;
  requestTags?: Record<string, string>;
  /** The repository's own policy, for a repository of another account (AWS's registry). */
  resourcePolicy?: PolicyDocument;
  expected: Outcome;
}

export interface WorkflowSubject {
  environment: Environment;
  tagKeys: PrincipalTagKeys;
  /** The role's project and user, and another project's. */
  own: PlaceholderValues;
  other: PlaceholderValues;
  /** The write entry the user pushes to ("projects/{project}/*"). */
  writeEntry: string;
  tagOwnership: boolean;
  /** `aws_base_images` entries, and the registry account of the region (undefined: none known). */
  baseImages: readonly string[];
  baseImageAccount?: string;
}

/**
 * What AWS's Deep Learning Containers repositories allow, as modelled here (their policies are not
 * public): any principal may pull. The caller's own policies must allow the pull too: that is what
 * is checked.
 */
export const AWS_REGISTRY_PULL_POLICY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"], Resource: "*" }],
};

const PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const PUSH = ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];

/** A concrete name for an entry or prefix: placeholders as lowercase name segments, "*" as one more segment. */
const concreteName = (entry: string, values: PlaceholderValues) =>
  fillPlaceholders(entry, { project: values.project.toLowerCase(), user: values.user.toLowerCase().replace(/[^a-z0-9._-]/g, "-") }).replace(/\*/g, "my-algorithm");

const ownerTags = (keys: PlaceholderKey[], tagKeys: PrincipalTagKeys, values: PlaceholderValues) =>
  Object.fromEntries(keys.map((key) => [tagKeys[key], values[key]]));

export function buildAndPushCalls(subject: WorkflowSubject): WorkflowCall[] {
  const { environment, tagKeys, own, other, writeEntry, tagOwnership } = subject;
  const keys = placeholdersOf(writeEntry);
  const repository = (values: PlaceholderValues) => repositoryArn(concreteName(writeEntry, values), environment);
  const tags = (values: PlaceholderValues) => (tagOwnership && keys.length ? ownerTags(keys, tagKeys, values) : undefined);
  const [mine, theirs] = [repository(own), repository(other)];
  const onMine = (step: string, action: string): WorkflowCall => ({ step, action, resource: mine, resourceTags: tags(own), expected: "allowed" });
  const onTheirs = (step: string, action: string, extra: Partial<WorkflowCall> = {}): WorkflowCall => ({ step, action, resource: theirs, resourceTags: tags(other), expected: "refused", ...extra });
  const { partition, region } = environment;
  const base = subject.baseImageAccount
    ? subject.baseImages.flatMap((image) =>
        PULL.map((action): WorkflowCall => ({
          step: `Pull FROM AWS's ${image}`,
          action,
          resource: `arn:${partition}:ecr:${region}:${subject.baseImageAccount}:repository/${image.replace(/\*/g, "image")}`,
          resourcePolicy: AWS_REGISTRY_PULL_POLICY,
          expected: "allowed",
        })),
      )
    : [];
  const creates: WorkflowCall[] = [
    { step: "Create own repository (tags authorized on CreateRepository)", action: "ecr:CreateRepository", resource: mine, requestTags: tags(own), expected: "allowed" },
    ...(tags(own) ? [{ step: "Create own repository (tags authorized as TagResource)", action: "ecr:TagResource", resource: mine, requestTags: tags(own), expected: "allowed" as const }] : []),
  ];
  const refusedTagging: WorkflowCall[] = tags(own)
    ? [
        onTheirs("Create a repository tagged as another's", "ecr:CreateRepository", { resourceTags: undefined, requestTags: tags(other) }),
        onTheirs("Tag another's repository as own", "ecr:TagResource", { requestTags: tags(own) }),
        { step: "Re-tag own repository as another's", action: "ecr:TagResource", resource: mine, resourceTags: tags(own), requestTags: tags(other), expected: "refused" },
        { step: "Untag own repository", action: "ecr:UntagResource", resource: mine, resourceTags: tags(own), expected: "refused" },
      ]
    : [];
  return [
    { step: "ECR login", action: "ecr:GetAuthorizationToken", resource: "*", expected: "allowed" },
    ...base,
    onMine("Describe own repository", "ecr:DescribeRepositories"),
    ...creates,
    ...PUSH.map((action) => onMine("Push to own repository", action)),
    onMine("List own images", "ecr:ListImages"),
    onMine("List own images", "ecr:DescribeImages"),
    ...PULL.map((action) => onMine("Train on own image (SageMaker pulls with the job's role)", action)),
    onTheirs("Describe another's repository", "ecr:DescribeRepositories"),
    onTheirs("Pull another's image", "ecr:BatchGetImage"),
    onTheirs("Push to another's repository", "ecr:PutImage"),
    ...refusedTagging,
  ];
}
