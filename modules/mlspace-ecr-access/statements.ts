import { AUTHORIZATION_ACTION, PUSH_PREREQUISITE_ACTION, READ_ACTIONS, writeActionName } from "./ecr-actions";
import { Environment, repositoryArn } from "./repositories";
import { StatementPart } from "./sids";

export interface EcrAccess {
  readRepositories: readonly string[];
  writeRepositories: readonly string[];
  /** Bare names or "ecr:" names of the write actions to grant on the write repositories. */
  writeActions: readonly string[];
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

/** Pulling needs the authorization token (pushing too) and the three layer/image reads. */
export function readStatements(access: EcrAccess, environment: Environment): EcrStatement[] {
  const statements: EcrStatement[] = [];
  if (access.readRepositories.length + access.writeRepositories.length > 0) {
    statements.push({ parts: ["Auth"], actions: [AUTHORIZATION_ACTION], resources: ["*"] });
  }
  if (access.readRepositories.length > 0) {
    statements.push({
      parts: ["Read"],
      actions: [...READ_ACTIONS],
      resources: access.readRepositories.map((entry) => repositoryArn(entry, environment)),
    });
  }
  return statements;
}

export function writeStatements(access: EcrAccess, environment: Environment): EcrStatement[] {
  if (access.writeRepositories.length === 0 || access.writeActions.length === 0) return [];
  return [
    {
      parts: ["Write"],
      actions: [PUSH_PREREQUISITE_ACTION, ...access.writeActions.map((action) => `ecr:${writeActionName(action)}`)],
      resources: access.writeRepositories.map((entry) => repositoryArn(entry, environment)),
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
