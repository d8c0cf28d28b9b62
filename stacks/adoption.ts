import { TerraformStack } from "cdktf";
import { POLICIES, POLICY_KEYS } from "../modules/mlspace-ecr-access";

/** Import blocks with for_each (and variables in them) need Terraform 1.7. */
export const STACK_REQUIRED_VERSION = ">= 1.7.0";

/**
 * Adopting existing policies: an import block per policy whose `import_arn` input is set, so the
 * first plan imports and updates in place instead of creating a duplicate. Import blocks belong to
 * the root module, so the stack writes them; the module's callers write their own (see its README).
 * The input rules make sure the adopted name and path are kept: a change would replace the policy.
 */
export function adoptExistingPolicies(stack: TerraformStack): void {
  stack.addOverride(
    "import",
    POLICY_KEYS.map((key) => {
      const arn = `var.${POLICIES[key].input}.import_arn`;
      return { for_each: `\${${arn} == null ? [] : [${arn}]}`, to: `aws_iam_policy.${key}`, id: "${each.value}" };
    }),
  );
  stack.addOverride("terraform.required_version", STACK_REQUIRED_VERSION);
}
