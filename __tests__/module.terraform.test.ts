import { renderDocuments, INPUTS } from "../modules/mlspace-ecr-access";
import { BAD_INPUTS, foldWhitespace } from "./support/bad-inputs";
import { ENVIRONMENT, ENVIRONMENT_VARIABLES, fixture } from "./support/fixtures";
import { hclArguments, hclRoot, hclValue, MODULE_DIRECTORY, PROVIDER_BLOCK } from "./support/hcl-root";
import { PlanJson, plannedDocuments, synthesizeDeployableStack } from "./support/terraform-project";

/** The generated module, consumed from HCL by the real Terraform CLI, offline. */

const inputs = {
  ...ENVIRONMENT_VARIABLES,
  read_repositories: ["custom-repo1", "team/*"],
  write_repositories: ["custom-repo1"],
  write_actions: ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage"],
  app_policy: { base_policy_json: fixture("app-policy") },
  notebook_policy: { name: "mlspace-notebook-policy-test", base_policy_json: fixture("notebook-policy") },
  tags: { team: "ml" },
};

/** Tag ownership with every kind of owner, CreateRepository, merging and the boundary's read ceiling: every branch of its Terraform form. */
const tagged = {
  ...ENVIRONMENT_VARIABLES,
  repository_ownership: "tag",
  read_repositories: ["shared/*", "users/{user}/*", "teams/{project}/{user}/*", "projects/{project}/*"],
  write_repositories: ["projects/{project}/*", "scratch/{user}/*", "plain-repo"],
  write_actions: ["PutImage", "CreateRepository"],
  principal_tag_keys: { project: "mlspace-project" },
  compaction: { merge_statements: true, boundary_read_ceiling: true, boundary_all_repositories: true },
  permission_boundary: { base_policy_json: fixture("permission-boundary") },
};

/** The custom-algorithm workflow's inputs: AWS base images, describe actions, tags on create. */
const workflow = {
  ...ENVIRONMENT_VARIABLES,
  repository_ownership: "tag",
  read_repositories: ["shared/*", "users/{user}/*"],
  write_repositories: ["projects/{project}/*", "plain-repo"],
  write_actions: ["PutImage", "CreateRepository"],
  describe_actions: ["DescribeRepositories", "ecr:ListImages"],
  aws_base_images: ["pytorch-training", "huggingface-*"],
  compaction: { merge_statements: true },
};

const consumers = `${PROVIDER_BLOCK}
module "workflow" {
  source = ${hclValue(MODULE_DIRECTORY)}
${hclArguments(workflow)}
}

module "workflow_hcl" {
  source = ${hclValue(`${MODULE_DIRECTORY}/hcl`)}
${hclArguments(workflow)}
}

output "workflow" {
  value = module.workflow.policy_json
}

output "workflow_hcl" {
  value = module.workflow_hcl.policy_json
}

module "tagged" {
  source = ${hclValue(MODULE_DIRECTORY)}
${hclArguments(tagged)}
}

module "tagged_hcl" {
  source = ${hclValue(`${MODULE_DIRECTORY}/hcl`)}
${hclArguments(tagged)}
}

module "json" {
  source = ${hclValue(MODULE_DIRECTORY)}
${hclArguments(inputs)}
}

module "hcl" {
  source = ${hclValue(`${MODULE_DIRECTORY}/hcl`)}
${hclArguments(inputs)}
}

module "environments" {
  source   = ${hclValue(MODULE_DIRECTORY)}
  for_each = toset(["dev", "prod"])

  partition         = "aws"
  region            = "us-east-1"
  account_id        = "123456789012"
  read_repositories = ["mlspace-\${each.key}-*"]
  # {project} is not Terraform syntax: no escaping beside a real interpolation.
  write_repositories = ["mlspace-\${each.key}/{project}/*"]
  app_policy        = { name = "mlspace-\${each.key}-app-policy" }
  notebook_policy   = { name = "mlspace-\${each.key}-notebook-policy" }
  permission_boundary = { name = "mlspace-\${each.key}-permission-boundary" }
}

module "counted" {
  source = ${hclValue(MODULE_DIRECTORY)}
  count  = 1

  partition         = "aws-us-gov"
  region            = "us-gov-west-1"
  account_id        = "123456789012"
  read_repositories = ["custom-repo1"]
  app_policy        = { name = "counted-app" }
  notebook_policy   = { name = "counted-notebook" }
  permission_boundary = { name = "counted-boundary" }
}

output "json" {
  value = module.json.policy_json
}

output "tagged" {
  value = module.tagged.policy_json
}

output "tagged_hcl" {
  value = module.tagged_hcl.policy_json
}

output "hcl" {
  value = module.hcl.policy_json
}

output "sizes" {
  value = module.json.policy_size
}

output "environments" {
  value = { for env, m in module.environments : env => m.policy_json }
}

output "counted" {
  value = module.counted[0].policy_json
}
`;

