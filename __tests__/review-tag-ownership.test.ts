import "cdktf/lib/testing/adapters/jest";
import { renderPolicies } from "../modules/mlspace-ecr-access/documents";
import { MlspaceEcrAccessInputs, terraformValues } from "../modules/mlspace-ecr-access/literal-inputs";
import type { RepositoryOwnership } from "../modules/mlspace-ecr-access/ownership";
import { repositoryRows } from "../tools/plan-review/analysis/repository-rows";
import { Review, reviewPlan } from "../tools/plan-review/analysis/review";
import { cellChange, RoleKey } from "../tools/plan-review/analysis/role-access";
import { renderFullReview } from "../tools/plan-review/render/render-review";
import { planOf } from "./support/hand-written-plan";

/**
 * The review of tag ownership (`repository_ownership = "tag"`) on hand-written plans of the
 * module's own documents: a `{project}` or `{user}` entry's rows are the repositories there tagged
 * with the caller's project (or user), tagged with another's, and untagged, each asked of the
 * evaluator with those repository tags, for the App role and a project-user role, before and after.
 */

const environment = { partition: "aws", region: "us-east-1", accountId: "123456789012" };
const ACCESS: MlspaceEcrAccessInputs = {
  readRepositories: ["users/{user}/*"],
  writeRepositories: ["projects/{project}/*"],
  writeActions: ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage", "CreateRepository"],
};
const variablesOf = (ownership: RepositoryOwnership) => ({
  repository_ownership: ownership,
  read_repositories: ACCESS.readRepositories,
  write_repositories: ACCESS.writeRepositories,
  write_actions: ACCESS.writeActions,
});
const documentsOf = (ownership: RepositoryOwnership) => {
  const policies = renderPolicies(terraformValues({ ...ACCESS, repositoryOwnership: ownership }), environment);
  return { app: policies.app.document, notebook: policies.notebook.document, boundary: policies.boundary.document };
};

const PROJECT_ROWS = ["projects/{project}/* · tagged own", "projects/{project}/* · tagged another", "projects/{project}/* · untagged"];
const USER_ROWS = ["users/{user}/* · tagged own", "users/{user}/* · tagged another", "users/{user}/* · untagged"];

/** The rows where the role may do the action after the plan, and how each cell changed. */
const allowedAfter = (review: Review, role: RoleKey, action: string) =>
  review.sets[0].access.roles[role].cells.filter((cell) => cell.action === action && cell.after === "Allowed").map((cell) => cell.row);
const changesOf = (review: Review, role: RoleKey, action: string) =>
  Object.fromEntries(review.sets[0].access.roles[role].cells.filter((cell) => cell.action === action).map((cell) => [cell.row, cellChange(cell)]));

describe("the repository rows of tag ownership", () => {
  it("asks about repositories tagged with the caller's project or user, with another's, and untagged, in each entry", () => {
    // given
    const plan = planOf({}, variablesOf("tag"));
    // when
    const rows = repositoryRows(plan, Object.values(documentsOf("tag")), environment);
    // then
    expect(rows.map((row) => [row.label, row.kind, row.probe.split("repository/")[1], row.resourceTags])).toEqual([
      ["users/{user}/* · tagged own", "tagged-own", "users/alice/example", { user: "alice" }],
      ["users/{user}/* · tagged another", "tagged-another", "users/bob/example", { user: "bob" }],
      ["users/{user}/* · untagged", "untagged", "users/alice/example", {}],
      ["projects/{project}/* · tagged own", "tagged-own", "projects/alpha/example", { project: "alpha" }],
      ["projects/{project}/* · tagged another", "tagged-another", "projects/beta/example", { project: "beta" }],
      ["projects/{project}/* · untagged", "untagged", "projects/alpha/example", {}],
      ["any other repository", "any-other", "other-repository", undefined],
    ]);
  });

  it("reads the tag keys from principal_tag_keys", () => {
    // given
    const plan = planOf({}, { ...variablesOf("tag"), read_repositories: [], principal_tag_keys: { project: "mlspace:project", user: "mlspace:user" } });
    // when
    const rows = repositoryRows(plan, [], environment);
    // then
    expect(rows.filter((row) => row.kind === "tagged-own").map((row) => row.resourceTags)).toEqual([{ "mlspace:project": "alpha" }]);
  });

  it.each([
    { name: "absent", variables: { write_repositories: ["projects/{project}/*"] } },
    { name: '"name"', variables: { write_repositories: ["projects/{project}/*"], repository_ownership: "name" } },
  ])("keeps the rows of name ownership when repository_ownership is $name", ({ variables }) => {
    // given; when
    const rows = repositoryRows(planOf({}, variables), [], environment);
    // then
    expect(rows.map((row) => [row.kind, row.resourceTags])).toEqual([
      ["own", undefined],
      ["another", undefined],
      ["any-other", undefined],
    ]);
  });
});

