import { AUTHORIZATION_ACTION, PUSH_PREREQUISITE_ACTION, READ_ACTIONS, writeActionName } from "./ecr-actions";
import { PolicyStatement } from "./policy-document";
import { Environment, repositoryArn } from "./repositories";
import { SIDS } from "./sids";

export interface EcrAccess {
  readRepositories: readonly string[];
  writeRepositories: readonly string[];
  /** Bare names or "ecr:" names of the write actions to grant on the write repositories. */
  writeActions: readonly string[];
}

/** The statements each of MLSpace's three policies gets. */
export interface PolicyStatements {
  app: PolicyStatement[];
  notebook: PolicyStatement[];
  boundary: PolicyStatement[];
}

/** Pulling needs the authorization token and the three layer/image reads. */
export function readStatements(access: EcrAccess, environment: Environment): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (access.readRepositories.length + access.writeRepositories.length > 0) {
    statements.push({ Sid: SIDS.authorization, Effect: "Allow", Action: [AUTHORIZATION_ACTION], Resource: ["*"] });
  }
  if (access.readRepositories.length > 0) {
    statements.push({
      Sid: SIDS.read,
      Effect: "Allow",
      Action: [...READ_ACTIONS],
      Resource: access.readRepositories.map((entry) => repositoryArn(entry, environment)),
    });
  }
  return statements;
}

export function writeStatements(access: EcrAccess, environment: Environment): PolicyStatement[] {
  if (access.writeRepositories.length === 0 || access.writeActions.length === 0) return [];
  return [
    {
      Sid: SIDS.write,
      Effect: "Allow",
      Action: [PUSH_PREREQUISITE_ACTION, ...access.writeActions.map((action) => `ecr:${writeActionName(action)}`)],
      Resource: access.writeRepositories.map((entry) => repositoryArn(entry, environment)),
    },
  ];
}

/**
 * The App role only pulls; notebook users also push. The boundary must allow everything the
 * Notebook policy grants, or those grants are useless for the per-project-user roles under it.
 */
export function policyStatements(access: EcrAccess, environment: Environment): PolicyStatements {
  const read = readStatements(access, environment);
  const write = writeStatements(access, environment);
  return { app: read, notebook: [...read, ...write], boundary: [...read, ...write] };
}
