import { AUTHORIZATION_ACTION, READ_ACTIONS, writeActionName } from "./ecr-actions";
import { ANY_VALUE, DEFAULT_PRINCIPAL_TAG_KEYS, PlaceholderValues, PrincipalTagKeys, principalTagValues } from "./placeholders";
import { Environment, repositoryArn } from "./repositories";
import { StatementPart } from "./sids";

export interface EcrAccess {
  readRepositories: readonly string[];
  writeRepositories: readonly string[];
  /** Bare names or "ecr:" names of the write actions to grant on the write repositories. */
  writeActions: readonly string[];
  /** The principal tags `{project}` and `{user}` read (default: MLSpace's `project` and `user`). */
  principalTagKeys?: PrincipalTagKeys;
}

/** One of our Allow statements before rendering: what it grants (`parts` name it, and its Sid). */
export interface EcrStatement {
  parts: StatementPart[];
  actions: string[];
  resources: string[];
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
function authorization(access: EcrAccess): EcrStatement[] {
  const any = access.readRepositories.length + access.writeRepositories.length > 0;
  return any ? [{ parts: ["Auth"], actions: [AUTHORIZATION_ACTION], resources: ["*"] }] : [];
}

function read(entries: readonly string[], environment: Environment, placeholders: PlaceholderValues): EcrStatement[] {
  return entries.length ? [{ parts: ["Read"], actions: [...READ_ACTIONS], resources: arns(entries, environment, placeholders) }] : [];
}

/**
 * Write implies read, as in terraform-aws-modules/ecr's read-write list: a user trains on the image
 * they just pushed. The read actions ride on the Write statement (a constant cost), not on a second
 * listing of each write repository; the first of them is also the layer check a docker push starts with.
 */
function write(access: EcrAccess, environment: Environment, placeholders: PlaceholderValues): EcrStatement[] {
  if (access.writeRepositories.length === 0 || access.writeActions.length === 0) return [];
  const actions = [...READ_ACTIONS, ...access.writeActions.map((action) => `ecr:${writeActionName(action)}`)];
  return [{ parts: ["Write"], actions, resources: arns(access.writeRepositories, environment, placeholders) }];
}

/**
 * The App role only pulls, for every project (it starts MLSpace's jobs whatever their project):
 * `{project}` and `{user}` are any value there, and it reads what users push. Notebook users pull
 * and push their own project's repositories. The boundary allows everything the Notebook policy
 * grants, or those grants are useless for the per-project-user roles under it.
 */
export function policyStatements(access: EcrAccess, environment: Environment): PolicyStatements {
  const own = principalTagValues(access.principalTagKeys ?? DEFAULT_PRINCIPAL_TAG_KEYS);
  const readOnly = access.readRepositories.filter((entry) => !access.writeRepositories.includes(entry));
  const app = [...authorization(access), ...read([...access.readRepositories, ...access.writeRepositories], environment, ANY_VALUE)];
  const notebook = [...authorization(access), ...read(readOnly, environment, own), ...write(access, environment, own)];
  return { app, notebook, boundary: notebook };
}