describe("the generated module, called from HCL", () => {
  let plan: PlanJson;
  beforeAll(() => {
    plan = hclRoot(consumers).init().plan({}, "consumers");
  });

  const output = (name: string) => plan.planned_values.outputs![name].value;
  const parsed = (documents: Record<string, string>) => Object.fromEntries(Object.entries(documents).map(([k, v]) => [k, JSON.parse(v)]));

  it("renders the TypeScript core's documents under tag ownership, in the JSON and the HCL form alike", () => {
    const values = Object.fromEntries(INPUTS.map((input) => [input.name, input.default]));
    const expected = JSON.parse(JSON.stringify(renderDocuments({ ...values, ...tagged, principal_tag_keys: { project: "mlspace-project", user: "user" } }, ENVIRONMENT)));
    expect(parsed(output("tagged"))).toEqual(expected);
    expect(parsed(output("tagged_hcl"))).toEqual(expected);
    expect(expected.notebook.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      "MlspaceEcrAccessAuth",
      "MlspaceEcrAccessRead",
      "MlspaceEcrAccessWrite",
      "MlspaceEcrAccessWriteByProject",
      "MlspaceEcrAccessCreateByProject",
      "MlspaceEcrAccessReadByUser",
      "MlspaceEcrAccessWriteByUser",
      "MlspaceEcrAccessCreateByUser",
      "MlspaceEcrAccessReadByProjectUser",
    ]);
  });

  it("renders the custom-algorithm workflow's statements as the TypeScript core does, in the JSON and the HCL form alike", () => {
    const values = Object.fromEntries(INPUTS.map((input) => [input.name, input.default]));
    const expected = JSON.parse(JSON.stringify(renderDocuments({ ...values, ...workflow }, ENVIRONMENT)));
    expect(parsed(output("workflow"))).toEqual(expected);
    expect(parsed(output("workflow_hcl"))).toEqual(expected);
    const notebook = expected.notebook.Statement as { Sid: string; Action: string[]; Resource: string | string[]; Condition?: object }[];
    expect(notebook.map((s) => s.Sid)).toEqual(["MlspaceEcrAccessAuth", "MlspaceEcrAccessRead", "MlspaceEcrAccessWrite", "MlspaceEcrAccessBase", "MlspaceEcrAccessWriteByProject", "MlspaceEcrAccessCreateByProject", "MlspaceEcrAccessReadByUser"]);
    expect(notebook.find((s) => s.Sid === "MlspaceEcrAccessBase")!.Resource).toEqual([
      "arn:aws:ecr:us-east-1:763104351884:repository/pytorch-training",
      "arn:aws:ecr:us-east-1:763104351884:repository/huggingface-*",
    ]);
    expect(notebook.find((s) => s.Sid === "MlspaceEcrAccessCreateByProject")!.Action).toEqual(["ecr:CreateRepository", "ecr:TagResource"]);
    expect(expected.app.Statement.flatMap((s: { Action: string[] }) => s.Action)).not.toContain("ecr:DescribeRepositories");
  });

  it("plans the three policies per call, including for_each and count", () => {
    const created = plan.resource_changes!.filter((c) => c.change.actions.includes("create") && !c.address.startsWith("module.tagged") && !c.address.startsWith("module.workflow")).map((c) => c.address);
    expect(created.sort()).toEqual(
      [
        'module.counted[0].aws_iam_policy.app',
        'module.counted[0].aws_iam_policy.boundary',
        'module.counted[0].aws_iam_policy.notebook',
        'module.environments["dev"].aws_iam_policy.app',
        'module.environments["dev"].aws_iam_policy.boundary',
        'module.environments["dev"].aws_iam_policy.notebook',
        'module.environments["prod"].aws_iam_policy.app',
        'module.environments["prod"].aws_iam_policy.boundary',
        'module.environments["prod"].aws_iam_policy.notebook',
        "module.hcl.aws_iam_policy.app",
        "module.hcl.aws_iam_policy.boundary",
        "module.hcl.aws_iam_policy.notebook",
        "module.json.aws_iam_policy.app",
        "module.json.aws_iam_policy.boundary",
        "module.json.aws_iam_policy.notebook",
      ].sort(),
    );
  });

  it("renders the documents of the TypeScript core, in the JSON and the HCL form alike", () => {
    const values = Object.fromEntries(INPUTS.map((input) => [input.name, input.default]));
    const expected = JSON.parse(JSON.stringify(renderDocuments({ ...values, ...inputs }, ENVIRONMENT)));
    expect(parsed(output("json"))).toEqual(expected);
    expect(parsed(output("hcl"))).toEqual(expected);
  });

  it("gives each for_each instance and the GovCloud call their own ARNs, {project} written in HCL as it is", () => {
    const dev = JSON.parse(output("environments").dev.app);
    expect(dev.Statement[1].Resource).toEqual(["arn:aws:ecr:us-east-1:123456789012:repository/mlspace-dev-*", "arn:aws:ecr:us-east-1:123456789012:repository/mlspace-dev/*/*"]);
    const devNotebook = JSON.parse(output("environments").dev.notebook);
    expect(devNotebook.Statement.at(-1).Resource).toEqual("arn:aws:ecr:us-east-1:123456789012:repository/mlspace-dev/${aws:PrincipalTag/project}/*");
    const gov = JSON.parse(output("counted").app);
    expect(gov.Statement[1].Resource).toEqual("arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/custom-repo1");
  });

  it("plans the same documents as the deployable stack for the same inputs (compared as data)", () => {
    const stackPlan = synthesizeDeployableStack().init().plan(inputs, "same-inputs");
    expect(parsed(output("json"))).toEqual(plannedDocuments(stackPlan));
    expect(output("sizes")).toEqual(stackPlan.planned_values.outputs!.policy_size.value);
  });
});