describe("the access of tag ownership, asked with the repositories' tags", () => {
  let created: Review;
  beforeAll(async () => {
    // given the three policies created with tag ownership
    const documents = documentsOf("tag");
    const plan = planOf(
      { app: { before: null, after: documents.app }, notebook: { before: null, after: documents.notebook }, boundary: { before: null, after: documents.boundary } },
      variablesOf("tag"),
    );
    // when
    created = await reviewPlan(plan);
  });

  it.each([
    { action: "ecr:BatchGetImage", rows: [USER_ROWS[0], PROJECT_ROWS[0]] },
    { action: "ecr:PutImage", rows: [PROJECT_ROWS[0]] },
    { action: "ecr:CreateRepository", rows: [PROJECT_ROWS[0]] },
  ])("the project-user role may $action only on the repositories tagged as its own", ({ action, rows }) => {
    expect(allowedAfter(created, "notebook", action)).toEqual(rows);
  });

  it("the App role reads every repository of the entries, tagged or not, and writes none", () => {
    expect(allowedAfter(created, "app", "ecr:BatchGetImage")).toEqual([...USER_ROWS, ...PROJECT_ROWS]);
    expect(allowedAfter(created, "app", "ecr:PutImage")).toEqual([]);
    expect(allowedAfter(created, "app", "ecr:CreateRepository")).toEqual([]);
  });

  it("names the rows in plain words, with the tags each is asked with", () => {
    // when
    const markdown = renderFullReview(created);
    // then
    expect(markdown).toContain("repositories under `projects/` tagged with the caller's project, `projects/{project}/*` (asked as `projects/alpha/example`, tagged `project=alpha`)");
    expect(markdown).toContain("repositories under `projects/` tagged with another project's, `projects/{project}/*` (asked as `projects/beta/example`, tagged `project=beta`)");
    expect(markdown).toContain("untagged repositories under `projects/`, `projects/{project}/*` (asked as `projects/alpha/example`, without tags)");
    expect(markdown).toContain("repositories under `users/` tagged with the caller's user, `users/{user}/*`");
    expect(markdown).toContain("`CreateRepository` there is asked with a request that gives the new repository those tags");
    expect(markdown).toContain("no SCP, resource policy, session policy or request context other than the repository tags the access tables name");
  });
});

describe("moving from name ownership to tag ownership", () => {
  it("shows the project-user role losing the repositories its name alone gave it, and keeping those tagged as its own", async () => {
    // given the Notebook policy and the boundary of name ownership, planned to tag ownership
    const [before, after] = [documentsOf("name"), documentsOf("tag")];
    const plan = planOf(
      { app: { before: before.app, after: after.app }, notebook: { before: before.notebook, after: after.notebook }, boundary: { before: before.boundary, after: after.boundary } },
      variablesOf("tag"),
    );
    // when
    const review = await reviewPlan(plan);
    // then
    expect(changesOf(review, "notebook", "ecr:PutImage")).toMatchObject({ [PROJECT_ROWS[0]]: "same", [PROJECT_ROWS[1]]: "same", [PROJECT_ROWS[2]]: "lost" });
    expect(changesOf(review, "notebook", "ecr:BatchGetImage")).toMatchObject({ [USER_ROWS[0]]: "same", [USER_ROWS[2]]: "lost" });
    expect(allowedAfter(review, "notebook", "ecr:PutImage")).toEqual([PROJECT_ROWS[0]]);
    expect(changesOf(review, "app", "ecr:BatchGetImage")).toMatchObject(Object.fromEntries([...USER_ROWS, ...PROJECT_ROWS].map((row) => [row, "same"])));
  });
});
