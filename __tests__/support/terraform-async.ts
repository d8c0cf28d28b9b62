import { spawn } from "node:child_process";
import { TerraformResult } from "../../scripts/lib/terraform-cli";

/**
 * Runs the Terraform CLI without blocking Node's event loop, for tests whose Terraform talks to a
 * server in the same process (scripts/lib's `terraform` uses spawnSync, which would deadlock).
 */
export function runTerraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TerraformResult> {
  const [command, ...rest] = args;
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [command, "-no-color", ...rest], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }),
    );
  });
}

/** Runs Terraform and rejects with its whole output when it exits with a code not in `okCodes`. */
export async function runTerraformOrThrow(args: string[], cwd: string, env: NodeJS.ProcessEnv, okCodes = [0]): Promise<TerraformResult> {
  const result = await runTerraform(args, cwd, env);
  if (!okCodes.includes(result.code)) {
    throw new Error(`terraform ${args.join(" ")} exited ${result.code} in ${cwd}:\n${result.stderr}\n${result.stdout}`);
  }
  return result;
}