describe("bad inputs given through the module from HCL", () => {
  const variableNames = INPUTS.map((input) => input.name);
  const valid: Record<string, unknown> = { ...ENVIRONMENT_VARIABLES, read_repositories: ["r1"] };
  const argument = (name: string) => `  ${name} = try(local.cases[each.key].${name}, ${hclValue(valid[name] ?? null)})`;
  /** One module instance per case (null arguments take the module's defaults): one plan reports them all. */
  const planCases = (cases: Record<string, Record<string, unknown>>) => {
    const root = `${PROVIDER_BLOCK}
locals {
  cases = ${hclValue(cases)}
}

module "bad" {
  source   = ${hclValue(MODULE_DIRECTORY)}
  for_each = toset(keys(local.cases))

${variableNames.map(argument).join("\n")}
}
`;
    const { result } = hclRoot(root).init().tryPlan({}, "bad");
    expect(result.code).not.toBe(0);
    return foldWhitespace(result.stderr);
  };

  // Terraform stops at variable validation before preconditions run: two plans.
  let validationErrors = "";
  let preconditionErrors = "";
  beforeAll(() => {
    validationErrors = planCases(Object.fromEntries(BAD_INPUTS.map((c, i) => [`case${i}`, c.input])));
    preconditionErrors = planCases({
      write_without_actions: { write_repositories: ["w1"], write_actions: [] },
      no_statements: { read_repositories: [] },
    });
  });

  it.each(BAD_INPUTS)("$name", ({ expected }) => {
    expect(validationErrors).toContain(foldWhitespace(expected));
  });

  it("write repositories without write actions (a precondition)", () => {
    expect(preconditionErrors).toContain('Invalid write_actions: it is empty but write_repositories lists "w1".');
  });

  it("nothing to grant and no base (a precondition)", () => {
    expect(preconditionErrors).toContain("The MLSpace App Policy would have no statements, which IAM rejects");
  });
});
