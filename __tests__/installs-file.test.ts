import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import { addStacks, SINGLE_STACK_ID } from "../stacks/app-stacks";
import { INSTALL_FIELDS } from "../stacks/installs/install-fields";
import { installsSchema } from "../stacks/installs/installs-schema";
import { Install, InstallsFileError, parseInstalls, readInstalls } from "../stacks/installs/installs-file";
import { PROJECT_ROOT } from "../tools/project-root";
import { mlspacePolicy } from "../tools/mlspace-policies";

/** The installs file: one stack per MLSpace install, checked whole before anything is synthesized. */

const EXAMPLE = join(PROJECT_ROOT, "examples", "installs", "installs.json");
const example = () => readInstalls({ MLSPACE_ECR_ACCESS_INSTALLS: EXAMPLE }, PROJECT_ROOT)!.installs;

/** An installs file in a fresh folder (with a policy beside it), parsed. */
function parse(document: unknown): Install[] {
  const folder = mkdtempSync(join(tmpdir(), "mlspace-installs-"));
  writeFileSync(join(folder, "boundary.json"), mlspacePolicy("permission-boundary"));
  const file = join(folder, "installs.json");
  const text = typeof document === "string" ? document : JSON.stringify(document);
  writeFileSync(file, text);
  return parseInstalls(text, file);
}

function problemsOf(document: unknown): string[] {
  try {
    parse(document);
  } catch (error) {
    if (error instanceof InstallsFileError) return error.problems;
    throw error;
  }
  return [];
}

const DEV = { partition: "aws", region: "us-east-1", account_id: "111111111111", read_repositories: ["shared/*"] };

