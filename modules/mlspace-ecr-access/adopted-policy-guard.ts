import { DataResource, TerraformElement } from "cdktf";
import { Construct } from "constructs";

/**
 * An adopted policy (import_arn, edited in place) is MLSpace's: its CloudFormation stack owns it,
 * roles hold it, and IAM deletes its older versions before it refuses DeletePolicy on an attached
 * policy. No destroy may reach it. `prevent_destroy` cannot depend on an input, so each adopted
 * policy gets a guard that can never be destroyed: any plan that would destroy the guards, as every
 * destroy does, stops before anything is applied, and the guard's key says which policy and the way
 * out. `npm run release` gives the policies back and forgets them and their guards.
 */
export const GUARD_ADDRESS = "terraform_data.adopted_policy_guard";

/** The message each guard's key carries: the error Terraform prints names the resource by it. */
export const guardKey = (arn: string) => `${arn} is MLSpace's, adopted: never destroyed; to take this project out, run npm run release`;

export function guardAdoptedPolicies(scope: Construct, named: <T extends TerraformElement>(element: T, name: string) => T): void {
  const guard = named(new DataResource(scope, "adopted-policy-guard", { lifecycle: { preventDestroy: true } }), "adopted_policy_guard");
  // "${arn}" stays a Terraform interpolation inside the key's string.
  guard.addOverride("for_each", `\${{ for k, arn in local.live_policy_arns : "${guardKey("${arn}")}" => k }}`);
  guard.addOverride("input", "${each.value}");
}
