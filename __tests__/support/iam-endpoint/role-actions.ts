import { ActionTable } from "./action";
import { isoTimestamp } from "./ids";
import { percentEncode } from "./percent-encoding";
import { element, memberList } from "./xml";

/** Attaching managed policies to roles, which tests seed (this endpoint does not create roles). */

export const ROLE_ACTIONS: ActionTable = {
  AttachRolePolicy: {
    service: "iam",
    handle: (params, { account }) => void account.attachRolePolicy(params.required("RoleName"), params.required("PolicyArn")),
  },
  DetachRolePolicy: {
    service: "iam",
    handle: (params, { account }) => void account.detachRolePolicy(params.required("RoleName"), params.required("PolicyArn")),
  },
  ListAttachedRolePolicies: {
    service: "iam",
    handle: (params, { account }) => {
      const role = account.role(params.required("RoleName"));
      const attached = role.attachedPolicyArns.map((arn) => account.policy(arn));
      return (
        memberList("AttachedPolicies", attached, (policy) => element("PolicyName", policy.name) + element("PolicyArn", policy.arn)) +
        element("IsTruncated", false)
      );
    },
  },
  GetRole: {
    service: "iam",
    handle: (params, { account }) => {
      const role = account.role(params.required("RoleName"));
      return (
        "<Role>" +
        element("Path", role.path) +
        element("RoleName", role.name) +
        element("RoleId", role.id) +
        element("Arn", role.arn) +
        element("CreateDate", isoTimestamp(role.createDate)) +
        element("AssumeRolePolicyDocument", percentEncode(role.assumeRolePolicyDocument)) +
        element("MaxSessionDuration", 3600) +
        "</Role>"
      );
    },
  },
};
