import { deleteConflict, entityAlreadyExists, IamError, limitExceeded, noSuchEntity } from "./errors";
import { uniqueId } from "./ids";
import { checkPolicyDocument } from "./policy-document-rules";

/**
 * One AWS account's IAM state and IAM's rules over it: customer managed policies with their
 * versions and tags, and roles with their attached policies. Plain data, no HTTP.
 */

export interface PolicyVersionRecord {
  versionId: string;
  /** The document exactly as it was sent (IAM keeps it as given, and returns it percent-encoded). */
  document: string;
  createDate: Date;
}

export interface ManagedPolicyRecord {
  arn: string;
  name: string;
  path: string;
  id: string;
  description?: string;
  createDate: Date;
  updateDate: Date;
  defaultVersionId: string;
  /** Oldest first. */
  versions: PolicyVersionRecord[];
  /** IAM never reuses a version number: v1, v2… continue after deletions. */
  nextVersionNumber: number;
  tags: Map<string, string>;
}

export interface RoleRecord {
  name: string;
  path: string;
  id: string;
  arn: string;
  createDate: Date;
  assumeRolePolicyDocument: string;
  attachedPolicyArns: string[];
}

/** IAM's quotas that these rules enforce. */
export const QUOTAS = { versionsPerPolicy: 5, managedPoliciesPerRole: 10 } as const;

const NAME_PATTERN = /^[\w+=,.@-]{1,128}$/;
const PATH_PATTERN = /^\/([\x21-\x7e]*\/)?$/;

export interface NewPolicy {
  name: string;
  path?: string;
  document: string;
  description?: string;
  tags?: Record<string, string>;
}

export class IamAccount {
  private readonly policiesByArn = new Map<string, ManagedPolicyRecord>();
  private readonly rolesByName = new Map<string, RoleRecord>();

  constructor(
    readonly accountId: string,
    readonly partition = "aws",
  ) {}

  allPolicies(): ManagedPolicyRecord[] {
    return [...this.policiesByArn.values()];
  }

  createPolicy({ name, path = "/", document, description, tags = {} }: NewPolicy): ManagedPolicyRecord {
    if (!NAME_PATTERN.test(name)) throw validationError(name, "policyName", "[\\w+=,.@-]+");
    if (!PATH_PATTERN.test(path) || path.length > 512) throw validationError(path, "path", "((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");
    const arn = `arn:${this.partition}:iam::${this.accountId}:policy${path}${name}`;
    if (this.policiesByArn.has(arn)) throw entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
    checkPolicyDocument(document);
    const now = new Date();
    const policy: ManagedPolicyRecord = {
      arn,
      name,
      path,
      id: uniqueId("ANPA"),
      description: description || undefined,
      createDate: now,
      updateDate: now,
      defaultVersionId: "v1",
      versions: [{ versionId: "v1", document, createDate: now }],
      nextVersionNumber: 2,
      tags: new Map(Object.entries(tags)),
    };
    this.policiesByArn.set(arn, policy);
    return policy;
  }

  policy(arn: string): ManagedPolicyRecord {
    const policy = this.policiesByArn.get(arn);
    if (!policy) throw noSuchEntity(`Policy ${arn} was not found.`);
    return policy;
  }

  policyVersion(arn: string, versionId: string): PolicyVersionRecord {
    const version = this.policy(arn).versions.find((v) => v.versionId === versionId);
    if (!version) throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    return version;
  }

  createPolicyVersion(arn: string, document: string, setAsDefault: boolean): PolicyVersionRecord {
    const policy = this.policy(arn);
    if (policy.versions.length >= QUOTAS.versionsPerPolicy) {
      throw limitExceeded(
        `A managed policy can have up to ${QUOTAS.versionsPerPolicy} versions. Before you create a new version, you must delete an existing version.`,
      );
    }
    checkPolicyDocument(document);
    const version = { versionId: `v${policy.nextVersionNumber++}`, document, createDate: new Date() };
    policy.versions.push(version);
    if (setAsDefault) this.makeDefault(policy, version.versionId);
    return version;
  }

  deletePolicyVersion(arn: string, versionId: string): void {
    const policy = this.policy(arn);
    if (!policy.versions.some((v) => v.versionId === versionId)) {
      throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not deletable.`);
    }
    if (policy.defaultVersionId === versionId) throw deleteConflict("Cannot delete the default version of a policy.");
    policy.versions = policy.versions.filter((v) => v.versionId !== versionId);
  }

  setDefaultPolicyVersion(arn: string, versionId: string): void {
    this.policyVersion(arn, versionId);
    this.makeDefault(this.policy(arn), versionId);
  }

  deletePolicy(arn: string): void {
    const policy = this.policy(arn);
    if (this.rolesAttachedTo(arn).length > 0) throw deleteConflict("Cannot delete a policy attached to entities.");
    if (policy.versions.length > 1) {
      throw deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions.");
    }
    this.policiesByArn.delete(arn);
  }

  tagPolicy(arn: string, tags: Record<string, string>): void {
    const policy = this.policy(arn);
    for (const [key, value] of Object.entries(tags)) policy.tags.set(key, value);
  }

  untagPolicy(arn: string, keys: string[]): void {
    const policy = this.policy(arn);
    for (const key of keys) policy.tags.delete(key);
  }

  seedRole(name: string, path = "/", assumeRolePolicyDocument = DEFAULT_TRUST_POLICY): RoleRecord {
    if (this.rolesByName.has(name.toLowerCase())) throw entityAlreadyExists(`Role with name ${name} already exists.`);
    const role: RoleRecord = {
      name,
      path,
      id: uniqueId("AROA"),
      arn: `arn:${this.partition}:iam::${this.accountId}:role${path}${name}`,
      createDate: new Date(),
      assumeRolePolicyDocument,
      attachedPolicyArns: [],
    };
    // Role names are unique within an account regardless of case.
    this.rolesByName.set(name.toLowerCase(), role);
    return role;
  }

  role(name: string): RoleRecord {
    const role = this.rolesByName.get(name.toLowerCase());
    if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
    return role;
  }

  allRoles(): RoleRecord[] {
    return [...this.rolesByName.values()];
  }

  attachRolePolicy(roleName: string, arn: string): void {
    const role = this.role(roleName);
    if (!this.policiesByArn.has(arn)) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    if (role.attachedPolicyArns.includes(arn)) return; // attaching twice is a no-op in IAM
    if (role.attachedPolicyArns.length >= QUOTAS.managedPoliciesPerRole) {
      throw limitExceeded(`Cannot exceed quota for PoliciesPerRole: ${QUOTAS.managedPoliciesPerRole}`);
    }
    role.attachedPolicyArns.push(arn);
  }

  detachRolePolicy(roleName: string, arn: string): void {
    const role = this.role(roleName);
    if (!role.attachedPolicyArns.includes(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
    role.attachedPolicyArns = role.attachedPolicyArns.filter((a) => a !== arn);
  }

  rolesAttachedTo(arn: string): RoleRecord[] {
    return this.allRoles().filter((role) => role.attachedPolicyArns.includes(arn));
  }

  private makeDefault(policy: ManagedPolicyRecord, versionId: string): void {
    policy.defaultVersionId = versionId;
    policy.updateDate = new Date();
  }
}

const DEFAULT_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** IAM's wording when a parameter breaks its pattern (HTTP 400, code ValidationError). */
function validationError(value: string, member: string, pattern: string): IamError {
  return new IamError(
    "ValidationError",
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
    400,
  );
}
