import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { addStacks } from "../../stacks/app-stacks";
import { PROJECT_ROOT } from "../project-root";
import { terraformEnvironment } from "../terraform/terraform-cli";
import { runTerraformStreamed } from "../terraform/terraform-stream";
import { releasePlan } from "./release-plan";

/**
 * `npm run release [-- --var-file F | --install NAME…]`: takes this project out of an install
 * without deleting MLSpace's policies. For each stack: (1) a targeted apply gives each adopted
 * policy back its live document without our statements, as one new default version; (2) the state
 * forgets those policies and their guards; (3) a destroy removes what this project created (attach
 * mode's policies and their attachments). Run again, it does the same and changes nothing.
 */

class ReleaseError extends Error {}

function argumentsOf(argv: string[]): { varFile?: string; installs: string[] } {
  const installs: string[] = [];
  let varFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--var-file") varFile = argv[++i];
    else if (argv[i] === "--install") installs.push(argv[++i]);
    else throw new ReleaseError(`Unknown argument ${argv[i]}: give --var-file F for the single stack, or --install NAME (repeatable) for installs.json.`);
  }
  if (varFile && installs.length) throw new ReleaseError("Give --var-file for the single stack or --install for installs, not both.");
  if (varFile && !existsSync(varFile)) throw new ReleaseError(`--var-file ${varFile}: no such file. Give the variables file the stack was deployed with.`);
  return { varFile, installs };
}

/** The stack's variable values: its synthesized defaults, then the var file's. */
function stackValues(directory: string, varFile?: string): Record<string, unknown> {
  const synthesized = JSON.parse(readFileSync(join(directory, "cdk.tf.json"), "utf8")) as { variable?: Record<string, { default?: unknown }> };
  const defaults = Object.fromEntries(Object.entries(synthesized.variable ?? {}).map(([name, variable]) => [name, variable.default]));
  return { ...defaults, ...(varFile ? JSON.parse(readFileSync(varFile, "utf8").replace(/^\uFEFF/, "")) : {}) };
}

async function step(what: string, args: string[], directory: string, env: NodeJS.ProcessEnv): Promise<void> {
  console.log(`→ ${what}: terraform ${args.filter((a) => !a.startsWith("-var-file")).join(" ")}`);
  const result = await runTerraformStreamed(args, directory, env, { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
  if (result.code !== 0) throw new ReleaseError(`${what} failed (terraform exited ${result.code}); nothing after it ran. Fix the cause above and run npm run release again: it picks up where it stopped.`);
}

async function releaseStack(name: string, directory: string, varFile: string | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  const plan = releasePlan(stackValues(directory, varFile));
  const file = (label: string, values: Record<string, unknown>) => {
    const path = join(directory, `release-${label}.tfvars.json`);
    writeFileSync(path, JSON.stringify(values));
    return `-var-file=${path}`;
  };
  console.log(`${name}: ${plan.adopted.length ? `giving back ${plan.adopted.map((a) => a.arn).join(", ")}` : "no adopted policy"}`);
  await step("init", ["init", "-input=false"], directory, env);
  if (plan.adopted.length) {
    const targets = plan.adopted.map(({ key }) => `-target=aws_iam_policy.${key}`);
    await step("give the policies back", ["apply", "-auto-approve", "-input=false", file("give-back", plan.giveBack), ...targets], directory, env);
    const inState = (await runTerraformStreamed(["state", "list"], directory, env)).stdout.split("\n");
    const forget = plan.forget.filter((address) => inState.includes(address));
    if (forget.length) await step("forget them", ["state", "rm", ...forget], directory, env);
  }
  await step("destroy what this project created", ["destroy", "-auto-approve", "-input=false", file("destroy-rest", plan.destroyRest)], directory, env);
  console.log(`✔ ${name}: released.${plan.adopted.length ? " A later deploy would adopt the policies again." : ""}`);
}

async function main(): Promise<void> {
  const { varFile, installs } = argumentsOf(process.argv.slice(2));
  const outdir = join(PROJECT_ROOT, "cdktf.out");
  const app = new App({ outdir });
  const { stacks, installsFile } = addStacks(app, process.env, PROJECT_ROOT, installs);
  if (installsFile && !installs.length) throw new ReleaseError(`${installsFile} has installs ${stacks.join(", ")}: name those to release with --install NAME.`);
  app.synth();
  const env = terraformEnvironment(process.env);
  for (const name of stacks) await releaseStack(name, join(outdir, "stacks", name), varFile, env);
}

main().catch((error: Error) => {
  console.error(error instanceof ReleaseError || !error.stack ? error.message : error.message);
  process.exit(1);
});
