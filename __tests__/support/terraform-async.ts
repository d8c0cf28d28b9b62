import { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertTerraformInstalled, terraformEnvironment, TerraformResult } from "../../tools/terraform/terraform-cli";
import { runTerraformStreamed } from "../../tools/terraform/terraform-stream";
import { trustInstalledProviders } from "./provider-checksums";
import { withServedSchemaHint } from "./provider-schema-proxy/served-schema";
import { ReattachedProvider, startReattachedProvider } from "./reattached-provider";

/**
 * The Terraform CLI run without blocking Node's event loop, for tests whose Terraform talks to a
 * server in the same process (tools/terraform's `terraform` uses spawnSync, which would deadlock).
 */
export function runTerraform(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  onStart: (child: ChildProcess) => void = () => undefined,
): Promise<TerraformResult> {
  return runTerraformStreamed(args, cwd, env, { onStart });
}

/**
 * A root module that tests apply for real against a local endpoint. Every inherited `AWS_*`
 * variable is dropped, so a developer's own profile or credentials can never reach AWS from here.
 */
export class AsyncTerraformRoot {
  readonly env: NodeJS.ProcessEnv;
  private readonly running = new Set<ChildProcess>();
  private readonly provider?: ReattachedProvider;

  constructor(
    readonly directory: string,
    awsEnvironment: Record<string, string>,
  ) {
    assertTerraformInstalled();
    const inherited = Object.entries(terraformEnvironment()).filter(([name]) => !name.startsWith("AWS_"));
    this.env = { ...Object.fromEntries(inherited), ...awsEnvironment };
    this.provider = startReattachedProvider(this.env);
    Object.assign(this.env, this.provider?.environment);
  }

  /** Runs Terraform and rejects with its whole output on an exit code not in `okCodes`. */
  async run(args: string[], okCodes = [0]): Promise<TerraformResult> {
    const result = await runTerraform(args, this.directory, this.env, (child) => {
      this.running.add(child);
      child.once("close", () => this.running.delete(child));
    });
    if (!okCodes.includes(result.code)) {
      throw new Error(withServedSchemaHint(`terraform ${args[0]} exited ${result.code} in ${this.directory}:\n${result.stderr}\n${result.stdout}`));
    }
    return result;
  }

  async init(): Promise<TerraformResult> {
    const result = await this.run(["init", "-input=false"]);
    trustInstalledProviders(this.directory);
    return result;
  }

  /** `terraform apply -auto-approve` with these variables; a failed apply is returned, not thrown. */
  apply(variables: Record<string, unknown>): Promise<TerraformResult> {
    return this.run(["apply", "-auto-approve", "-input=false", this.varFile(variables)], [0, 1]);
  }

  /** `terraform plan -detailed-exitcode`: 0 no changes, 2 changes. */
  async plan(variables: Record<string, unknown>): Promise<number> {
    return (await this.run(["plan", "-detailed-exitcode", "-input=false", this.varFile(variables)], [0, 2])).code;
  }

  /** A plan's exit code and its `terraform show -json`, for reading the planned changes. */
  async planJson(variables: Record<string, unknown>): Promise<{ code: number; json: any }> {
    const { code } = await this.run(["plan", "-detailed-exitcode", "-input=false", this.varFile(variables), "-out=check.tfplan"], [0, 2]);
    return { code, json: JSON.parse((await this.run(["show", "-json", "check.tfplan"])).stdout) };
  }

  /** `terraform show -json` of the state. */
  async state(): Promise<any> {
    return JSON.parse((await this.run(["show", "-json"])).stdout);
  }

  destroy(variables: Record<string, unknown>): Promise<TerraformResult> {
    return this.run(["destroy", "-auto-approve", "-input=false", this.varFile(variables)]);
  }

  /**
   * Stops any Terraform still running (a test that timed out): against a stopped endpoint the
   * provider would otherwise retry for many minutes. A first interrupt waits for the provider's
   * call in progress, retries and all; the second makes Terraform exit at once and end its
   * provider plugins; SIGKILL only if it has not exited after 15 s.
   */
  async stop(): Promise<void> {
    await this.interrupt();
    this.provider?.stop();
  }

  async interrupt(): Promise<void> {
    await Promise.all(
      [...this.running].map(
        (child) =>
          new Promise<void>((resolve) => {
            const timers = [setTimeout(() => child.kill("SIGINT"), 1000), setTimeout(() => child.kill("SIGKILL"), 15000)];
            child.once("close", () => {
              timers.forEach(clearTimeout);
              resolve();
            });
            child.kill("SIGINT");
          }),
      ),
    );
  }

  private varFile(variables: Record<string, unknown>): string {
    const file = join(this.directory, "run.tfvars.json");
    writeFileSync(file, JSON.stringify(variables));
    return `-var-file=${file}`;
  }
}
