import { baseImageArns } from "./base-images";
import { AUTHORIZATION_ACTION, ecrAction, READ_ACTIONS, TAG_RESOURCE_ACTION, writeActionName } from "./ecr-actions";
import { Condition, DEFAULT_REPOSITORY_OWNERSHIP, entriesOwnedBy, entriesOwnedByName, OWNER_KEY_SETS, ownerCondition, ownerSuffix, ownTaggingCondition, RepositoryOwnership } from "./ownership";
import { ANY_VALUE, DEFAULT_PRINCIPAL_TAG_KEYS, PlaceholderKey, PlaceholderValues, PrincipalTagKeys, principalTagValues } from "./placeholders";
import { Environment, repositoryArn } from "./repositories";
import { StatementPart } from "./sids";

export interface EcrAccess {
  readRepositories: readonly string[];
  writeRepositories: readonly string[];
  /** Bare names or "ecr:" names of the write actions to grant on the write repositories. */
  writeActions: readonly string[];
  /** The principal tags `{project}` and `{user}` read (default: MLSpace's `project` and `user`). */
  principalTagKeys?: PrincipalTagKeys;
  /** Whose repositories `{project}`/`{user}` entries reach (ownership.ts); default name. */
  repositoryOwnership?: RepositoryOwnership;
  /** Extra Read/List actions (ecr-actions.ts DESCRIBE_ACTION_NAMES) granted wherever users read; default none. */
  describeActions?: readonly string[];
  /** Names or prefixes in AWS's Deep Learning Containers registry that users pull FROM (base-images.ts); default none. */
  awsBaseImages?: readonly string[];
}

/** One of our Allow statements before rendering: what it grants (`parts` name it, and its Sid). */
export interface EcrStatement {
  parts: StatementPart[];
  actions: string[];
  resources: string[];
  /** Under tag ownership: whose repositories it reaches (its Sid's suffix) and the tag condition that says so. */
  owner?: string;
  condition?: Condition;
}

/** The statements each of MLSpace's three policies gets. */
export interface PolicyStatements {
  app: EcrStatement[];
  notebook: EcrStatement[];
  boundary: EcrStatement[];
}

const distinct = (values: string[]) => values.filter((value, index) => values.indexOf(value) === index);

const arns = (entries: readonly string[], environment: Environment, placeholders: PlaceholderValues) =>
  distinct(entries.map((entry) => repositoryArn(entry, environment, placeholders)));

/** Every pull and push needs the authorization token, which takes no resource. */
function authorization(access: EcrAccess, baseImages: boolean): EcrStatement[] {
  const any = access.readRepositories.length + access.writeRepositories.length > 0 || baseImages;
  return any ? [{ parts: ["Auth"], actions: [AUTHORIZATION_ACTION], resources: ["*"] }] : [];
}

function read(entries: readonly string[], readActions: readonly string[], environment: Environment, placeholders: PlaceholderValues): EcrStatement[] {
  return entries.length ? [{ parts: ["Read"], actions: [...readActions], resources: arns(entries, environment, placeholders) }] : [];
}

/**
 * Write implies read, as in terraform-aws-modules/ecr's read-write list: a user trains on the image
 * they just pushed. The read actions ride on the Write statement (a constant cost), not on a second
 * listing of each write repository; the first of them is also the layer check a docker push starts with.
 */
function write(entries: readonly string[], readActions: readonly string[], writeActions: readonly string[], environment: Environment, placeholders: PlaceholderValues): EcrStatement[] {
  if (entries.length === 0 || writeActions.length === 0) return [];
  const actions = distinct([...readActions, ...writeActions.map((action) => `ecr:${writeActionName(action)}`)]);
  return [{ parts: ["Write"], actions, resources: arns(entries, environment, placeholders) }];
}

/** Pulling FROM AWS's base images: the pull actions only, on the region's Deep Learning Containers registry. */
function baseImages(access: EcrAccess, environment: Environment): EcrStatement[] {
  const resources = baseImageArns(access.awsBaseImages ?? [], environment);
  return resources.length ? [{ parts: ["Base"], actions: [...READ_ACTIONS], resources }] : [];
}

