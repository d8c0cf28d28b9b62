import { IamAccount } from "./iam-account";
import { Service } from "./xml";

/** What tests read of the endpoint: copies, so a test cannot change the account by accident. */

export interface PolicyVersionSnapshot {
  versionId: string;
  /** As sent by the caller (the wire form is percent-encoded; this is not). */
  document: string;
  isDefault: boolean;
  createDate: Date;
}

export interface PolicySnapshot {
  name: string;
  path: string;
  arn: string;
  id: string;
  description?: string;
  defaultVersionId: string;
  /** The default version's document. */
  document: string;
  /** Oldest first. */
  versions: PolicyVersionSnapshot[];
  tags: Record<string, string>;
  /** Names of the roles it is attached to. */
  attachedRoles: string[];
}

export interface RoleSnapshot {
  name: string;
  path: string;
  arn: string;
  description?: string;
  tags: Record<string, string>;
  permissionsBoundary?: string;
  attachedPolicyArns: string[];
}

/** One request the endpoint answered, in arrival order. */
export interface CallRecord {
  service: Service;
  action: string;
  params: Record<string, string>;
  status: number;
  /** The error code answered, if the call failed (InvalidAction: an action this endpoint lacks). */
  errorCode?: string;
  /** True when the answer was a fault the test injected. */
  injected: boolean;
  /** True when the call was held unanswered (a "hold" fault); its status is 0. */
  held?: boolean;
  /** The SDK's `amz-sdk-request` header, e.g. "attempt=2; max=25": which retry this was. */
  sdkRequest?: string;
  at: Date;
}

export function policySnapshots(account: IamAccount): PolicySnapshot[] {
  return account.allPolicies().map((policy) => ({
    name: policy.name,
    path: policy.path,
    arn: policy.arn,
    id: policy.id,
    description: policy.description,
    defaultVersionId: policy.defaultVersionId,
    document: policy.versions.find((v) => v.versionId === policy.defaultVersionId)!.document,
    versions: policy.versions.map((v) => ({ ...v, isDefault: v.versionId === policy.defaultVersionId })),
    tags: Object.fromEntries(policy.tags),
    attachedRoles: account.rolesAttachedTo(policy.arn).map((role) => role.name),
  }));
}

export function roleSnapshots(account: IamAccount): RoleSnapshot[] {
  return account.allRoles().map((role) => ({
    name: role.name,
    path: role.path,
    arn: role.arn,
    description: role.description,
    tags: Object.fromEntries(role.tags),
    permissionsBoundary: role.permissionsBoundary,
    attachedPolicyArns: [...role.attachedPolicyArns],
  }));
}
