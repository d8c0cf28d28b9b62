import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity, patternMismatch } from "./errors";
import { uniqueId } from "./ids";
import { checkPolicyDocument } from "./policy-document-rules";

/**
 * One AWS account's IAM state and IAM's rules over it: customer managed policies with their
 * versions and tags, and roles with their tags, permissions boundary and attached policies. Plain data, no HTTP.
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
  description?: string;
  tags: Map<string, string>;
  /** The managed policy that caps the role's permissions, if any. */
  permissionsBoundary?: string;
  /** When and where the role was last used; IAM tracks this itself, so tests seed it. */
  lastUsed?: RoleLastUsed;
  attachedPolicyArns: string[];
}

export interface RoleLastUsed {
  date: Date;
  region: string;
}

/** A role as another tool (MLSpace itself, the console) creates it; this endpoint has no CreateRole. */
export interface NewRole {
  path?: string;
  assumeRolePolicyDocument?: string;
  description?: string;
  tags?: Record<string, string>;
  permissionsBoundary?: string;
  lastUsed?: RoleLastUsed;
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
    if (!NAME_PATTERN.test(name)) throw patternMismatch(name, "policyName", "[\\w+=,.@-]+");
    if (!PATH_PATTERN.test(path) || path.length > 512) throw patternMismatch(path, "path", "((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");
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

  seedRole(
    name: string,
    { path = "/", assumeRolePolicyDocument = DEFAULT_TRUST_POLICY, description, tags = {}, permissionsBoundary, lastUsed }: NewRole = {},
  ): RoleRecord {
    if (!NAME_PATTERN.test(name)) throw patternMismatch(name, "roleName", "[\\w+=,.@-]+");
    if (!PATH_PATTERN.test(path) || path.length > 512) throw patternMismatch(path, "path", "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    if (this.rolesByName.has(name.toLowerCase())) throw entityAlreadyExists(`Role with name ${name} already exists.`);
    if (permissionsBoundary !== undefined) this.checkBoundary(permissionsBoundary);
    const role: RoleRecord = {
      name,
      path,
      id: uniqueId("AROA"),
      arn: `arn:${this.partition}:iam::${this.accountId}:role${path}${name}`,
      createDate: new Date(),
      assumeRolePolicyDocument,
      description: description || undefined,
      tags: new Map(Object.entries(tags)),
      permissionsBoundary,
      lastUsed,
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

  /** Roles whose path starts with the prefix (a plain string prefix, as IAM matches it), in IAM's listing order. */
  listRoles(pathPrefix = "/"): RoleRecord[] {
    return this.allRoles()
      .filter((role) => role.path.startsWith(pathPrefix))
      .sort((a, b) => compareOrdinal(a.name, b.name));
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

  /**
   * ListEntitiesForPolicy's roles: those the policy is attached to (IAM's default, and
   * `PermissionsPolicy`) or, with `PermissionsBoundary`, those it bounds; under the path prefix, in
   * IAM's listing order. Without a filter IAM leaves boundary use out: tools that delete a policy
   * must ask for it separately (gruntwork-io/cloud-nuke#972).
   */
  policyRoles(arn: string, usage: "PermissionsPolicy" | "PermissionsBoundary" = "PermissionsPolicy", pathPrefix = "/"): RoleRecord[] {
    this.policy(arn);
    const roles = usage === "PermissionsBoundary" ? this.rolesBoundedBy(arn) : this.rolesAttachedTo(arn);
    return roles.filter((role) => role.path.startsWith(pathPrefix)).sort((a, b) => compareOrdinal(a.name, b.name));
  }

  /**
   * DeleteRole: IAM refuses while managed policies are attached, so MLSpace detaches each one first
   * (its `remove_project_user_roles`). This endpoint has no inline policies or instance profiles,
   * which IAM would also refuse.
   */
  deleteRole(name: string): void {
    const role = this.role(name);
    if (role.attachedPolicyArns.length > 0) throw deleteConflict("Cannot delete entity, must detach all policies first.");
    this.rolesByName.delete(role.name.toLowerCase());
  }

  rolesBoundedBy(arn: string): RoleRecord[] {
    return this.allRoles().filter((role) => role.permissionsBoundary === arn);
  }

  /** IAM takes an AWS managed policy, or a customer managed policy of this account, as a boundary. */
  private checkBoundary(arn: string): void {
    const awsManaged = arn.startsWith(`arn:${this.partition}:iam::aws:policy/`);
    if (!awsManaged && !this.policiesByArn.has(arn)) throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
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

/** By UTF-16 code unit, so "Zeta" sorts before "alpha" (our reading of IAM's order; no client depends on it). */
const compareOrdinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
