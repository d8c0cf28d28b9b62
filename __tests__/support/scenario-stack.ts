import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { POLICIES, PolicyKey } from "../../modules/mlspace-ecr-access/inputs";
import { synthesizeOfflineStack } from "../../tools/terraform/offline-stack";
import { assertTerraformInstalled, terraformEnvironment } from "../../tools/terraform/terraform-cli";
import { runTerraformStreamed } from "../../tools/terraform/terraform-stream";
import type { PlanJson } from "../../tools/plan-review/analysis/plan-json";
import { IamEndpoint, startIamEndpoint } from "./iam-endpoint";
import { trustInstalledProviders } from "./provider-checksums";
import { ReattachedProvider, startReattachedProvider } from "./reattached-provider";

/**
 * The deployable stack applied and planned for real against a local IAM endpoint: the "before"
 * states of plan scenarios, adoption of policies created outside Terraform.
 */

let baseEnvironment: NodeJS.ProcessEnv | undefined;

/** Terraform's environment, without any inherited AWS_* variable: a developer's own credentials or profile never reach AWS from here. */
function scenarioEnvironment(): NodeJS.ProcessEnv {
  baseEnvironment ??= Object.fromEntries(Object.entries(terraformEnvironment()).filter(([name]) => !name.startsWith("AWS_")));
  return baseEnvironment;
}

/** Drops undefined values, so a scenario can leave a variable to its default. */
const defined = (variables: Record<string, unknown>) => Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== undefined));

/** Creates a managed policy in the endpoint's IAM the way an install outside Terraform would: one CreatePolicy call. */
async function createPolicy(endpoint: IamEndpoint, name: string, document: string): Promise<string> {
  const body = new URLSearchParams({ Action: "CreatePolicy", Version: "2010-05-08", PolicyName: name, Path: "/", PolicyDocument: document });
  const response = await fetch(endpoint.url, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  const xml = await response.text();
  if (!response.ok) throw new Error(`CreatePolicy ${name} failed (${response.status}): ${xml}`);
  return /<Arn>([^<]+)<\/Arn>/.exec(xml)![1];
}

/** A synthesized stack with its own state and its own endpoint, ready to apply and plan. */
export class ScenarioStack {
  private constructor(
    readonly directory: string,
    readonly endpoint: IamEndpoint,
    readonly env: NodeJS.ProcessEnv,
    private readonly provider?: ReattachedProvider,
  ) {}

  static async start(): Promise<ScenarioStack> {
    assertTerraformInstalled();
    const endpoint = await startIamEndpoint();
    const outdir = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-review-"));
    const directory = synthesizeOfflineStack(outdir);
    const env = { ...scenarioEnvironment(), ...endpoint.awsEnvironment() };
    const provider = startReattachedProvider(env);
    const stack = new ScenarioStack(directory, endpoint, { ...env, ...provider?.environment }, provider);
    try {
      await stack.run(["init", "-input=false"]);
      trustInstalledProviders(directory);
    } catch (error) {
      provider?.stop();
      await endpoint.stop(); // a listening server left behind would keep jest from exiting
      throw error;
    }
    return stack;
  }

  async run(args: string[]): Promise<string> {
    const result = await runTerraformStreamed(args, this.directory, this.env);
    if (result.code !== 0) throw new Error(`terraform ${args.join(" ")} exited ${result.code} in ${this.directory}:\n${result.stderr}\n${result.stdout}`);
    return result.stdout;
  }

  varFile(name: string, variables: Record<string, unknown>): string {
    const file = join(this.directory, `${name}.tfvars.json`);
    writeFileSync(file, JSON.stringify(defined(variables)));
    return file;
  }

  async apply(variables: Record<string, unknown>): Promise<void> {
    await this.run(["apply", "-auto-approve", "-input=false", "-lock=false", `-var-file=${this.varFile("applied", variables)}`]);
  }

  /** Creates the policies in IAM outside Terraform; returns their ARNs. */
  async createOutsideTerraform(policies: Record<PolicyKey, { name: string; document: string }>): Promise<Record<PolicyKey, string>> {
    const arns = {} as Record<PolicyKey, string>;
    for (const [key, { name, document }] of Object.entries(policies)) arns[key as PolicyKey] = await createPolicy(this.endpoint, name, document);
    return arns;
  }

  /** `terraform plan -out` with a refresh, and the plan's JSON. */
  async plan(variables: Record<string, unknown>, name = "review"): Promise<PlanJson> {
    await this.run(["plan", "-input=false", "-lock=false", `-var-file=${this.varFile(name, variables)}`, `-out=${name}.tfplan`]);
    return JSON.parse(await this.run(["show", "-json", `${name}.tfplan`])) as PlanJson;
  }

  stop(): Promise<void> {
    this.provider?.stop();
    return this.endpoint.stop();
  }
}

/** The variables with `import_arn` set in each policy's settings: the stack's own way to adopt a policy. */
export function withImports(variables: Record<string, unknown>, arns: Record<PolicyKey, string>): Record<string, unknown> {
  const adopted = { ...variables };
  for (const [key, arn] of Object.entries(arns)) {
    const input = POLICIES[key as PolicyKey].input;
    adopted[input] = { ...(variables[input] as object), import_arn: arn };
  }
  return adopted;
}

