import { TerraformStack, Testing } from "cdktf";
import { INPUTS, InvalidInputError, MlspaceEcrAccess, WRITE_ACTION_NAMES } from "../modules/mlspace-ecr-access";
import { consistencyProblems } from "../modules/mlspace-ecr-access/input-consistency";
import { inputProblems } from "../modules/mlspace-ecr-access/literal-inputs";
import { policyProblems } from "../modules/mlspace-ecr-access/preconditions";
import { BAD_INPUTS } from "./support/bad-inputs";
import { ENVIRONMENT_VARIABLES, fixture } from "./support/fixtures";

const defaults = Object.fromEntries(INPUTS.map((input) => [input.name, input.default]));

describe("input validation in TypeScript (literal values at synth)", () => {
  it.each(BAD_INPUTS)("$name", ({ input, expected }) => {
    // given / when
    const problems = inputProblems({ ...defaults, ...input });
    // then
    expect(problems).toEqual([expected]);
  });

  it("accepts every form of repository entry and both spellings of write actions", () => {
    const problems = inputProblems({
      ...defaults,
      ...ENVIRONMENT_VARIABLES,
      read_repositories: [
        "custom-repo1",
        "team/trainer",
        "a.b_c-d",
        "mlspace-*",
        "team/*",
        "*",
        "arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/x1",
        "users/{user}/*",
        "{project}",
        "projects/{project}/users/{user}/trainer",
        "arn:aws-eusc:ecr:eusc-de-east-1:123456789012:repository/projects/{project}/*",
      ],
      principal_tag_keys: { project: "mlspace:project" },
      write_actions: ["PutImage", "ecr:InitiateLayerUpload"],
      app_policy: { name: "mlspace-app-policy", path: "/mlspace/", base_policy_json: fixture("app-policy") },
    });
    expect(problems).toEqual([]);
  });

  it("rejects write repositories without write actions", () => {
    expect(policyProblems({ ...defaults, write_repositories: ["w1"], write_actions: [] })).toEqual([
      'Invalid write_actions: it is empty but write_repositories lists "w1". Give the write actions to grant, or move those repositories to read_repositories.',
    ]);
  });

  it("rejects a document IAM would reject for its size, when the environment is known", () => {
    const repositories = Array.from({ length: 80 }, (_, i) => `a-long-repository-name-for-the-size-check-${i}`);
    const problems = policyProblems({ ...defaults, ...ENVIRONMENT_VARIABLES, read_repositories: repositories });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^The MLSpace App Policy "mlspace-app-policy" would be \d+ characters \(whitespace not counted\), over IAM's limit of 6144 by \d+ even with the compaction allowed;/);
  });

  it("stops the synth with every problem at once, naming each input", () => {
    // given
    const stack = () => new TerraformStack(Testing.app(), "test");
    // when
    const construct = () =>
      new MlspaceEcrAccess(stack(), "access", { region: "US-EAST-1", readRepositories: ["Bad_Name"], writeActions: [...WRITE_ACTION_NAMES, "PutImage"] });
    // then
    expect(construct).toThrow(InvalidInputError);
    expect(construct).toThrow(/Invalid region "US-EAST-1"[\s\S]*Invalid read_repositories entry "Bad_Name"[\s\S]*Duplicate write_actions entries "PutImage"/);
  });
});

describe("inputs that could never grant together (literal values at synth; Terraform checks the same at plan)", () => {
  it.each([
    {
      name: "a region of another partition",
      input: { partition: "aws-us-gov", region: "us-east-1" },
      expected:
        'Invalid region "us-east-1" for partition "aws-us-gov": that partition\'s regions look like us-gov-west-1, so the repositories named in this one could never be reached. Set region (or partition) to the install\'s.',
    },
    {
      name: "a repository ARN of another partition",
      input: { partition: "aws", write_repositories: ["arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/x"] },
      expected:
        'Invalid write_repositories entries "arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/x": their partition is not this install\'s ("aws"), and IAM never lets a principal reach a resource of another partition. Use ARNs in partition "aws", or drop those entries.',
    },
    {
      name: "a policy adopted from another partition",
      input: { partition: "aws-us-gov", app_policy: { import_arn: "arn:aws:iam::123456789012:policy/mlspace-app-policy" } },
      expected:
        'Invalid import_arn "arn:aws:iam::123456789012:policy/mlspace-app-policy": the adopted policy is in another partition than the repositories ("aws-us-gov"), so the roles it is attached to could never reach them. Adopt the install\'s own policies, or set partition to theirs.',
    },
    {
      name: "AWS base images in a region without a known Deep Learning Containers registry",
      input: { partition: "aws-iso", region: "us-iso-west-1", aws_base_images: ["pytorch-training"] },
      expected:
        "Invalid aws_base_images for region \"us-iso-west-1\": AWS's Deep Learning Containers registry of that region is not in this module's table (generated from aws/sagemaker-python-sdk at a24812666d25), so the images cannot be named there. Leave aws_base_images empty and list the images as full repository ARNs in read_repositories, or refresh the table (npm run generate:base-images).",
    },
  ])("$name", ({ input, expected }) => {
    expect(consistencyProblems({ ...defaults, ...input })).toEqual([expected]);
  });

  it("leaves a partition or region looked up at plan to Terraform", () => {
    expect(consistencyProblems({ ...defaults, region: "us-gov-west-1", read_repositories: ["arn:aws-cn:ecr:cn-north-1:123456789012:repository/x"] })).toEqual([]);
  });
});
