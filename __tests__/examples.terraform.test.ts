import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { terraformEnvironment } from "../tools/terraform/terraform-cli";
import { hclValue, MODULE_DIRECTORY, PROVIDER_BLOCK } from "./support/hcl-root";
import { IamEndpoint, startIamEndpoint } from "./support/iam-endpoint";
import { ReattachedProvider, startReattachedProvider } from "./support/reattached-provider";
import { runTerraform } from "./support/terraform-async";

/**
 * The HCL examples as a user runs them: in place, with only Terraform, against a local IAM/STS
 * endpoint (so partition, region and account come from the provider, as with real credentials).
 * Terraform's working data goes to a temporary folder; the examples' folders get nothing but the
 * git-ignored lock file. The plans and shows reattach to one provider started for the endpoint,
 * instead of each starting the 700 MB binary (support/reattached-provider.ts).
 */
const EXAMPLES = join(__dirname, "..", "examples");

/** Started in beforeAll for the file's one endpoint. */
let provider: ReattachedProvider | undefined;
const endpointEnvironment = (endpoint: IamEndpoint) => ({ ...terraformEnvironment(), ...endpoint.awsEnvironment() });

async function planExample(name: string, endpoint: IamEndpoint, directory = join(EXAMPLES, name)) {
  const data = mkdtempSync(join(tmpdir(), `mlspace-ecr-access-example-${name}-`));
  const env = { ...endpointEnvironment(endpoint), ...provider?.environment, TF_DATA_DIR: join(data, ".terraform") };
  const run = async (args: string[]) => {
    const result = await runTerraform(args, directory, env);
    if (result.code !== 0) throw new Error(`terraform ${args[0]} in examples/${name} exited ${result.code}:\n${result.stderr}`);
    return result.stdout;
  };
  await run(["init", "-input=false"]);
  await run(["plan", "-input=false", "-lock=false", `-out=${join(data, "plan.tfplan")}`]);
  return JSON.parse(await run(["show", "-json", join(data, "plan.tfplan")]));
}

const created = (plan: any) =>
  plan.resource_changes.filter((c: any) => c.change.actions.includes("create")).map((c: any) => [c.address, c.change.after.name]);
const statementOf = (plan: any, address: string, sid: string) =>
  JSON.parse(plan.resource_changes.find((c: any) => c.address === address).change.after.policy).Statement.find((s: any) => s.Sid === sid);

describe("the HCL examples", () => {
  let endpoint: IamEndpoint;
  beforeAll(async () => {
    endpoint = await startIamEndpoint({ accountId: "210987654321" });
    provider = startReattachedProvider(endpointEnvironment(endpoint));
  });
  afterAll(async () => {
    provider?.stop();
    await endpoint?.stop();
  });

  it("minimal: read access to two repositories, in the caller's account", async () => {
    const plan = await planExample("minimal", endpoint);
    expect(created(plan)).toEqual([
      ["module.mlspace_ecr_access.aws_iam_policy.app", "mlspace-app-policy"],
      ["module.mlspace_ecr_access.aws_iam_policy.boundary", "mlspace-project-user-permission-boundary"],
      ["module.mlspace_ecr_access.aws_iam_policy.notebook", "mlspace-notebook-policy"],
    ]);
    expect(statementOf(plan, "module.mlspace_ecr_access.aws_iam_policy.app", "MlspaceEcrAccessRead").Resource).toEqual([
      "arn:aws:ecr:us-east-1:210987654321:repository/custom-repo1",
      "arn:aws:ecr:us-east-1:210987654321:repository/custom-repo2",
    ]);
  });

  it("complete: for_each over two MLSpace environments, MLSpace's documents from files, read and write for each project", async () => {
    const plan = await planExample("complete", endpoint);
    expect(created(plan)).toHaveLength(6);
    expect(created(plan)).toContainEqual(['module.mlspace_ecr_access["prod"].aws_iam_policy.boundary', "mlspace-prod-project-user-permission-boundary"]);
    expect(statementOf(plan, 'module.mlspace_ecr_access["dev"].aws_iam_policy.notebook', "MlspaceEcrAccessWrite")).toEqual({
      Sid: "MlspaceEcrAccessWrite",
      Effect: "Allow",
      // Write implies read: the pulls ride on the Write statement, before the four pushes the example gives.
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"],
      Resource: "arn:aws:ecr:us-east-1:210987654321:repository/dev/projects/${aws:PrincipalTag/project}/*",
    });
    // MLSpace's own boundary takes the ECR ceiling in its Allow on "*", and stays within IAM's limit.
    expect(statementOf(plan, 'module.mlspace_ecr_access["prod"].aws_iam_policy.boundary', "MlspaceEcrAccessCeiling").Resource).toBe("*");
    for (const environment of ["dev", "prod"]) expect(plan.planned_values.outputs.policy_size.value[environment].boundary).toBeLessThanOrEqual(6144);
  });

  it("a module call that gives only the repositories relies on every other default", async () => {
    // given partition, region and account left to the provider, default names, paths and actions
    const root = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-defaults-"));
    writeFileSync(join(root, "main.tf"), `${PROVIDER_BLOCK}\nmodule "defaults" {\n  source            = ${hclValue(MODULE_DIRECTORY)}\n  read_repositories = ["custom-repo1"]\n}\n`);
    // when
    const plan = await planExample("defaults", endpoint, root);
    // then
    expect(created(plan).map(([, name]: string[]) => name)).toEqual(["mlspace-app-policy", "mlspace-project-user-permission-boundary", "mlspace-notebook-policy"]);
    expect(statementOf(plan, "module.defaults.aws_iam_policy.app", "MlspaceEcrAccessRead").Resource).toBe("arn:aws:ecr:us-east-1:210987654321:repository/custom-repo1");
  });
});
