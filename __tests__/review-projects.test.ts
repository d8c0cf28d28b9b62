import "cdktf/lib/testing/adapters/jest";
import type { PolicyDocument, PolicyStatement } from "../modules/mlspace-ecr-access/policy-document";
import { CEILING_SID } from "../modules/mlspace-ecr-access/sids";
import { repositoryRows } from "../tools/plan-review/analysis/repository-rows";
import { reviewPlan } from "../tools/plan-review/analysis/review";
import { diffStatements } from "../tools/plan-review/analysis/statement-diff";
import { renderReview } from "../tools/plan-review/render/render-review";
import { planOf } from "./support/hand-written-plan";

/** The review of MLSpace's projects and users ({project}, {user}) and of the boundary's ECR ceiling, on hand-written plans. */

const document = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });
const arn = (name: string) => `arn:aws:ecr:us-east-1:123456789012:repository/${name}`;

describe("MLSpace's projects and users, and the boundary's ECR ceiling, in the review", () => {
  const environment = { partition: "aws", region: "us-east-1", accountId: "123456789012" };
  const READ = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];
  const host = { Effect: "Allow" as const, Action: ["logs:PutLogEvents"], Resource: "*" };
  const notebook = document(
    { Sid: "MlspaceEcrAccessAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    { Sid: "MlspaceEcrAccessWrite", Effect: "Allow", Action: [...READ, "ecr:PutImage"], Resource: arn("projects/${aws:PrincipalTag/project}/*") },
  );
  const app = document(
    { Sid: "MlspaceEcrAccessAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    { Sid: "MlspaceEcrAccessRead", Effect: "Allow", Action: READ, Resource: arn("projects/*/*") },
  );
  const ceiling = document({ Sid: CEILING_SID, ...host, Action: [...host.Action, "ecr:*"] });
  const variables = { write_repositories: ["projects/{project}/*"], write_actions: ["PutImage"] };

  it("asks about each project's own repositories and another project's, not about the documents' policy variables", () => {
    const rows = repositoryRows(planOf({}, variables), [notebook, app], environment);
    expect(rows.map((r) => [r.label, r.kind, r.probe.split("repository/")[1]])).toEqual([
      ["projects/{project}/* · own", "own", "projects/alpha/example"],
      ["projects/{project}/* · another", "another", "projects/beta/example"],
      ["any other repository", "any-other", "other-repository"],
    ]);
  });

  it("shows the project-user role its own project's repositories, the App role every project's, and says so in words", async () => {
    const review = await reviewPlan(planOf({ app: { before: null, after: app }, notebook: { before: null, after: notebook }, boundary: { before: null, after: ceiling } }, variables));
    const [set] = review.sets;
    const allowedRows = (role: "app" | "notebook", action: string) =>
      set.access.roles[role].cells.filter((cell) => cell.action === action && cell.after === "Allowed").map((cell) => cell.row);
    expect(allowedRows("notebook", "ecr:PutImage")).toEqual(["projects/{project}/* · own"]);
    expect(allowedRows("app", "ecr:BatchGetImage")).toEqual(["projects/{project}/* · own", "projects/{project}/* · another"]);
    expect(allowedRows("app", "ecr:PutImage")).toEqual([]);
    expect(renderReview(review).markdown).toContain("each project's own repositories, `projects/{project}/*`");
  });

  it("explains the boundary's ceiling instead of listing what it allows beyond the Notebook policy", async () => {
    const review = await reviewPlan(planOf({ notebook: { before: null, after: notebook }, boundary: { before: document(host), after: ceiling } }, variables));
    const kinds = review.sets[0].warnings.filter((w) => w.origin !== "base").map((w) => `${w.kind} ${w.severity}`);
    expect(kinds).toContain("boundary-ceiling notice");
    expect(kinds.filter((k) => /unused-boundary-grant|write-on-any-resource|deletes-repositories/.test(k))).toEqual([]);
    const explained = review.sets[0].warnings.find((w) => w.kind === "boundary-ceiling")!;
    expect(explained.message).toContain("it no longer limits ECR by repository");
    expect(explained.items).toEqual(["ecr:*"]);
  });

  it("warns when the Notebook policy's own statements grant ECR, which the ceiling now lets through", async () => {
    const widened = document(...(notebook.Statement as PolicyStatement[]), { Effect: "Allow", Action: "ecr:DeleteRepository", Resource: "*" });
    const review = await reviewPlan(planOf({ notebook: { before: null, after: widened }, boundary: { before: null, after: ceiling } }, variables));
    const warning = review.sets[0].warnings.find((w) => w.kind === "ecr-beyond-ours")!;
    expect(warning).toMatchObject({ severity: "warning", policy: "notebook", items: ["ecr:DeleteRepository"] });
  });

  it("shows the ceiling's host as MLSpace's statement changed, not as one removed and one added", () => {
    const diff = diffStatements(document(host), ceiling);
    expect(diff.changes).toEqual([expect.objectContaining({ kind: "changed", sid: CEILING_SID, action: { added: ["ecr:*"], removed: [] } })]);
  });
});
