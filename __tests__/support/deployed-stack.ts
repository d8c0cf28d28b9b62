import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { POLICY_KEYS, PolicyKey } from "../../modules/mlspace-ecr-access";
import type { PolicySnapshot } from "./iam-endpoint";
import { runTerraform } from "./terraform-async";
import type { PlanJson } from "./terraform-project";

/**
 * What Terraform holds of a deployed stack: the local state file, read as the JSON Terraform writes
 * (format version 4), and the plan `cdktf diff` leaves in the stack's folder (a file named "plan"),
 * read with `terraform show -json`. The state is read from its file rather than through
 * `terraform show -json`: the file is what the next run reads, and each Terraform run costs
 * seconds of starting the AWS provider.
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
    readonly statePath: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The state file, parsed; throws, naming the file, when it is missing, empty or cut short. */
  stateFile(): { serial: number; resources: StateResource[] } {
    if (!existsSync(this.statePath)) throw new Error(`No state file at ${this.statePath}: no deploy has written one.`);
    const text = readFileSync(this.statePath, "utf8");
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`The state file ${this.statePath} is not whole JSON (${text.length} characters: ${(error as Error).message}).`);
    }
  }

  /** The stack's policies in the state, by key; a policy not in the state is absent. */
  policies(): Partial<Record<PolicyKey, PolicyInState>> {
    return policiesInState(this.stateFile());
  }

  /** Forgets the last diff's plan, so a diff that writes none cannot be read as its plan. */
  clearDiffPlan(): void {
    rmSync(join(this.stackDirectory, DIFF_PLAN_FILE), { force: true });
  }

  /** `terraform show -json` of the plan the last `cdktf diff` saved. */
  async diffPlan(): Promise<PlanJson> {
    if (!existsSync(join(this.stackDirectory, DIFF_PLAN_FILE))) throw new Error(`cdktf diff saved no plan in ${this.stackDirectory}.`);
    const result = await runTerraform(["show", "-json", DIFF_PLAN_FILE], this.stackDirectory, this.env);
    if (result.code !== 0) throw new Error(`terraform show -json ${DIFF_PLAN_FILE} failed (exit ${result.code}):\n${result.stderr}`);
    return JSON.parse(result.stdout);
  }
}

/** A resource as the state file records it: its address's parts, and one instance per index. */
export interface StateResource {
  mode: "managed" | "data";
  type: string;
  name: string;
  instances: { index_key?: string | number; attributes: Record<string, any> }[];
}

export function policiesInState(state: { resources: StateResource[] }): Partial<Record<PolicyKey, PolicyInState>> {
  const policies: Partial<Record<PolicyKey, PolicyInState>> = {};
  for (const key of POLICY_KEYS) {
    const resource = state.resources.find((r) => r.mode === "managed" && r.type === "aws_iam_policy" && r.name === key);
    if (!resource) continue;
    if (resource.instances.length !== 1) throw new Error(`aws_iam_policy.${key} has ${resource.instances.length} instances in the state; the stack makes one.`);
    const values = resource.instances[0].attributes;
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
