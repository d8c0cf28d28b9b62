import { DataAwsIamRole } from "@cdktf/provider-aws/lib/data-aws-iam-role";
import { DataAwsIamRoles } from "@cdktf/provider-aws/lib/data-aws-iam-roles";
import { TerraformElement, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { hcl } from "./input-rule";

/** The tag MLSpace's CDK stack gives its own roles as their user (awslabs/mlspace, bin/mlspace-cdk.ts). */
export const MLSPACE_APPLICATION_USER = "MLSpaceApplication";

const settings = "var.notebook_policy";
const find = `${settings}.attach_to_project_user_roles`;

/**
 * Which listed role is one of MLSpace's project-user roles: under this permission boundary (the
 * same ARN in the role's own partition and account), with the project and user tags, and not one of
 * MLSpace's application roles, as MLSpace's own `find_dynamic_user_roles` tells them apart.
 */
const isProjectUserRole =
  `r.permissions_boundary == "arn:\${split(":", r.arn)[1]}:iam::\${split(":", r.arn)[4]}:policy\${var.permission_boundary.path}\${var.permission_boundary.name}" && ` +
  `contains(keys(r.tags), var.principal_tag_keys.project) && contains(keys(r.tags), var.principal_tag_keys.user) && ` +
  `lookup(r.tags, var.principal_tag_keys.user, "") != ${hcl(MLSPACE_APPLICATION_USER)}`;

/**
 * MLSpace's project-user roles, found at every plan for attach mode's Notebook ECR policy (ListRoles,
 * then GetRole for their tags and boundary); returns the HCL expression of their names, less the
 * roles of attach_to_roles. MLSpace copies the notebook role's managed policies onto a project-user
 * role when it creates it and, at each MLSpace deploy, onto every existing one; the roles found here
 * are what the exclusive attachment (attachments.ts) keeps the policy on, so a role MLSpace created
 * with the policy since the last apply is no change, and one it deleted is gone from both. Nothing
 * is read unless `attach_to_project_user_roles` is set.
 */
export function findProjectUserRoles(scope: Construct, named: <T extends TerraformElement>(element: T, name: string) => T): string {
  const listed = named(new DataAwsIamRoles(scope, "data-project-user-role-names", { nameRegex: `\${${settings}.project_user_role_name_regex}` }), "project_user_roles");
  listed.addOverride("count", `\${${find} ? 1 : 0}`);
  const roles = named(new DataAwsIamRole(scope, "data-project-user-role", { name: "${each.key}" }), "project_user_roles");
  roles.addOverride("for_each", `\${${find} ? toset(one(data.aws_iam_roles.project_user_roles[*].names)) : toset([])}`);
  named(
    new TerraformLocal(scope, "local-project-user-roles", `\${toset([for name, r in data.aws_iam_role.project_user_roles : name if ${isProjectUserRole} && !contains(${settings}.attach_to_roles, name)])}`),
    "project_user_roles",
  );
  return "local.project_user_roles";
}