describe("the installs file", () => {
  it("gives each install its values, its way into the account and a state of its own", () => {
    const [dev, prod, govcloud] = example();
    expect([dev.name, prod.name, govcloud.name]).toEqual(["dev", "prod", "govcloud"]);
    expect(dev.access).toEqual({ profile: "mlspace-dev" });
    expect(prod.access).toEqual({ assumeRole: { roleArn: "arn:aws:iam::333333333333:role/mlspace-ecr-access-deploy", externalId: "mlspace-ecr-access" } });
    expect([dev, prod, govcloud].map((install) => install.state)).toEqual([
      { type: "s3", bucket: "mlspace-terraform-state", region: "us-east-1", key: "mlspace-ecr-access/dev/terraform.tfstate" },
      { type: "s3", bucket: "mlspace-terraform-state", region: "us-east-1", key: "mlspace-ecr-access/prod/terraform.tfstate" },
      { type: "s3", bucket: "mlspace-gov-terraform-state", region: "us-gov-west-1", key: "mlspace-ecr-access/govcloud/terraform.tfstate" },
    ]);
  });

  it("lets installs inherit the defaults field by field; the example adopts by import_arn alone, in the recommended setup", () => {
    const [dev, , govcloud] = example();
    expect(dev.inputs.writeRepositories).toEqual(["projects/{project}/*"]);
    expect(dev.inputs.repositoryOwnership).toBe("tag");
    expect(dev.inputs.awsBaseImages).toEqual(["pytorch-training", "tensorflow-training"]);
    expect(govcloud.inputs.partition).toBe("aws-us-gov");
    // The live document is the base: no file pinned.
    expect(govcloud.inputs.permissionBoundary).toEqual({ importArn: "arn:aws-us-gov:iam::222222222222:policy/mlspace-project-user-permission-boundary" });
    expect(govcloud.inputs.notebookPolicy).toEqual({
      name: "mlspace-notebook-ecr-access",
      attachToRoles: ["mlspace-notebook-role"],
      attachToProjectUserRoles: true,
      projectUserRoleNameRegex: "^MLSpace-",
    });
  });

  it.each([
    {
      name: "two installs of one name",
      document: `{"installs": {"dev": ${JSON.stringify(DEV)}, "dev": ${JSON.stringify(DEV)}}}`,
      expected: "installs.dev is given twice: each install, and each field, once.",
    },
    {
      name: "two installs sharing one state",
      document: {
        defaults: { ...DEV, state: { backend: "s3", bucket: "state", region: "us-east-1", key: "shared.tfstate" } },
        installs: { dev: {}, prod: { account_id: "333333333333" } },
      },
      expected: "installs dev and prod share the state s3://state/shared.tfstate: give each its own state.key, or each would overwrite the other's policies.",
    },
    {
      name: "a misspelt field",
      document: { installs: { dev: { ...DEV, write_repositores: ["projects/{project}/*"] } } },
      expected: expect.stringMatching(/^installs\.dev\.write_repositores is not a field here\. Did you mean write_repositories\? Fields: partition, region, /),
    },
    {
      name: "a misspelt attribute of a policy",
      document: { installs: { dev: { ...DEV, app_policy: { nmae: "x" } } } },
      expected: expect.stringMatching(/^installs\.dev\.app_policy\.nmae is not a field here\. Did you mean name\?/),
    },
    {
      name: "a region outside the partition",
      document: { installs: { gov: { ...DEV, partition: "aws-us-gov" } } },
      expected:
        'installs.gov: Invalid region "us-east-1" for partition "aws-us-gov": that partition\'s regions look like us-gov-west-1, so the repositories named in this one could never be reached. Set region (or partition) to the install\'s.',
    },
    {
      name: "an account that is not 12 digits",
      document: { installs: { dev: { ...DEV, account_id: "12345" } } },
      expected:
        'installs.dev: Invalid account_id "12345": an AWS account id is exactly 12 digits, as a string with its leading zeros ("012345678901"); or null to use the caller\'s.',
    },
    {
      name: "an install name that is not a stack name",
      document: { installs: { "dev *": DEV } },
      expected: 'installs.dev *: an install name is its stack\'s name: 1-64 letters, digits, "-" and "_", starting with a letter or digit.',
    },
    {
      name: "a value of the wrong type",
      document: { installs: { dev: { ...DEV, read_repositories: "shared/*" } } },
      expected: 'installs.dev.read_repositories must be a list of strings, not "shared/*".',
    },
    {
      name: "an S3 state without its bucket",
      document: { installs: { dev: { ...DEV, state: { backend: "s3", region: "us-east-1" } } } },
      expected: 'installs.dev: Invalid state: the "s3" backend needs bucket: the state bucket\'s name and its region.',
    },
    {
      name: "a role to assume that is not a role ARN",
      document: { installs: { dev: { ...DEV, assume_role: { role_arn: "mlspace-deploy" } } } },
      expected: 'installs.dev: Invalid assume_role.role_arn "mlspace-deploy": give a role ARN, arn:<partition>:iam::<12-digit account>:role/<name>.',
    },
    {
      name: "a base document file that is not there",
      document: { installs: { dev: { ...DEV, app_policy: { base_policy_file: "app.json" } } } },
      expected: 'installs.dev.app_policy.base_policy_file "app.json" does not exist: give a path relative to the installs file.',
    },
    {
      name: "an unknown key at the top",
      document: { installs: { dev: DEV }, default: {} },
      expected: expect.stringMatching(/^default is not a field here\. Did you mean defaults\?/),
    },
  ])("refuses $name, naming the install and the field", ({ document, expected }) => {
    expect(problemsOf(document)).toEqual([expected]);
  });

  it("reports every problem of every install at once", () => {
    const problems = problemsOf({ installs: { dev: { ...DEV, account_id: "1" }, prod: { ...DEV, region: "moon-1" } } });
    expect(problems.map((problem) => problem.split(":")[0])).toEqual(["installs.dev", "installs.prod"]);
  });

  it("reads a base document named by base_policy_file beside the installs file", () => {
    const [dev] = parse({ installs: { dev: { ...DEV, permission_boundary: { base_policy_file: "boundary.json" } } } });
    expect(dev.inputs.permissionBoundary?.basePolicyJson).toBe(mlspacePolicy("permission-boundary"));
  });
});

