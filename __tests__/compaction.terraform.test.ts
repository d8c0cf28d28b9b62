import {
  COMPACTION_STEPS,
  CompactionOptions,
  INPUTS,
  MANAGED_POLICY_SIZE_LIMIT,
  POLICY_KEYS,
  renderPolicies,
} from "../modules/mlspace-ecr-access";
import { oversizeInTypeScript } from "../modules/mlspace-ecr-access/preconditions";
import { accessCells, accessMatrix, actionsFor, Principal } from "../tools/iam-evaluator/effective-access";
import { foldWhitespace } from "./support/bad-inputs";
import { ENVIRONMENT, ENVIRONMENT_VARIABLES, fixture } from "./support/fixtures";
import { PlanJson, plannedDocuments, synthesizeDeployableStack, TerraformProject } from "./support/terraform-project";

/**
 * IAM's 6,144-character budget with MLSpace's real policies as bases: the plan stops before apply
 * when a policy is over, and the compaction the user allows makes it fit without changing what
 * MLSpace's roles may do (per an IAM policy evaluator), except where a step says it widens access.
 */

const defaults = Object.fromEntries(INPUTS.map((input) => [input.name, input.default]));
const MLSPACE_BASES = {
  app_policy: { base_policy_json: fixture("app-policy") },
  notebook_policy: { base_policy_json: fixture("notebook-policy") },
  permission_boundary: { base_policy_json: fixture("permission-boundary") },
};
const READ_THREE = { ...ENVIRONMENT_VARIABLES, ...MLSPACE_BASES, read_repositories: ["custom-repo1", "custom-repo2", "custom-repo3"] };
const EXACT_FOR_ROLES: CompactionOptions = { merge_statements: true, exact_action_wildcards: true, boundary_read_ceiling: true };
const READ_WRITE = {
  ...READ_THREE,
  write_repositories: ["custom-repo1"],
  write_actions: ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage"],
  compaction: { ...EXACT_FOR_ROLES, repository_prefix: true },
};

/** The message TypeScript gives for an oversized policy; Terraform must give the same. */
const expectedOversize = (variables: Record<string, unknown>, key: "boundary") => oversizeInTypeScript(key, { ...defaults, ...variables });

const arn = (name: string) => `arn:aws:ecr:us-east-1:123456789012:repository/${name}`;
/** Configured repositories, unlisted ones, and one that shares the configured names' prefix. */
const GRID_REPOSITORIES = ["custom-repo1", "custom-repo2", "custom-repo3", "custom-repo4", "other"].map(arn);

const roles = (documents: Record<"app" | "notebook" | "boundary", any>): Record<string, Principal> => ({
  app: { identityPolicies: [documents.app] },
  notebook: { identityPolicies: [documents.notebook], permissionBoundary: documents.boundary },
});

async function decisions(documents: Record<"app" | "notebook" | "boundary", any>, actions: string[]) {
  const result: Record<string, unknown> = {};
  for (const [role, principal] of Object.entries(roles(documents))) {
    result[role] = accessCells(await accessMatrix({ ...principal, actions, resources: GRID_REPOSITORIES }));
  }
  return result;
}