const CREATE_REPOSITORY = "CreateRepository";

/**
 * Tag-owned entries: on any repository there, read (and write) only where the repository's owner
 * tags are the caller's. A repository being created has no tags yet, so CreateRepository has a
 * statement of its own, allowed only when the request tags the new repository as the caller's own;
 * TagResource rides on it with the same condition (ECR may authorize the tags given on create as
 * TagResource), and only where the repository has no owner tag yet or has the caller's. Nothing
 * grants UntagResource.
 */
function ownedBy(access: EcrAccess, keys: readonly PlaceholderKey[], readOnly: string[], readActions: readonly string[], environment: Environment): EcrStatement[] {
  const ownership = access.repositoryOwnership ?? DEFAULT_REPOSITORY_OWNERSHIP;
  const tagKeys = access.principalTagKeys ?? DEFAULT_PRINCIPAL_TAG_KEYS;
  const owned = (condition: Condition) => (statement: EcrStatement): EcrStatement => ({ ...statement, owner: ownerSuffix(keys), condition });
  const writes = entriesOwnedBy(access.writeRepositories, keys, ownership);
  const creates = writes.length > 0 && access.writeActions.some((action) => writeActionName(action) === CREATE_REPOSITORY);
  // The read actions stand for the write actions when CreateRepository is the only one: write implies read.
  const writeActions = access.writeActions.length ? [...readActions, ...access.writeActions.filter((action) => writeActionName(action) !== CREATE_REPOSITORY)] : [];
  const ownTags = ownerCondition(keys, tagKeys);
  return [
    ...read(entriesOwnedBy(readOnly, keys, ownership), readActions, environment, ANY_VALUE).map(owned(ownTags)),
    ...write(writes, readActions, writeActions, environment, ANY_VALUE).map(owned(ownTags)),
    ...(creates
      ? [owned(ownTaggingCondition(keys, tagKeys))({ parts: ["Create"], actions: [`ecr:${CREATE_REPOSITORY}`, TAG_RESOURCE_ACTION], resources: arns(writes, environment, ANY_VALUE) })]
      : []),
  ];
}

/**
 * The App role only pulls, for every project (it starts MLSpace's jobs whatever their project):
 * `{project}` and `{user}` are any value there, whatever the ownership and the repositories' tags,
 * and it reads what users push. Notebook users pull and push their own project's repositories. The
 * boundary allows everything the Notebook policy grants, or those grants are useless for the
 * per-project-user roles under it. Describing repositories and pulling FROM AWS's base images are
 * the users' build steps, in the Notebook policy and the boundary only: MLSpace's backend (the App
 * role) makes no ECR call of its own, and SageMaker pulls a job's image with the job's role.
 */
export function policyStatements(access: EcrAccess, environment: Environment): PolicyStatements {
  const ownership = access.repositoryOwnership ?? DEFAULT_REPOSITORY_OWNERSHIP;
  const own = principalTagValues(access.principalTagKeys ?? DEFAULT_PRINCIPAL_TAG_KEYS);
  const readOnly = access.readRepositories.filter((entry) => !access.writeRepositories.includes(entry));
  const userReads = distinct([...READ_ACTIONS, ...(access.describeActions ?? []).map(ecrAction)]);
  const app = [...authorization(access, false), ...read([...access.readRepositories, ...access.writeRepositories], READ_ACTIONS, environment, ANY_VALUE)];
  const notebook = [
    ...authorization(access, (access.awsBaseImages ?? []).length > 0),
    ...read(entriesOwnedByName(readOnly, ownership), userReads, environment, own),
    ...write(entriesOwnedByName(access.writeRepositories, ownership), userReads, access.writeActions, environment, own),
    ...baseImages(access, environment),
    ...OWNER_KEY_SETS.flatMap((keys) => ownedBy(access, keys, readOnly, userReads, environment)),
  ];
  return { app, notebook, boundary: notebook };
}
