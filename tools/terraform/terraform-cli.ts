import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Running the real Terraform CLI from tests and scripts. Offline machines keep the AWS provider in
 * a filesystem mirror; `TF_PROVIDER_MIRROR` names it (default: /opt/tf-plugins when it exists).
 * Machines with internet need none of this and get Terraform's own configuration.
 */

export const PROVIDER_MIRROR_VARIABLE = "TF_PROVIDER_MIRROR";
const DEFAULT_MIRROR = "/opt/tf-plugins";

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function providerMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const mirror = env[PROVIDER_MIRROR_VARIABLE];
  if (mirror) {
    if (!existsSync(mirror)) throw new Error(`${PROVIDER_MIRROR_VARIABLE}=${mirror} does not exist: point it at the folder holding registry.terraform.io/hashicorp/aws/…`);
    return mirror;
  }
  return existsSync(DEFAULT_MIRROR) ? DEFAULT_MIRROR : undefined;
}

/**
 * A CLI configuration installing hashicorp/aws from the mirror. From an unpacked mirror Terraform
 * links the ~700 MB provider into each working directory instead of copying it, so no plugin
 * cache is needed (and none is used: Terraform's cache is not safe for the parallel inits of tests).
 */
export function writeCliConfig(mirror: string): string {
  const folder = join(tmpdir(), "mlspace-ecr-access-terraform");
  mkdirSync(folder, { recursive: true });
  const file = join(folder, "terraformrc");
  const content = [
    "provider_installation {",
    `  filesystem_mirror {`,
    `    path    = ${JSON.stringify(mirror)}`,
    `    include = ["registry.terraform.io/hashicorp/aws"]`,
    "  }",
    "  direct {",
    `    exclude = ["registry.terraform.io/hashicorp/aws"]`,
    "  }",
    "}",
    "",
  ].join("\n");
  // Test workers share this file: never rewrite it in place while another Terraform may read it.
  if (!existsSync(file) || readFileSync(file, "utf8") !== content) {
    const temporary = `${file}.${process.pid}`;
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  }
  return file;
}

/** The environment Terraform runs with: no phoning home, no prompts, the mirror when there is one. */
export function terraformEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
  const mirror = providerMirror(base);
  if (mirror) env.TF_CLI_CONFIG_FILE = writeCliConfig(mirror);
  return env;
}

export function assertTerraformInstalled(): void {
  const probe = spawnSync("terraform", ["version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error("Terraform is not on PATH: install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install) and run again.");
  }
}

/** The args with -no-color where the command takes it: after `state`'s own subcommand ("state list"). */
export function withoutColor(args: string[]): string[] {
  const at = args[0] === "state" ? 2 : 1;
  return [...args.slice(0, at), "-no-color", ...args.slice(at)];
}

export function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): TerraformResult {
  const result = spawnSync("terraform", withoutColor(args), { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs Terraform and throws with its whole output when it fails. */
export function terraformOrThrow(args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const result = terraform(args, cwd, env);
  if (result.code !== 0) {
    throw new Error(`terraform ${args[0]} failed (exit ${result.code}) in ${cwd}:\n${result.stderr}\n${result.stdout}`);
  }
  return result.stdout;
}
