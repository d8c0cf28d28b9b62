import { DataAwsIamPolicy } from "@cdktf/provider-aws/lib/data-aws-iam-policy";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { TerraformElement, TerraformLocal, TerraformOutput, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { guardAdoptedPolicies } from "./adopted-policy-guard";
import { attachExclusively, forgetPerRoleAttachments } from "./attachments";
import { CONSISTENCY_CHECKS, consistencyProblems } from "./input-consistency";
import { INPUTS, POLICIES, POLICY_KEYS, PolicyKey } from "./inputs";
import { inputProblems, MlspaceEcrAccessInputs, terraformValues } from "./literal-inputs";
import { OUTPUTS } from "./outputs";
import { policyProblems, PRECONDITIONS } from "./preconditions";
import { findProjectUserRoles } from "./project-user-roles";
import { LOCALS, lookupCount } from "./terraform-form/locals";

/** Terraform addresses are part of the contract: no construct-path hashes in them. */
function named<T extends TerraformElement>(element: T, name: string): T {
  element.overrideLogicalId(name);
  return element;
}

export class InvalidInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`mlspace-ecr-access: ${problems.length} invalid input(s):\n- ${problems.join("\n- ")}`);
    this.name = "InvalidInputError";
  }
}

/**
 * MLSpace's App, Notebook and boundary policies with the ECR statements, built from Terraform
 * variables. The rules live in the pure core next to this file; this only wires them into
 * Terraform. One per stack: its variables and outputs carry the contract's exact names.
 */
export class MlspaceEcrAccess extends Construct {
  readonly policies: Record<PolicyKey, IamPolicy>;

  constructor(scope: Construct, id: string, inputs: MlspaceEcrAccessInputs = {}) {
    super(scope, id);
    const values = terraformValues(inputs);
    const problems = inputProblems(values);
    if (!problems.length) problems.push(...consistencyProblems(values));
    if (!problems.length && (inputs.readRepositories || inputs.writeRepositories)) problems.push(...policyProblems(values));
    if (problems.length) throw new InvalidInputError(problems);

    for (const input of INPUTS) {
      const variable = named(
        new TerraformVariable(this, `variable-${input.name}`, {
          type: input.type,
          description: input.description,
          nullable: input.nullable,
          validation: input.rules.map(({ condition, errorMessage }) => ({ condition, errorMessage })),
        }),
        input.name,
      );
      // Through an override: cdktf drops a null default, which would make the variable required.
      variable.addOverride("default", values[input.name]);
    }

    named(new DataAwsPartition(this, "data-partition"), "current").addOverride("count", lookupCount("partition"));
    named(new DataAwsRegion(this, "data-region"), "current").addOverride("count", lookupCount("region"));
    named(new DataAwsCallerIdentity(this, "data-caller-identity"), "current").addOverride("count", lookupCount("account_id"));

    // An adopted policy's live document, its base at every plan (live-document.ts).
    named(new DataAwsIamPolicy(this, "data-live-policies", { arn: "${each.value}" }), "live").addOverride("for_each", "${local.live_policy_arns}");

    for (const [name, expression] of Object.entries(LOCALS)) {
      named(new TerraformLocal(this, `local-${name}`, `\${${expression}}`), name);
    }

    this.policies = {} as Record<PolicyKey, IamPolicy>;
    for (const key of POLICY_KEYS) {
      const settings = `var.${POLICIES[key].input}`;
      const policy = named(
        new IamPolicy(this, `policy-${key}`, {
          name: `\${${settings}.name}`,
          path: `\${${settings}.path}`,
          description: `\${${settings}.description}`,
          policy: `\${local.documents.${key}}`,
          lifecycle: { precondition: PRECONDITIONS[key] },
        }),
        key,
      );
      policy.addOverride("tags", "${var.tags}");
      this.policies[key] = policy;
      if (key !== "boundary") {
        // Attach mode: the separate policy on exactly these roles (none by default), with the Notebook's MLSpace project-user roles.
        const roles = key === "notebook" ? `setunion(${settings}.attach_to_roles, ${findProjectUserRoles(this, named)})` : `toset(${settings}.attach_to_roles)`;
        attachExclusively(this, key, policy, settings, roles, named);
      }
    }
    forgetPerRoleAttachments(this);
    guardAdoptedPolicies(this, named);

    for (const output of OUTPUTS) {
      const element = named(new TerraformOutput(this, `output-${output.name}`, { value: `\${${output.value}}`, description: output.description }), output.name);
      // Checks across inputs run once, where every module call evaluates them: on the documents' output.
      if (output.name === "policy_json") element.addOverride("precondition", CONSISTENCY_CHECKS.map(({ condition, errorMessage }) => ({ condition, error_message: errorMessage })));
    }
  }
}
