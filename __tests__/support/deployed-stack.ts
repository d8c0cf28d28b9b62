import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { POLICY_KEYS, PolicyKey } from "../../modules/mlspace-ecr-access";
import type { PolicySnapshot } from "./iam-endpoint";
import { runTerraform } from "./terraform-async";
import type { PlanJson } from "./terraform-project";

/**
 * What Terraform holds of a deployed stack, read back in the folder cdktf runs it in with
 * `terraform show -json`: the state, and the plan `cdktf diff` leaves there (a file named "plan").
 */

/** A policy as the state records it, the document parsed. */
export interface PolicyInState {
  key: PolicyKey;
  arn: string;
  policyId: string;
  name: string;
  path: string;
  document: unknown;
  tags: Record<string, string>;
}

/** The plan file `cdktf diff` writes into the stack's folder. */
const DIFF_PLAN_FILE = "plan";

export class DeployedStack {
  constructor(
    readonly stackDirectory: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** `terraform show -json` of the state. */
  async state(): Promise<any> {
    return this.show([]);
  }

  /** The stack's policies in the state, by key; a policy not in the state is absent. */
  async policies(): Promise<Partial<Record<PolicyKey, PolicyInState>>> {
    return policiesInState(await this.state());
  }

  /** Forgets the last diff's plan, so a diff that writes none cannot be read as its plan. */
  clearDiffPlan(): void {
    rmSync(join(this.stackDirectory, DIFF_PLAN_FILE), { force: true });
  }

  /** `terraform show -json` of the plan the last `cdktf diff` saved. */
  async diffPlan(): Promise<PlanJson> {
    if (!existsSync(join(this.stackDirectory, DIFF_PLAN_FILE))) throw new Error(`cdktf diff saved no plan in ${this.stackDirectory}.`);
    return this.show([DIFF_PLAN_FILE]);
  }

  private async show(args: string[]): Promise<any> {
    const result = await runTerraform(["show", "-json", ...args], this.stackDirectory, this.env);
    if (result.code !== 0) throw new Error(`terraform show -json ${args.join(" ")} failed (exit ${result.code}):\n${result.stderr}`);
    return JSON.parse(result.stdout);
  }
}

export function policiesInState(state: any): Partial<Record<PolicyKey, PolicyInState>> {
  const resources: any[] = state.values?.root_module?.resources ?? [];
  const policies: Partial<Record<PolicyKey, PolicyInState>> = {};
  for (const key of POLICY_KEYS) {
    const values = resources.find((resource) => resource.address === `aws_iam_policy.${key}`)?.values;
    if (!values) continue;
    policies[key] = {
      key,
      arn: values.arn,
      policyId: values.policy_id,
      name: values.name,
      path: values.path,
      document: JSON.parse(values.policy),
      tags: values.tags ?? {},
    };
  }
  return policies;
}

/** Each planned resource's actions by address, e.g. `{ "aws_iam_policy.app": ["no-op"] }`. */
export function plannedActions(plan: PlanJson): Record<string, string[]> {
  return Object.fromEntries((plan.resource_changes ?? []).map((change) => [change.address, change.change.actions]));
}

/** The same policy as the endpoint holds it, in the state's shape, for comparing the two. */
export function asInState(key: PolicyKey, policy: PolicySnapshot): PolicyInState {
  return {
    key,
    arn: policy.arn,
    policyId: policy.id,
    name: policy.name,
    path: policy.path,
    document: JSON.parse(policy.document),
    tags: policy.tags,
  };
}
