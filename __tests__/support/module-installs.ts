import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { INPUTS } from "../../modules/mlspace-ecr-access/inputs";
import type { TerraformResult } from "../../tools/terraform/terraform-cli";
import { hclValue, MODULE_DIRECTORY } from "./hcl-root";
import { IamEndpoint, IamEndpointOptions } from "./iam-endpoint";
import { ENDPOINT_PROVIDER_BLOCK, EndpointRoot, startEndpointRoot } from "./iam-endpoint/terraform-root";
import type { PlanJson } from "./terraform-project";

/**
 * The generated module called from HCL once per install of a map given at plan (`for_each`), with the
 * real provider against a local IAM endpoint: one init, then any number of installs in each plan.
 * An install leaves out what it does not set, and the module's default applies.
 */

const ROOT = `${ENDPOINT_PROVIDER_BLOCK}
variable "installs" {
  type = any
}

module "install" {
  source   = ${hclValue(MODULE_DIRECTORY)}
  for_each = var.installs

${INPUTS.map((input) => `  ${input.name} = try(each.value.${input.name}, null)`).join("\n")}
}

output "installs" {
  value = { for name, m in module.install : name => { policy_json = m.policy_json, policy_size = m.policy_size, compaction = m.compaction } }
}
`;

export interface InstallOutputs {
  policy_json: Record<"app" | "notebook" | "boundary", string>;
  policy_size: Record<"app" | "notebook" | "boundary", number>;
  compaction: Record<"app" | "notebook" | "boundary", string[]>;
}

export class ModuleInstalls {
  private constructor(private readonly started: EndpointRoot) {}

  static async start(options: IamEndpointOptions = {}): Promise<ModuleInstalls> {
    return new ModuleInstalls(await startEndpointRoot(ROOT, options));
  }

  get endpoint(): IamEndpoint {
    return this.started.endpoint;
  }

  /** Plans the installs; the plan's JSON, with each install's outputs at hand. */
  async plan(installs: Record<string, Record<string, unknown>>): Promise<{ plan: PlanJson; outputs: Record<string, InstallOutputs> }> {
    const { json } = await this.started.root.planJson({ installs });
    return { plan: json, outputs: json.planned_values.outputs.installs.value };
  }

  /** Plans installs that must fail; Terraform's result, its messages in stderr. */
  async planFailing(installs: Record<string, Record<string, unknown>>): Promise<TerraformResult> {
    const file = join(this.started.root.directory, "failing.tfvars.json");
    writeFileSync(file, JSON.stringify({ installs }));
    return this.started.root.run(["plan", "-input=false", "-lock=false", `-var-file=${file}`], [1]);
  }

  stop(): Promise<void> {
    return this.started.stop();
  }
}
