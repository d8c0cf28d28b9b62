import { assertTerraformInstalled, providerMirror, terraformEnvironment } from "../../tools/terraform/terraform-cli";
import { CliProcess, CliResult, startCli } from "./cli-process";

/**
 * The cdktf CLI (`npx cdktf deploy|diff|destroy …`) run in a project folder exactly as a user types
 * it, against a local endpoint. Inherited variables that could send it elsewhere are dropped: every
 * `AWS_*` (a developer's own profile or credentials must never reach AWS from here), the state
 * backend's `MLSPACE_ECR_ACCESS_*` and Terraform's `TF_VAR_*`.
 */
const NOT_INHERITED = /^(AWS_|MLSPACE_ECR_ACCESS_|TF_VAR_)/;

export class CdktfCli {
  readonly env: NodeJS.ProcessEnv;
  private readonly running = new Set<CliProcess>();

  constructor(
    readonly projectDirectory: string,
    awsEnvironment: Record<string, string>,
  ) {
    assertTerraformInstalled();
    const inherited = Object.entries(terraformEnvironment()).filter(([name]) => !NOT_INHERITED.test(name));
    this.env = {
      ...Object.fromEntries(inherited),
      ...awsEnvironment,
      // No colours from cdktf (it still draws its progress lines; the results strip them).
      FORCE_COLOR: "0",
      // With a mirror, Terraform links the provider from it: cdktf would otherwise point
      // TF_PLUGIN_CACHE_DIR at ~/.terraform.d/plugin-cache, shared, outside the test's folders and
      // not safe for the parallel inits of tests.
      ...(providerMirror() ? { CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1" } : {}),
    };
  }

  /** `npx cdktf <args>`, started; the caller waits for `result` or kills it. */
  start(args: string[]): CliProcess {
    const run = startCli("npx", ["cdktf", ...args], { cwd: this.projectDirectory, env: this.env });
    this.running.add(run);
    void run.result.finally(() => this.running.delete(run)).catch(() => undefined);
    return run;
  }

  /** `npx cdktf <args>` to its end; a failure is returned, not thrown, for the caller to judge. */
  run(args: string[]): Promise<CliResult> {
    return this.start(args).result;
  }

  /** Stops any run still going (a test that timed out), so no Terraform outlives the endpoint. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((run) => run.stop()));
  }
}

/** The counts of Terraform's last line after an apply, e.g. "Apply complete! Resources: 1 imported, 0 added, 2 changed, 0 destroyed." */
export function applySummary(output: string): { imported: number; added: number; changed: number; destroyed: number } | undefined {
  const match = /Apply complete! Resources: (?:(\d+) imported, )?(\d+) added, (\d+) changed, (\d+) destroyed\./.exec(output);
  if (!match) return undefined;
  const [imported, added, changed, destroyed] = match.slice(1).map((count) => Number(count ?? 0));
  return { imported, added, changed, destroyed };
}
