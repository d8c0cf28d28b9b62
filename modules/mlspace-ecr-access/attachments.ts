import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamPolicyAttachment } from "@cdktf/provider-aws/lib/iam-policy-attachment";
import { TerraformElement, TerraformStack } from "cdktf";
import { Construct } from "constructs";

type Named = <T extends TerraformElement>(element: T, name: string) => T;

/**
 * Attach mode's attachments: the separate ECR policy is attached to exactly `roles` (an HCL set
 * expression) by one `aws_iam_policy_attachment`, and to none when `attach_to_roles` is empty (the
 * policy is then MLSpace's own, edited in place, and its attachments stay MLSpace's).
 *
 * Exclusive, because roles come and go outside Terraform: MLSpace copies the notebook role's
 * managed policies onto each project-user role it creates and, at every MLSpace deploy, onto every
 * existing one, and detaches them all before it deletes a role. Each refresh reads every role the
 * policy is attached to (ListEntitiesForPolicy) into the state, so a plan shows each role that
 * gains or loses it, detaches it from roles outside `roles` and attaches it to the missing ones; a
 * role that holds it already is no change. A destroy detaches it from every role in the refreshed
 * state before DeletePolicy, which IAM refuses while the policy is attached anywhere; a role
 * deleted meanwhile is skipped (its DetachRolePolicy answers NoSuchEntity, which the provider
 * ignores). The policy's own delete waits for this one: the attachment references its ARN.
 */
export function attachExclusively(scope: Construct, key: "app" | "notebook", policy: IamPolicy, settings: string, roles: string, named: Named): IamPolicyAttachment {
  const attachment = named(new IamPolicyAttachment(scope, `attachment-${key}`, { name: policy.name, policyArn: policy.arn }), key);
  attachment.addOverride("count", `\${length(${settings}.attach_to_roles) > 0 ? 1 : 0}`);
  attachment.addOverride("roles", `\${${roles}}`);
  return attachment;
}

/**
 * What releases before the exclusive attachment wrote: an `aws_iam_role_policy_attachment` per
 * role. Upgrading forgets their state entries and never destroys them (which would detach), and the
 * exclusive attachment takes the same roles over, where AttachRolePolicy of a policy already
 * attached changes nothing: an upgrade detaches nothing.
 */
export const PER_ROLE_ATTACHMENTS = ["app", "notebook", "notebook_project_user_roles"].map((name) => `aws_iam_role_policy_attachment.${name}`);

/**
 * `removed` blocks for the per-role attachments (Terraform 1.7, in the root module or any module);
 * where those addresses are not in state they do nothing. Module-relative, so written once for the
 * stack and the generated module alike.
 */
export function forgetPerRoleAttachments(scope: Construct): void {
  TerraformStack.of(scope).addOverride(
    "removed",
    PER_ROLE_ATTACHMENTS.map((from) => ({ from, lifecycle: { destroy: false } })),
  );
}
