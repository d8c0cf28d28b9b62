/**
 * A local IAM and STS endpoint that the real Terraform AWS provider talks to, for tests of what
 * Terraform does against IAM: `const endpoint = await startIamEndpoint()`, run Terraform with
 * `endpoint.awsEnvironment()`, read `endpoint.policies()`, then `await endpoint.stop()`.
 */
export { startIamEndpoint } from "./server";
export type { IamEndpoint, IamEndpointOptions } from "./server";
export type { FaultSpec } from "./faults";
export type { CallRecord, PolicySnapshot, PolicyVersionSnapshot, RoleSnapshot } from "./inspection";
export { POLICY_SIZE_QUOTA } from "./policy-document-rules";
export { QUOTAS } from "./iam-account";
export type { NewRole, RoleLastUsed } from "./iam-account";
export { PAGE_SIZE } from "./pagination";
export { callQueryApi } from "./query-client";