describe("IAM's size budget with MLSpace's default policies as bases", () => {
  let project: TerraformProject;
  let everyRepositoryAction: string[];
  beforeAll(async () => {
    project = synthesizeDeployableStack().init();
    everyRepositoryAction = await actionsFor("ecr", "repository");
  });

  it("stops the plan, not the apply, when the documented read statements overflow the boundary", () => {
    // given the real boundary and read access to three repositories, with no compaction allowed
    // when
    const { result } = project.tryPlan(READ_THREE, "naive");
    // then
    expect(result.code).not.toBe(0);
    expect(foldWhitespace(result.stderr)).toContain(foldWhitespace(expectedOversize(READ_THREE, "boundary")));
    expect(foldWhitespace(result.stderr)).toContain("set compaction.boundary_read_ceiling = true to in the permission boundary only");
  });

  describe("with the exact and boundary-only compaction allowed", () => {
    let plan: PlanJson;
    const variables = { ...READ_THREE, compaction: EXACT_FOR_ROLES };
    beforeAll(() => {
      plan = project.plan(variables, "compacted");
    });

    it("fits, compacting only the boundary, and says so in the outputs", () => {
      const outputs = plan.planned_values.outputs!;
      expect(outputs.compaction.value).toEqual({ app: [], notebook: [], boundary: ["merge_statements", "exact_action_wildcards", "boundary_read_ceiling"] });
      const sizes = outputs.policy_size.value;
      expect(sizes.boundary).toBeLessThanOrEqual(MANAGED_POLICY_SIZE_LIMIT);
      expect(outputs.policy_size_remaining.value).toEqual(Object.fromEntries(POLICY_KEYS.map((k) => [k, MANAGED_POLICY_SIZE_LIMIT - sizes[k]])));
    });

    it("plans what the TypeScript core renders (compared as data)", () => {
      const expected = renderPolicies({ ...defaults, ...variables }, ENVIRONMENT);
      expect(plannedDocuments(plan)).toEqual(JSON.parse(JSON.stringify({ app: expected.app.document, notebook: expected.notebook.document, boundary: expected.boundary.document })));
    });

    it("gives MLSpace's roles exactly the decisions of the uncompacted documents, on every ECR action and repository", async () => {
      // given the documents without compaction (over the limit, so only rendered, never planned)
      const uncompacted = renderPolicies({ ...defaults, ...READ_THREE }, ENVIRONMENT);
      const plain = { app: uncompacted.app.document, notebook: uncompacted.notebook.document, boundary: uncompacted.boundary.document };
      // when
      const [before, after] = [await decisions(plain, everyRepositoryAction), await decisions(plannedDocuments(plan), everyRepositoryAction)];
      // then
      expect(after).toEqual(before);
      expect(JSON.stringify(after)).toContain('"decision":"Allowed"');
    });

    it("replaces its merged statements when the applied boundary comes back as the base", () => {
      const applied = plannedDocuments(plan).boundary;
      const again = project.plan({ ...variables, permission_boundary: { base_policy_json: JSON.stringify(applied) } }, "compacted-again");
      expect(plannedDocuments(again).boundary).toEqual(applied);
    });
  });

  it("with read and write too, fails at plan with the message naming the boundary's steps that would fit, when no allowed step is enough", () => {
    const { result } = project.tryPlan(READ_WRITE, "read-write");
    const stderr = foldWhitespace(result.stderr);
    expect(result.code).not.toBe(0);
    expect(stderr).toContain(foldWhitespace(expectedOversize(READ_WRITE, "boundary")));
    expect(stderr).toMatch(/set compaction.boundary_all_ecr_actions = true: the boundary would then be 60\d\d characters, whatever the repositories;/);
    expect(stderr).toContain("set compaction.boundary_all_repositories = true to in the permission boundary only");
  });

  it("uses a repository prefix only when allowed and needed, and it grants exactly the repositories with that prefix", async () => {
    // given many repositories with a common prefix, more than the App policy's budget holds as a list
    const names = Array.from({ length: 30 }, (_, i) => `custom-repo${i + 1}`);
    const variables = { ...ENVIRONMENT_VARIABLES, app_policy: MLSPACE_BASES.app_policy, read_repositories: names, compaction: { repository_prefix: true } };
    // when
    const plan = project.plan(variables, "prefix");
    // then
    expect(plan.planned_values.outputs!.compaction.value.app).toEqual(["repository_prefix"]);
    const app = plannedDocuments(plan).app;
    expect(app.Statement.at(-1).Resource).toBe(arn("custom-repo*"));
    const decide = async (repository: string) =>
      accessCells(await accessMatrix({ identityPolicies: [app], actions: ["ecr:BatchGetImage"], resources: [arn(repository)] }))[0].decision;
    expect(await decide("custom-repo7")).toBe("Allowed");
    expect(await decide("custom-repo99")).toBe("Allowed"); // not listed: the access this step adds
    expect(await decide("other")).toBe("ImplicitlyDenied");
  });

  it("describes every compaction step in the compaction input", () => {
    const description = INPUTS.find((input) => input.name === "compaction")!.description;
    for (const step of COMPACTION_STEPS) expect(description).toContain(step.name);
  });
});