describe("files as editors and file systems leave them", () => {
  const folderWith = (files: Record<string, string>) => {
    const folder = mkdtempSync(join(tmpdir(), "mlspace-installs-files-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    return folder;
  };
  const problems = (folder: string): string[] => {
    try {
      readInstalls({ MLSPACE_ECR_ACCESS_INSTALLS: join(folder, "installs.json") }, folder);
      return [];
    } catch (error) {
      if (error instanceof InstallsFileError) return error.problems;
      throw error;
    }
  };

  it("accepts a UTF-8 byte-order mark, on the installs file and on a base file", () => {
    const folder = folderWith({
      "installs.json": `\uFEFF${JSON.stringify({ installs: { dev: { ...DEV, permission_boundary: { base_policy_file: "boundary.json" } } } })}`,
      "boundary.json": `\uFEFF${mlspacePolicy("permission-boundary")}`,
    });
    const [dev] = readInstalls({ MLSPACE_ECR_ACCESS_INSTALLS: join(folder, "installs.json") }, folder)!.installs;
    expect(dev.inputs.permissionBoundary?.basePolicyJson).toBe(mlspacePolicy("permission-boundary"));
  });

  it("names the input and the path of a base file that is a directory", () => {
    const folder = folderWith({ "installs.json": JSON.stringify({ installs: { dev: { ...DEV, app_policy: { base_policy_file: "bases" } } } }) });
    mkdirSync(join(folder, "bases"));
    expect(problems(folder)).toEqual([`installs.dev.app_policy.base_policy_file ${JSON.stringify(join(folder, "bases"))} is a directory: give the path of a JSON file this user can read.`]);
  });

  it("names MLSPACE_ECR_ACCESS_INSTALLS and the path when it is a directory", () => {
    const folder = folderWith({});
    mkdirSync(join(folder, "installs.json"));
    expect(problems(folder)).toEqual([`MLSPACE_ECR_ACCESS_INSTALLS ${JSON.stringify(join(folder, "installs.json"))} is a directory: give the path of a JSON file this user can read.`]);
  });
});

describe("the app's stacks", () => {
  it("is the single stack of before without an installs file", () => {
    const app = Testing.app();
    expect(addStacks(app, {}, mkdtempSync(join(tmpdir(), "mlspace-no-installs-"))).stacks).toEqual([SINGLE_STACK_ID]);
  });

  it("is one stack per install with one: its own state key and provider settings, and no credentials in what is synthesized", () => {
    const outdir = mkdtempSync(join(tmpdir(), "mlspace-installs-synth-"));
    const app = new App({ outdir });
    expect(addStacks(app, { MLSPACE_ECR_ACCESS_INSTALLS: EXAMPLE }, PROJECT_ROOT).stacks).toEqual(["dev", "prod", "govcloud"]);
    const stacks = app.node.children.map((stack) => JSON.parse(Testing.synth(stack as never)));
    expect(stacks.map((stack) => [stack.terraform.backend.s3.key, stack.provider.aws[0]])).toEqual([
      ["mlspace-ecr-access/dev/terraform.tfstate", { profile: "mlspace-dev", region: "${var.region}" }],
      [
        "mlspace-ecr-access/prod/terraform.tfstate",
        { assume_role: [{ role_arn: "arn:aws:iam::333333333333:role/mlspace-ecr-access-deploy", external_id: "mlspace-ecr-access" }], region: "${var.region}" },
      ],
      ["mlspace-ecr-access/govcloud/terraform.tfstate", { assume_role: [{ role_arn: "arn:aws-us-gov:iam::222222222222:role/mlspace-ecr-access-deploy" }], region: "${var.region}" }],
    ]);
    expect(stacks.map((stack) => stack.variable.account_id.default)).toEqual(["111111111111", "333333333333", "222222222222"]);
    for (const synthesized of stacks) expect(JSON.stringify(synthesized)).not.toMatch(/access_key|secret_key|session_token|"token"/);
  });

  it("refuses an installs file that the environment names but that is not there", () => {
    expect(() => readInstalls({ MLSPACE_ECR_ACCESS_INSTALLS: "missing.json" }, PROJECT_ROOT)).toThrow(/MLSPACE_ECR_ACCESS_INSTALLS names a file that does not exist/);
  });
});

describe("the installs file's JSON Schema", () => {
  const schema = installsSchema("notice") as any;
  const installSchema = schema.properties.installs.additionalProperties;

  it("offers every field the synth accepts, and no other", () => {
    expect(Object.keys(installSchema.properties)).toEqual(INSTALL_FIELDS.map((field) => field.name));
    expect(installSchema.additionalProperties).toBe(false);
    expect(schema.properties.defaults.properties).toEqual(installSchema.properties);
  });

  it("describes the example file's installs: every field it sets is in the schema, with a type the value has", () => {
    const document = JSON.parse(require("node:fs").readFileSync(EXAMPLE, "utf8"));
    const jsonType = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "number" ? "number" : typeof value);
    for (const fields of [document.defaults, ...Object.values(document.installs)] as Record<string, unknown>[]) {
      for (const [name, value] of Object.entries(fields)) {
        expect({ name, type: installSchema.properties[name]?.type }).toEqual({ name, type: expect.arrayContaining([jsonType(value)]) });
      }
    }
  });
});
