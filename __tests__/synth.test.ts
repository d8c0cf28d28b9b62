import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { INPUTS, OUTPUTS } from "../modules/mlspace-ecr-access";
import { MlspaceEcrAccessStack } from "../stacks/mlspace-ecr-access-stack";

/** The deployable stack's synthesized Terraform JSON, read as data. */
describe("the synthesized deployable stack", () => {
  const synthesize = (props = {}) => JSON.parse(Testing.synth(new MlspaceEcrAccessStack(Testing.app(), "mlspace-ecr-access", props)));
  const config = synthesize();

  it("names variables and outputs exactly as the contract does, so TF_VAR_* and terraform output work", () => {
    // Testing.synth sorts keys: compare as sets.
    expect(Object.keys(config.variable).sort()).toEqual(INPUTS.map((input) => input.name).sort());
    expect(Object.keys(config.output).sort()).toEqual(OUTPUTS.map((output) => output.name).sort());
    expect(Object.keys(config.resource.aws_iam_policy).sort()).toEqual(["app", "boundary", "notebook"]);
  });

  it("writes no credentials, profile or endpoint into the provider: the standard chain and AWS_ENDPOINT_URL_* apply", () => {
    expect(config.provider.aws).toEqual([{ region: "${var.region}" }]);
  });

  it("keeps the local state at a relative path", () => {
    expect(config.terraform.backend).toEqual({ local: { path: "../../../terraform.mlspace-ecr-access.tfstate" } });
  });

  it("looks partition, region and account up only when their inputs are null", () => {
    expect(config.data.aws_partition.current.count).toBe("${var.partition == null ? 1 : 0}");
    expect(config.data.aws_region.current.count).toBe("${var.region == null ? 1 : 0}");
    expect(config.data.aws_caller_identity.current.count).toBe("${var.account_id == null ? 1 : 0}");
  });

  it("imports a policy only when its import_arn is given", () => {
    expect(config.import.map((block: { to: string; for_each: string }) => [block.to, block.for_each])).toEqual([
      ["aws_iam_policy.app", "${var.app_policy.import_arn == null ? [] : [var.app_policy.import_arn]}"],
      ["aws_iam_policy.notebook", "${var.notebook_policy.import_arn == null ? [] : [var.notebook_policy.import_arn]}"],
      ["aws_iam_policy.boundary", "${var.permission_boundary.import_arn == null ? [] : [var.permission_boundary.import_arn]}"],
    ]);
  });

  it("makes literal inputs the variables' defaults, still overridable at plan", () => {
    const literal = synthesize({ inputs: { readRepositories: ["custom-repo1"], region: "eu-west-1", appPolicy: { name: "mlspace-app" } } });
    expect(literal.variable.read_repositories.default).toEqual(["custom-repo1"]);
    expect(literal.variable.region.default).toBe("eu-west-1");
    expect(literal.variable.app_policy.default).toEqual({ name: "mlspace-app" });
    expect(literal.variable.account_id.default).toBeNull();
  });
});
