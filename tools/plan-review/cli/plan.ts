/**
 * `npm run plan`: synthesizes the app (the deployable stack, or one per install of the installs
 * file), plans each with Terraform (the AWS provider's usual credentials, or the install's profile
 * or role; the state backend of MLSPACE_ECR_ACCESS_STATE_*, or the install's), and writes the plans,
 * their JSON and one Markdown review of what changes in IAM to out/plan/ (see --help). Terraform's
 * output is shown as it runs (an install's lines prefixed with [install]: installs are planned side
 * by side, --parallel at most); a failure exits with Terraform's exit code.
 */
import { join } from "node:path";
import { PROJECT_ROOT } from "../../project-root";
import { parsePlanOptions, PLAN_USAGE } from "./plan-options";
import { runPlan } from "./plan-run";

const root = PROJECT_ROOT;

async function main(): Promise<number> {
  let options;
  try {
    options = parsePlanOptions(process.argv.slice(2), process.cwd(), join(root, "out", "plan"));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${PLAN_USAGE}`);
    return 2;
  }
  if (options === "help") {
    console.log(PLAN_USAGE);
    return 0;
  }
  return runPlan(options, {
    root,
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    say: (line) => console.log(line),
    terraformStdout: (text) => process.stdout.write(text),
    terraformStderr: (text) => process.stderr.write(text),
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exitCode = 1;
  },
);
