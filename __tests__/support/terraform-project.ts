import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OFFLINE_AWS_ENVIRONMENT } from "../../tools/terraform/offline-plan";
import { synthesizeOfflineStack } from "../../tools/terraform/offline-stack";
import { assertTerraformInstalled, terraform, terraformEnvironment, terraformOrThrow, TerraformResult } from "../../tools/terraform/terraform-cli";
import { trustInstalledProviders } from "./provider-checksums";
import { withServedSchemaHint } from "./provider-schema-proxy/served-schema";
import { offlineProvider } from "./reattached-provider";

/** `terraform show -json` of a saved plan: the parts the tests read. */
export interface PlanJson {
  resource_changes?: { address: string; change: { actions: string[]; before: any; after: any }; importing?: unknown }[];
  planned_values: { outputs?: Record<string, { value: any }> };
  [other: string]: unknown;
}

/**
 * A Terraform working directory that tests init once and plan many times, reattaching to the test
 * file's offline provider unless `extraEnv` names one (TF_REATTACH_PROVIDERS).
 */
export class TerraformProject {
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly directory: string, extraEnv: Record<string, string> = {}) {
    assertTerraformInstalled();
    this.env = { ...terraformEnvironment(), ...OFFLINE_AWS_ENVIRONMENT, ...extraEnv };
    delete this.env.AWS_PROFILE;
    if (!extraEnv.TF_REATTACH_PROVIDERS) Object.assign(this.env, offlineProvider(this.env));
  }

  init(): this {
    terraformOrThrow(["init", "-input=false"], this.directory, this.env);
    trustInstalledProviders(this.directory);
    return this;
  }

  validate(): void {
    const result = terraform(["validate"], this.directory, this.env);
    if (result.code !== 0) throw new Error(withServedSchemaHint(`terraform validate failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`));
  }

  /** Plans with the given variable values; a failed plan comes back as its result, not a throw. */
  tryPlan(variables: Record<string, unknown>, name = "plan"): { result: TerraformResult; show?: PlanJson } {
    const varFile = join(this.directory, `${name}.tfvars.json`);
    writeFileSync(varFile, JSON.stringify(variables));
    const planFile = `${name}.tfplan`;
    const result = terraform(["plan", "-input=false", "-lock=false", `-var-file=${varFile}`, `-out=${planFile}`], this.directory, this.env);
    if (result.code !== 0) return { result };
    const show = JSON.parse(terraformOrThrow(["show", "-json", planFile], this.directory, this.env)) as PlanJson;
    return { result, show };
  }

  plan(variables: Record<string, unknown>, name = "plan"): PlanJson {
    const { result, show } = this.tryPlan(variables, name);
    if (!show) throw new Error(withServedSchemaHint(`terraform plan failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`));
    return show;
  }
}

/** The deployable stack as `cdktf synth` writes it, made plannable offline. */
export function synthesizeDeployableStack(): TerraformProject {
  return new TerraformProject(synthesizeOfflineStack(mkdtempSync(join(tmpdir(), "mlspace-ecr-access-synth-"))));
}

export function plannedDocuments(plan: PlanJson): Record<"app" | "notebook" | "boundary", any> {
  const json = plan.planned_values.outputs?.policy_json?.value as Record<string, string>;
  return {
    app: JSON.parse(json.app),
    notebook: JSON.parse(json.notebook),
    boundary: JSON.parse(json.boundary),
  };
}
