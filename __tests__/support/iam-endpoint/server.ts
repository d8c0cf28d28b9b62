import { createServer, IncomingMessage, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import { ActionContext } from "./action";
import { editPolicyDocument } from "./console-edit";
import { answerCall } from "./dispatch";
import { FaultInjector, FaultSpec } from "./faults";
import { IamAccount, NewRole } from "./iam-account";
import { CallRecord, PolicySnapshot, policySnapshots, RoleSnapshot, roleSnapshots } from "./inspection";
import { QueryParameters } from "./query-request";

export interface IamEndpointOptions {
  /** The account every ARN is in and GetCallerIdentity reports (default 123456789012). */
  accountId?: string;
  partition?: string;
  /** The IAM user the dummy credentials stand for (default "terraform"). */
  callerUserName?: string;
}

/** A local IAM + STS Query API endpoint, with its own empty account; stop it when done. */
export interface IamEndpoint {
  /** http://127.0.0.1:<port>, for AWS_ENDPOINT_URL_IAM and AWS_ENDPOINT_URL_STS. */
  readonly url: string;
  readonly accountId: string;
  /** Environment for a process using the endpoint: both endpoint URLs, dummy credentials, region. */
  awsEnvironment(): Record<string, string>;
  /** A role as MLSpace or the console makes it: to attach policies to, or for `aws_iam_role(s)` to read. */
  seedRole(name: string, options?: NewRole): RoleSnapshot;
  /** A policy made outside Terraform (the console, another tool), as CreatePolicy makes it. */
  seedPolicy(name: string, document: string | object, options?: { path?: string }): PolicySnapshot;
  /**
   * AttachRolePolicy outside Terraform, with IAM's rules (the role and policy must exist; at most
   * 10 managed policies a role): as MLSpace copies the notebook role's policies onto a new project-user role.
   */
  attachRolePolicy(roleName: string, policyArn: string): void;
  /** DetachRolePolicy outside Terraform (NoSuchEntity when not attached), as MLSpace does before deleting a role. */
  detachRolePolicy(roleName: string, policyArn: string): void;
  /** DeleteRole outside Terraform: refused with DeleteConflict while policies are attached, as IAM does. */
  deleteRole(name: string): void;
  injectFaults(spec: FaultSpec): void;
  /** Injected faults not yet served. */
  outstandingFaults(): number;
  policies(): PolicySnapshot[];
  roles(): RoleSnapshot[];
  /** A console edit behind Terraform's back: a new default version. Returns its version id. */
  editPolicyDocument(arn: string, document: string | object): string;
  /** Every call answered, oldest first. */
  calls(): CallRecord[];
  /** Actions called that the endpoint does not implement (answered InvalidAction). */
  unknownActions(): string[];
  stop(): Promise<void>;
}

export async function startIamEndpoint(options: IamEndpointOptions = {}): Promise<IamEndpoint> {
  const account = new IamAccount(options.accountId ?? "123456789012", options.partition ?? "aws");
  const context: ActionContext = { account, callerUserName: options.callerUserName ?? "terraform" };
  const faults = new FaultInjector();
  const log: CallRecord[] = [];

  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        const query = new URL(request.url ?? "/", "http://localhost").search.slice(1);
        const params = QueryParameters.parse([query, body].filter(Boolean).join("&"));
        const answer = answerCall(params, context, faults);
        log.push({ ...answer.call, sdkRequest: request.headers["amz-sdk-request"] as string | undefined, at: new Date() });
        // A held call is never answered; its connection ends with the client, or at stop().
        if (!answer.call.held) reply(response, answer.status, answer.requestId, answer.xml);
      })
      .catch((error: Error) => reply(response, 500, "", `request failed: ${error.message}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    accountId: account.accountId,
    awsEnvironment: () => ({
      AWS_ENDPOINT_URL_IAM: url,
      AWS_ENDPOINT_URL_STS: url,
      AWS_ACCESS_KEY_ID: "AKIAIAMENDPOINTTEST",
      AWS_SECRET_ACCESS_KEY: "iam-endpoint-test-secret",
      AWS_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
    }),
    seedRole: (name, roleOptions = {}) => {
      account.seedRole(name, roleOptions);
      return roleSnapshots(account).find((role) => role.name === name)!;
    },
    seedPolicy: (name, document, policyOptions = {}) => {
      const text = typeof document === "string" ? document : JSON.stringify(document);
      const { arn } = account.createPolicy({ name, path: policyOptions.path, document: text });
      return policySnapshots(account).find((policy) => policy.arn === arn)!;
    },
    attachRolePolicy: (roleName, policyArn) => account.attachRolePolicy(roleName, policyArn),
    detachRolePolicy: (roleName, policyArn) => account.detachRolePolicy(roleName, policyArn),
    deleteRole: (name) => account.deleteRole(name),
    injectFaults: (spec) => faults.inject(spec),
    outstandingFaults: () => faults.outstanding(),
    policies: () => policySnapshots(account),
    roles: () => roleSnapshots(account),
    editPolicyDocument: (arn, document) => editPolicyDocument(account, arn, document),
    calls: () => log.map((call) => ({ ...call, params: { ...call.params } })),
    unknownActions: () => [...new Set(log.filter((call) => call.errorCode === "InvalidAction").map((call) => call.action))],
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function reply(response: ServerResponse, status: number, requestId: string, xml: string): void {
  const body = Buffer.from(xml, "utf8");
  response.writeHead(status, { "Content-Type": "text/xml", "Content-Length": body.length, "x-amzn-RequestId": requestId });
  response.end(body);
}
