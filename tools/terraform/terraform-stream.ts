import { ChildProcess, spawn } from "node:child_process";
import { TerraformResult, withoutColor } from "./terraform-cli";

/**
 * The Terraform CLI run without blocking Node's event loop, its output passed on as it comes (so a
 * user sees progress while Terraform works) and also kept whole for the result.
 */

export interface OutputSinks {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Called with the started process, e.g. to stop it later. */
  onStart?: (child: ChildProcess) => void;
}

export function runTerraformStreamed(args: string[], cwd: string, env: NodeJS.ProcessEnv, sinks: OutputSinks = {}): Promise<TerraformResult> {

  return new Promise((resolve, reject) => {
    const child = spawn("terraform", withoutColor(args), { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    sinks.onStart?.(child);
    const stdout: string[] = [];
    const stderr: string[] = [];
    // Decoded as streams, so a character split between two chunks stays whole.
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (text: string) => {
      stdout.push(text);
      sinks.stdout?.(text);
    });
    child.stderr.on("data", (text: string) => {
      stderr.push(text);
      sinks.stderr?.(text);
    });
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ENOENT" ? new Error("Terraform is not on PATH: install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install) and run again.") : error),
    );
    child.on("close", (code) => resolve({ code: code ?? 1, stdout: stdout.join(""), stderr: stderr.join("") }));
  });
}
