import { ActionTable } from "./action";
import { patternMismatch } from "./errors";
import { paginate, pageEndXml } from "./pagination";
import { roleXml } from "./role-xml";
import { element, memberList } from "./xml";

/** Reading roles, which tests seed (this endpoint does not create them), and attaching managed policies to them. */

/** ListRoles' PathPrefix: a slash, then printable ASCII. */
const PATH_PREFIX_PATTERN = /^\/[\x21-\x7f]*$/;

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
    handle: (params, { account }) => `<Role>${roleXml(account.role(params.required("RoleName")), "full")}</Role>`,
  },
  ListRoles: {
    service: "iam",
    handle: (params, { account }) => {
      const pathPrefix = params.optional("PathPrefix") ?? "/";
      if (!PATH_PREFIX_PATTERN.test(pathPrefix) || pathPrefix.length > 512) {
        throw patternMismatch(pathPrefix, "pathPrefix", "\\u002F[\\u0021-\\u007F]*");
      }
      const page = paginate(account.listRoles(pathPrefix), (role) => role.name, params);
      return memberList("Roles", page.items, (role) => roleXml(role, "listed")) + pageEndXml(page);
    },
  },
};
