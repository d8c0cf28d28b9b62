import { ActionTable } from "./action";
import { enumMismatch, patternMismatch } from "./errors";
import { ManagedPolicyRecord, PolicyVersionRecord } from "./iam-account";
import { isoTimestamp } from "./ids";
import { paginate, pageEndXml } from "./pagination";
import { percentEncode } from "./percent-encoding";
import { QueryParameters } from "./query-request";
import { element, memberList, tagsXml } from "./xml";

/** IAM's customer managed policy actions, shaped as IAM's Query API answers them. */

const ENTITY_FILTERS = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"] as const;
const POLICY_USAGE_FILTERS = ["PermissionsPolicy", "PermissionsBoundary"] as const;
/** ListEntitiesForPolicy's PathPrefix: "/" alone, or printable ASCII between slashes. */
const ENTITY_PATH_PREFIX_PATTERN = /^(\/|\/[\x21-\x7e]+\/)$/;

/** An optional enum parameter: absent, or one of its values (else IAM's ValidationError). */
function oneOf<T extends string>(params: QueryParameters, name: string, member: string, allowed: readonly T[]): T | undefined {
  const value = params.optional(name);
  if (value !== undefined && !(allowed as readonly string[]).includes(value)) throw enumMismatch(value, member, allowed);
  return value as T | undefined;
}

export const POLICY_ACTIONS: ActionTable = {
  CreatePolicy: {
    service: "iam",
    handle: (params, { account }) => {
      const policy = account.createPolicy({
        name: params.required("PolicyName"),
        path: params.optional("Path"),
        document: params.required("PolicyDocument"),
        description: params.optional("Description"),
        tags: params.tags(),
      });
      return policyXml(policy, 0, 0);
    },
  },
  GetPolicy: {
    service: "iam",
    handle: (params, { account }) => {
      const policy = account.policy(params.required("PolicyArn"));
      return policyXml(policy, account.rolesAttachedTo(policy.arn).length, account.rolesBoundedBy(policy.arn).length);
    },
  },
  DeletePolicy: {
    service: "iam",
    handle: (params, { account }) => void account.deletePolicy(params.required("PolicyArn")),
  },
  GetPolicyVersion: {
    service: "iam",
    handle: (params, { account }) => {
      const arn = params.required("PolicyArn");
      const version = account.policyVersion(arn, params.required("VersionId"));
      return versionXml(version, account.policy(arn).defaultVersionId, true);
    },
  },
  ListPolicyVersions: {
    service: "iam",
    handle: (params, { account }) => {
      const policy = account.policy(params.required("PolicyArn"));
      // IAM lists the newest version first and leaves the documents out.
      const versions = [...policy.versions].reverse();
      return memberList("Versions", versions, (v) => versionFieldsXml(v, policy.defaultVersionId, false)) + element("IsTruncated", false);
    },
  },
  CreatePolicyVersion: {
    service: "iam",
    handle: (params, { account }) => {
      const arn = params.required("PolicyArn");
      const version = account.createPolicyVersion(arn, params.required("PolicyDocument"), params.boolean("SetAsDefault"));
      return versionXml(version, account.policy(arn).defaultVersionId, false);
    },
  },
  DeletePolicyVersion: {
    service: "iam",
    handle: (params, { account }) => void account.deletePolicyVersion(params.required("PolicyArn"), params.required("VersionId")),
  },
  SetDefaultPolicyVersion: {
    service: "iam",
    handle: (params, { account }) => void account.setDefaultPolicyVersion(params.required("PolicyArn"), params.required("VersionId")),
  },
  TagPolicy: {
    service: "iam",
    handle: (params, { account }) => void account.tagPolicy(params.required("PolicyArn"), params.tags()),
  },
  UntagPolicy: {
    service: "iam",
    handle: (params, { account }) => void account.untagPolicy(params.required("PolicyArn"), params.list("TagKeys")),
  },
  ListPolicyTags: {
    service: "iam",
    handle: (params, { account }) => tagsXml(account.policy(params.required("PolicyArn")).tags, true) + element("IsTruncated", false),
  },
  ListEntitiesForPolicy: {
    service: "iam",
    handle: (params, { account }) => {
      const arn = params.required("PolicyArn");
      const entity = oneOf(params, "EntityFilter", "entityFilter", ENTITY_FILTERS);
      const usage = oneOf(params, "PolicyUsageFilter", "policyUsageFilter", POLICY_USAGE_FILTERS);
      const pathPrefix = params.optional("PathPrefix") ?? "/";
      if (!ENTITY_PATH_PREFIX_PATTERN.test(pathPrefix) || pathPrefix.length > 512) {
        throw patternMismatch(pathPrefix, "pathPrefix", "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
      }
      const roles = account.policyRoles(arn, usage, pathPrefix);
      // This endpoint has roles only (no users or groups), and only customer managed policies.
      const listed = entity === undefined || entity === "Role" || entity === "LocalManagedPolicy" ? roles : [];
      const page = paginate(listed, (role) => role.name, params);
      return (
        memberList("PolicyGroups", [], () => "") +
        memberList("PolicyUsers", [], () => "") +
        memberList("PolicyRoles", page.items, (role) => element("RoleName", role.name) + element("RoleId", role.id)) +
        pageEndXml(page)
      );
    },
  },
};

function policyXml(policy: ManagedPolicyRecord, attachmentCount: number, boundaryUsageCount: number): string {
  return (
    "<Policy>" +
    element("PolicyName", policy.name) +
    element("PolicyId", policy.id) +
    element("Arn", policy.arn) +
    element("Path", policy.path) +
    element("DefaultVersionId", policy.defaultVersionId) +
    element("AttachmentCount", attachmentCount) +
    element("PermissionsBoundaryUsageCount", boundaryUsageCount) +
    element("IsAttachable", true) +
    element("Description", policy.description) +
    element("CreateDate", isoTimestamp(policy.createDate)) +
    element("UpdateDate", isoTimestamp(policy.updateDate)) +
    tagsXml(policy.tags, false) +
    "</Policy>"
  );
}

function versionXml(version: PolicyVersionRecord, defaultVersionId: string, withDocument: boolean): string {
  return `<PolicyVersion>${versionFieldsXml(version, defaultVersionId, withDocument)}</PolicyVersion>`;
}

function versionFieldsXml(version: PolicyVersionRecord, defaultVersionId: string, withDocument: boolean): string {
  return (
    (withDocument ? element("Document", percentEncode(version.document)) : "") +
    element("VersionId", version.versionId) +
    element("IsDefaultVersion", version.versionId === defaultVersionId) +
    element("CreateDate", isoTimestamp(version.createDate))
  );
}
