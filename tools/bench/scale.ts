import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { INPUTS, MANAGED_POLICY_SIZE_LIMIT, renderPolicies } from "../../modules/mlspace-ecr-access";
import { OFFLINE_AWS_ENVIRONMENT } from "../terraform/offline-plan";
import { synthesizeOfflineStack } from "../terraform/offline-stack";
import { terraformEnvironment, terraformOrThrow } from "../terraform/terraform-cli";
import { seconds, timeCommand } from "./measure";
import { repositoryNames } from "./repositories";

const ENVIRONMENT = { partition: "aws", region: "us-east-1", accountId: "123456789012" };
const defaults = Object.fromEntries(INPUTS.map((input) => [input.name, input.default]));

/** Read access to 1, 10, 100 and 1,000 repositories: size per repository, synth and plan time. */
export function scaleReport(root: string, counts = [1, 10, 100, 1000]): void {
  const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
  const appSize = (names: string[]) =>
    renderPolicies({ ...defaults, partition: "aws", region: "us-east-1", account_id: "123456789012", read_repositories: names }, ENVIRONMENT).app.size;
  const oneRepositorySize = appSize(repositoryNames(1));
  const stack = synthesizeOfflineStack(mkdtempSync(join(tmpdir(), "mlspace-ecr-access-scale-")));
  const terraformEnv = { ...terraformEnvironment(), ...OFFLINE_AWS_ENVIRONMENT };
  terraformOrThrow(["init", "-input=false"], stack, terraformEnv);

  console.log("\nScale: read access to N repositories (App policy without a base; names like mlspace-team-0001/trainer)");
  console.log("  N      App size  chars/repository  fits 6,144  synth with N literal inputs          terraform plan (up to the size check)");
  for (const count of counts) {
    const names = repositoryNames(count);
    const size = appSize(names);
    // What each repository after the first adds: its ARN in the Read statement.
    const perRepository = count > 1 ? ((size - oneRepositorySize) / (count - 1)).toFixed(1) : "-";
    const outdir = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-scale-synth-"));
    // Over the budget the literal synth stops with the size error, which is what is timed then.
    const synth = timeCommand("node", ["--require", "sucrase/register/ts", join(root, "tools", "bench", "synth-literal.ts"), String(count), outdir], {
      runs: 3,
      cwd: root,
      env,
      allowFailure: size > MANAGED_POLICY_SIZE_LIMIT,
    });
    const varFile = join(stack, `scale-${count}.tfvars.json`);
    writeFileSync(varFile, JSON.stringify({ partition: "aws", region: "us-east-1", account_id: "123456789012", read_repositories: names }));
    const plan = timeCommand("terraform", ["plan", "-input=false", "-lock=false", `-var-file=${varFile}`], { runs: 1, cwd: stack, env: terraformEnv, allowFailure: size > MANAGED_POLICY_SIZE_LIMIT });
    console.log(
      `  ${String(count).padEnd(6)} ${String(size).padEnd(9)} ${perRepository.padEnd(17)} ${(size <= MANAGED_POLICY_SIZE_LIMIT ? "yes" : "no").padEnd(11)} ${seconds(synth).padEnd(36)} ${seconds(plan)}`,
    );
  }
}
