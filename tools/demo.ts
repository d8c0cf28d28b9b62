/**
 * The quick start's main job: synthesizes the deployable stack and has the real Terraform plan it
 * offline on the README's recommended setup for a stock MLSpace install (MLSpace's three default
 * documents as bases; shared and per-user read repositories, per-project write repositories, owned
 * by their tags; the Notebook ECR policy in attach mode), then
 * prints what each policy gains and how much of IAM's size budget is left. Nothing is applied and
 * no AWS call is made.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CEILING_SID, MANAGED_POLICY_SIZE_LIMIT, OWNED_SIDS, POLICIES, POLICY_KEYS, PolicyStatement } from "../modules/mlspace-ecr-access";
import { OFFLINE_AWS_ENVIRONMENT } from "./terraform/offline-plan";
import { synthesizeOfflineStack } from "./terraform/offline-stack";
import { recommendedInstall } from "./mlspace-installs";
import { PROJECT_ROOT } from "./project-root";
import { assertTerraformInstalled, terraformEnvironment, terraformOrThrow } from "./terraform/terraform-cli";

const outdir = join(PROJECT_ROOT, "out", "demo");

/** The recommended setup, less role discovery: that asks IAM for MLSpace's project-user roles, and the demo makes no AWS call. */
const RECOMMENDED = recommendedInstall("commercial");
export const EXAMPLE_INPUTS = { ...RECOMMENDED, notebook_policy: { ...(RECOMMENDED.notebook_policy as object), attach_to_project_user_roles: false } };

/** What this project added to a document: its own statements, and the ECR actions on the ceiling's host. */
function additions(document: { Statement: PolicyStatement[] }): string[] {
  return document.Statement.flatMap((statement) => {
    const actions = [statement.Action].flat() as string[];
    if (statement.Sid === CEILING_SID) {
      return [`~ ${statement.Sid}: MLSpace's own Allow on "*", plus ${actions.filter((a) => a.startsWith("ecr:")).join(", ")} (the boundary's ECR ceiling)`];
    }
    if (!OWNED_SIDS.includes(statement.Sid ?? "")) return [];
    const owners = Object.entries(Object.values(statement.Condition ?? {})[0] ?? {}).map(([key, value]) => `${key} = ${value}`);
    return [`+ ${statement.Sid}: ${actions.join(", ")}`, `    on ${[statement.Resource].flat().join(", ")}`, ...(owners.length ? [`    where ${owners.join(" and ")} (any case)`] : [])];
  });
}

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
    const steps = outputs.compaction.value[key] as string[];
    console.log(`  size ${size} of ${MANAGED_POLICY_SIZE_LIMIT} characters (${MANAGED_POLICY_SIZE_LIMIT - size} left)${steps.length ? `; compaction: ${steps.join(", ")}` : ""}`);
    for (const line of additions(document)) console.log(`  ${line}`);
  }
  console.log(
    "\n${aws:PrincipalTag/project} and ${aws:PrincipalTag/user} are each project-user role's own MLSpace tags, compared with the repository's own tags " +
      "(aws:ResourceTag/…) or, to create one, the tags the request gives it (aws:RequestTag/…): one statement serves every project and user, whatever their names.",
  );
  console.log("The Notebook ECR policy is attached to the notebook role here; a real install also sets attach_to_project_user_roles (see the README), which reads MLSpace's roles from IAM.");
  console.log(`\nInputs: ${relative(process.cwd(), varFile)}; plan: ${relative(process.cwd(), join(stack, "demo.tfplan"))}`);
}

main();
