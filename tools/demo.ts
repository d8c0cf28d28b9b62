/**
 * The quick start's main job: synthesizes the deployable stack and has the real Terraform plan it
 * offline on built-in example inputs (MLSpace's default App and Notebook policies as bases, example
 * repositories), then prints what each policy gains and how close it is to IAM's size limit.
 * Nothing is applied and no AWS call is made.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { MANAGED_POLICY_SIZE_LIMIT, OWNED_SIDS, POLICIES, POLICY_KEYS } from "../modules/mlspace-ecr-access";
import { OFFLINE_AWS_ENVIRONMENT } from "./terraform/offline-plan";
import { synthesizeOfflineStack } from "./terraform/offline-stack";
import { mlspacePolicy } from "./mlspace-policies";
import { PROJECT_ROOT } from "./project-root";
import { assertTerraformInstalled, terraformEnvironment, terraformOrThrow } from "./terraform/terraform-cli";

const outdir = join(PROJECT_ROOT, "out", "demo");

export const EXAMPLE_INPUTS = {
  partition: "aws",
  region: "us-east-1",
  account_id: "123456789012",
  read_repositories: ["custom-repo1", "custom-repo2", "custom-repo3"],
  write_repositories: ["custom-repo1"],
  write_actions: ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage"],
  app_policy: { base_policy_json: mlspacePolicy("app-policy") },
  notebook_policy: { base_policy_json: mlspacePolicy("notebook-policy") },
};

function main(): void {
  assertTerraformInstalled();
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const stack = synthesizeOfflineStack(outdir);
  const varFile = join(outdir, "example.tfvars.json");
  writeFileSync(varFile, JSON.stringify(EXAMPLE_INPUTS, null, 2));
  const env = { ...terraformEnvironment(), ...OFFLINE_AWS_ENVIRONMENT };

  console.log(`Synthesized ${relative(process.cwd(), stack)}; terraform init and plan (offline, nothing is applied)…`);
  terraformOrThrow(["init", "-input=false"], stack, env);
  terraformOrThrow(["plan", "-input=false", `-var-file=${varFile}`, "-out=demo.tfplan"], stack, env);
  const plan = JSON.parse(terraformOrThrow(["show", "-json", "demo.tfplan"], stack, env));

  const outputs = plan.planned_values.outputs;
  for (const key of POLICY_KEYS) {
    const change = plan.resource_changes.find((c: { address: string }) => c.address === `aws_iam_policy.${key}`);
    const document = JSON.parse(outputs.policy_json.value[key]);
    const size = outputs.policy_size.value[key];
    console.log(`\n${POLICIES[key].title} "${change.change.after.name}": ${change.change.actions.join(", ")}`);
    console.log(`  size ${size} of ${MANAGED_POLICY_SIZE_LIMIT} characters (${MANAGED_POLICY_SIZE_LIMIT - size} left)`);
    for (const statement of document.Statement.filter((s: { Sid?: string }) => OWNED_SIDS.includes(s.Sid ?? ""))) {
      console.log(`  + ${statement.Sid}: ${[statement.Action].flat().join(", ")}`);
      console.log(`      on ${[statement.Resource].flat().join(", ")}`);
    }
  }
  console.log(`\nInputs: ${relative(process.cwd(), varFile)}; plan: ${relative(process.cwd(), join(stack, "demo.tfplan"))}`);
}

main();
