import { INPUTS, renderDocuments, SIDS, WRITE_ACTION_NAMES } from "../modules/mlspace-ecr-access";
import { terraformValues } from "../modules/mlspace-ecr-access/literal-inputs";
import { BAD_INPUTS, disjointBatches, foldWhitespace } from "./support/bad-inputs";
import { ENVIRONMENT, ENVIRONMENT_VARIABLES, fixture } from "./support/fixtures";
import { plannedDocuments, synthesizeDeployableStack, TerraformProject } from "./support/terraform-project";

/**
 * The deployable stack as synthesized, validated and planned by the real Terraform CLI and AWS
 * provider, offline. One init, then one plan per scenario.
 */
describe("the deployable stack, planned by Terraform", () => {
  let project: TerraformProject;
  const withFixtureBases = {
    ...ENVIRONMENT_VARIABLES,
    read_repositories: ["custom-repo1", "team/*", "arn:aws:ecr:us-west-2:210987654321:repository/shared"],
    write_repositories: ["custom-repo1"],
    write_actions: ["PutImage", "ecr:InitiateLayerUpload"],
    app_policy: { base_policy_json: fixture("app-policy") },
    notebook_policy: { name: "mlspace-notebook-policy-test", base_policy_json: fixture("notebook-policy") },
  };

  beforeAll(() => {
    project = synthesizeDeployableStack().init();
  });

  it("is valid Terraform", () => {
    expect(() => project.validate()).not.toThrow();
  });

  describe("with MLSpace's App and Notebook policies as bases", () => {
    let plan: ReturnType<TerraformProject["plan"]>;
    beforeAll(() => {
      plan = project.plan(withFixtureBases, "fixtures");
    });

    it("creates exactly the three policies, with the given names", () => {
      const changes = plan.resource_changes!.map((c) => [c.address, c.change.actions, c.change.after.name]);
      expect(changes).toEqual([
        ["aws_iam_policy.app", ["create"], "mlspace-app-policy"],
        ["aws_iam_policy.boundary", ["create"], "mlspace-project-user-permission-boundary"],
        ["aws_iam_policy.notebook", ["create"], "mlspace-notebook-policy-test"],
      ]);
    });

    it("plans the bases plus exactly the expected ECR statements", () => {
      const documents = plannedDocuments(plan);
      const appBase = JSON.parse(fixture("app-policy"));
      const notebookBase = JSON.parse(fixture("notebook-policy"));
      expect(documents.app.Statement.slice(0, appBase.Statement.length)).toEqual(appBase.Statement);
      expect(documents.app.Statement.slice(appBase.Statement.length).map((s: any) => s.Sid)).toEqual([SIDS.authorization, SIDS.read]);
      expect(documents.notebook.Statement.slice(0, notebookBase.Statement.length)).toEqual(notebookBase.Statement);
      expect(documents.notebook.Statement.slice(notebookBase.Statement.length).map((s: any) => s.Sid)).toEqual([
        SIDS.authorization,
        SIDS.read,
        SIDS.write,
      ]);
    });

    it("renders the same documents as the TypeScript core (compared as data)", () => {
      const values = terraformValues({});
      const expected = renderDocuments({ ...values, ...withFixtureBases }, ENVIRONMENT);
      expect(plannedDocuments(plan)).toEqual(JSON.parse(JSON.stringify(expected)));
    });

    it("sends each planned policy document as rendered, and outputs its size", () => {
      const documents = plan.planned_values.outputs!.policy_json.value;
      for (const change of plan.resource_changes!) {
        const key = change.address.split(".")[1];
        expect(JSON.parse(change.change.after.policy)).toEqual(JSON.parse(documents[key]));
      }
      const sizes = plan.planned_values.outputs!.policy_size.value;
      expect(sizes).toEqual({
        app: documents.app.replace(/\s/g, "").length,
        notebook: documents.notebook.replace(/\s/g, "").length,
        boundary: documents.boundary.replace(/\s/g, "").length,
      });
    });

    it("replaces our statements found in a base instead of duplicating them (a second run)", () => {
      const first = plannedDocuments(plan);
      const again = { ...withFixtureBases, app_policy: { base_policy_json: JSON.stringify(first.app) } };
      expect(plannedDocuments(project.plan(again, "again")).app).toEqual(first.app);
    });
  });

  describe("bad inputs fail the plan with the message naming the input", () => {
    const batches = disjointBatches(BAD_INPUTS);
    const outputs = new Map<string, string>();
    beforeAll(() => {
      batches.forEach((batch, index) => {
        const input = Object.assign({}, ...batch.map((c) => c.input));
        const { result } = project.tryPlan({ ...ENVIRONMENT_VARIABLES, read_repositories: ["r1"], ...input }, `bad-${index}`);
        for (const badCase of batch) outputs.set(badCase.name, foldWhitespace(result.stderr));
      });
    });

    it.each(BAD_INPUTS)("$name", ({ name, expected }) => {
      expect(outputs.get(name)).toContain(foldWhitespace(expected));
    });

    it("write repositories with no write actions", () => {
      const { result } = project.tryPlan({ ...ENVIRONMENT_VARIABLES, write_repositories: ["w1"], write_actions: [] }, "no-actions");
      expect(result.code).not.toBe(0);
      expect(foldWhitespace(result.stderr)).toContain(
        'Invalid write_actions: it is empty but write_repositories lists "w1". Give the write actions to grant, or move those repositories to read_repositories.',
      );
    });

    it("no repositories and no base: a document IAM would reject", () => {
      const { result } = project.tryPlan({ ...ENVIRONMENT_VARIABLES }, "empty");
      expect(foldWhitespace(result.stderr)).toContain("The MLSpace App Policy would have no statements, which IAM rejects");
    });
  });

  it("declares every input of the contract with its default", () => {
    const declared = INPUTS.map((i) => [i.name, i.default]);
    expect(declared).toContainEqual(["write_actions", [...WRITE_ACTION_NAMES]]);
    // New inputs default to nothing: an existing configuration grants exactly what it did.
    expect(declared).toContainEqual(["describe_actions", []]);
    expect(declared).toContainEqual(["aws_base_images", []]);
    expect(declared.map(([name]) => name)).toEqual([
      "partition",
      "region",
      "account_id",
      "read_repositories",
      "write_repositories",
      "write_actions",
      "describe_actions",
      "aws_base_images",
      "app_policy",
      "notebook_policy",
      "permission_boundary",
      "tags",
      "principal_tag_keys",
      "compaction",
      "repository_ownership",
    ]);
  });
});
