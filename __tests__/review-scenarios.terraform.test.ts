import "cdktf/lib/testing/adapters/jest";
import { READ_ACTIONS, WRITE_ACTION_NAMES } from "../modules/mlspace-ecr-access/ecr-actions";
import { policySize } from "../modules/mlspace-ecr-access/policy-document";
import type { PlanJson } from "../tools/plan-review/analysis/plan-json";
import { renderReview } from "../tools/plan-review/render/render-review";
import { Review, reviewPlan, SetReview } from "../tools/plan-review/analysis/review";
import { cellChange, changedCells, RoleKey } from "../tools/plan-review/analysis/role-access";
import { expectGolden } from "./support/golden";
import { planScenarios, ScenarioName, SCENARIOS } from "./support/review-scenarios";

/**
 * The review of real plans: each scenario is planned by the real Terraform CLI and AWS provider
 * against the local IAM endpoint, after a real apply where it starts from existing policies (see
 * support/review-scenarios.ts). What each role gains or loses is asserted as the evaluator's
 * decisions; one golden Markdown file per scenario guards the layout
 * (UPDATE_GOLDEN=1 rewrites them).
 */

const AUTH = "ecr:GetAuthorizationToken";
const PULL = [...READ_ACTIONS].sort();
const PUSH = ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"];
const ALL_WRITE = WRITE_ACTION_NAMES.map((name) => `ecr:${name}`);

/** "gained ecr:PutImage on custom-repo2", sorted: a role's access changes as data. */
function accessChanges(set: SetReview, role: RoleKey): string[] {
  return changedCells(set.access.roles[role])
    .map((cell) => `${cellChange(cell)} ${cell.action}${cell.row === "*" ? "" : ` on ${cell.row}`}`)
    .sort();
}

const on = (direction: "gained" | "lost", actions: string[], rows: string[]) => actions.flatMap((action) => rows.map((row) => `${direction} ${action} on ${row}`));
const sorted = (list: string[]) => [...new Set(list)].sort();

describe("the review of real plans", () => {
  let plans: Record<ScenarioName, PlanJson>;
  const reviews = {} as Record<ScenarioName, Review>;
  const only = (name: ScenarioName) => {
    expect(reviews[name].sets).toHaveLength(1);
    return reviews[name].sets[0];
  };
  const fates = (name: ScenarioName) => Object.fromEntries(only(name).policies.map((p) => [p.change.key, p.fate]));
  const newWarnings = (name: ScenarioName) =>
    only(name)
      .warnings.filter((w) => w.isNew && w.origin !== "base")
      .map((w) => `${w.kind} ${w.policy}${w.statement ? ` ${w.statement}` : ""}`)
      .sort();

  beforeAll(async () => {
    plans = await planScenarios();
    for (const scenario of SCENARIOS) reviews[scenario.name] = await reviewPlan(plans[scenario.name]);
  });

  it.each(SCENARIOS.map((s) => [s.name, s.what]))("%s (%s): the review matches its golden file", (name) => {
    const { markdown, truncated } = renderReview(reviews[name as ScenarioName]);
    expect(truncated).toEqual([]);
    expectGolden(`review/${name}.md`, markdown);
  });

  it("measures every document as IAM does, before and after", () => {
    for (const scenario of SCENARIOS) {
      for (const policy of only(scenario.name).policies) {
        const { before, after } = policy.change;
        expect(policy.size.before).toBe(before?.text === undefined ? undefined : policySize(before.text));
        expect(policy.size.after).toBe(after?.text === undefined ? undefined : policySize(after.text));
      }
    }
  });

  describe("create from nothing", () => {
    it("creates the three policies", () => {
      expect(fates("create")).toEqual({ app: "create", notebook: "create", boundary: "create" });
      expect(only("create").policies.every((p) => p.change.before === undefined && p.size.before === undefined)).toBe(true);
    });

    it("both roles gain the pulls on the read repositories and every write action on the write repository (MLSpace gives the App role the Notebook policy too)", () => {
      const read = ["custom-repo1", "custom-repo2", "team/*"];
      const gained = sorted([`gained ${AUTH}`, ...on("gained", PULL, read), ...on("gained", ALL_WRITE, ["custom-repo1"])]);
      expect(accessChanges(only("create"), "app")).toEqual(gained);
      expect(accessChanges(only("create"), "notebook")).toEqual(gained);
    });

    it("warns first about the default write actions that delete repositories and change policies, and about room left", () => {
      expect(newWarnings("create")).toEqual(
        [
          "changes-policies boundary MlspaceEcrAccessWrite",
          "changes-policies notebook MlspaceEcrAccessWrite",
          "close-to-limit boundary",
          "close-to-limit notebook",
          "deletes-repositories boundary MlspaceEcrAccessWrite",
          "deletes-repositories notebook MlspaceEcrAccessWrite",
        ].sort(),
      );
      const deleting = only("create").warnings.find((w) => w.kind === "deletes-repositories" && w.policy === "notebook")!;
      expect([...deleting.items].sort()).toEqual(["ecr:BatchDeleteImage", "ecr:DeleteRepository"]);
    });
  });

  describe("add a write repository", () => {
    it("updates the Notebook policy and the boundary, not the App policy", () => {
      expect(fates("add-write-repository")).toEqual({ app: "no change", notebook: "update in place", boundary: "update in place" });
    });

    it("both roles gain exactly the push on custom-repo2 (the layer check they already had by reading; the App role through the Notebook policy)", () => {
      expect(accessChanges(only("add-write-repository"), "app")).toEqual(sorted(on("gained", PUSH, ["custom-repo2"])));
      expect(accessChanges(only("add-write-repository"), "notebook")).toEqual(sorted(on("gained", PUSH, ["custom-repo2"])));
    });

    it("shows the statement changes by Sid: custom-repo2 moves from Read to Write (write implies read)", () => {
      const notebook = only("add-write-repository").policies.find((p) => p.change.key === "notebook")!;
      const customRepo2 = "arn:aws:ecr:us-east-1:123456789012:repository/custom-repo2";
      expect(notebook.statements.changes).toEqual([
        expect.objectContaining({ kind: "changed", sid: "MlspaceEcrAccessRead", action: { added: [], removed: [] }, resource: { added: [], removed: [customRepo2] } }),
        expect.objectContaining({ kind: "changed", sid: "MlspaceEcrAccessWrite", action: { added: [], removed: [] }, resource: { added: [customRepo2], removed: [] } }),
      ]);
    });

    it("asks the evaluator about every configured repository and one no entry matches", () => {
      const notebook = only("add-write-repository").access.roles.notebook;
      const decision = (action: string, row: string) => notebook.cells.find((c) => c.action === action && c.row === row)!;
      expect(notebook.rows.map((r) => [r.label, r.configuredAs.join("+")])).toEqual([
        ["custom-repo1", "read+write"],
        ["custom-repo2", "read+write"],
        ["team/*", "read"],
        ["any other repository", ""],
      ]);
      expect(decision("ecr:PutImage", "custom-repo2")).toMatchObject({ before: "ImplicitlyDenied", after: "Allowed" });
      expect(decision("ecr:PutImage", "team/*")).toMatchObject({ before: "ImplicitlyDenied", after: "ImplicitlyDenied" });
      expect(notebook.cells.filter((c) => c.row === "any other repository").every((c) => c.after !== "Allowed")).toBe(true);
    });
  });

  describe("remove a read repository", () => {
    it("both roles lose the pulls on custom-repo2, which stays in the table though no input lists it any more", () => {
      const set = only("remove-read-repository");
      expect(accessChanges(set, "app")).toEqual(sorted(on("lost", PULL, ["custom-repo2"])));
      expect(accessChanges(set, "notebook")).toEqual(sorted(on("lost", PULL, ["custom-repo2"])));
      expect(set.rows.find((r) => r.label === "custom-repo2")?.configuredAs).toEqual([]);
    });
  });

  describe("a change that only reorders", () => {
    it("changes nothing: no policy is updated and no role's access changes", () => {
      expect(fates("reorder-only")).toEqual({ app: "no change", notebook: "no change", boundary: "no change" });
      expect(accessChanges(only("reorder-only"), "app")).toEqual([]);
      expect(accessChanges(only("reorder-only"), "notebook")).toEqual([]);
      expect(only("reorder-only").policies.map((p) => p.reorderedInConfiguration)).toEqual([true, true, true]);
    });

    it("says so in words", () => {
      const { markdown } = renderReview(reviews["reorder-only"]);
      expect(markdown).toContain("**App role** (App and Notebook policies, as MLSpace attaches them; no permissions boundary): **no change in access**.");
      expect(markdown).toContain(
        "**Notebook role** (a project-user role: Notebook policy under the permission boundary, tagged project alpha, user alice): **no change in access**.",
      );
    });
  });

  describe("add each project's own repositories, owned by tag", () => {
    const PROJECT_ROWS = ["projects/{project}/* · tagged own", "projects/{project}/* · tagged another", "projects/{project}/* · untagged"];

    it("asks about the repositories under projects/ tagged with the caller's project, with another's, and untagged", () => {
      const rows = only("add-tag-owned-projects").rows.filter((row) => row.entry === "projects/{project}/*");
      expect(rows.map((row) => [row.label, row.resourceTags])).toEqual([
        [PROJECT_ROWS[0], { project: "alpha" }],
        [PROJECT_ROWS[1], { project: "beta" }],
        [PROJECT_ROWS[2], {}],
      ]);
    });

    it("the project-user role gains pull and push on the repositories tagged with its project only; the App role gains the pulls on all of them", () => {
      expect(accessChanges(only("add-tag-owned-projects"), "notebook")).toEqual(sorted(on("gained", [...PULL, ...PUSH], [PROJECT_ROWS[0]])));
      expect(accessChanges(only("add-tag-owned-projects"), "app")).toEqual(sorted(on("gained", PULL, PROJECT_ROWS)));
    });

    it("does not warn about project and user names, which tags need not carry", () => {
      expect(only("add-tag-owned-projects").warnings.filter((w) => w.kind === "unnameable-owners")).toEqual([]);
    });
  });

  describe("adopt with import", () => {
    it("imports each existing policy by its ARN, then adds the ECR statements in place", () => {
      expect(fates("adopt-with-import")).toEqual({
        app: "import, then update in place",
        notebook: "import, then update in place",
        boundary: "import, then update in place",
      });
      expect(only("adopt-with-import").policies.map((p) => p.change.importId)).toEqual([
        "arn:aws:iam::123456789012:policy/mlspace-app-policy",
        "arn:aws:iam::123456789012:policy/mlspace-notebook-policy",
        "arn:aws:iam::123456789012:policy/mlspace-project-user-permission-boundary",
      ]);
    });

    it("diffs against the policies as they are in IAM: only our statements are added, and their warnings are not new", () => {
      const set = only("adopt-with-import");
      for (const policy of set.policies) {
        expect(policy.statements.changes.every((c) => c.kind === "added" && c.sid?.startsWith("MlspaceEcrAccess"))).toBe(true);
      }
      expect(set.warnings.filter((w) => w.isNew && w.origin === "base")).toEqual([]);
      expect(accessChanges(set, "notebook")).toEqual(
        sorted([`gained ${AUTH}`, ...on("gained", PULL, ["custom-repo1", "custom-repo2", "team/*"]), ...on("gained", PUSH, ["custom-repo1"])]),
      );
    });
  });

  describe("a replace caused by a rename", () => {
    it("replaces the Notebook policy because its name changes, and flags it as dangerous", () => {
      const set = only("replace-by-rename");
      expect(fates("replace-by-rename")).toEqual({ app: "no change", notebook: "replace", boundary: "no change" });
      expect(set.policies[1].change.replaceBecause).toEqual(["name"]);
      expect(set.warnings[0]).toMatchObject({ kind: "replace", severity: "danger", policy: "notebook", isNew: true });
      expect(renderReview(reviews["replace-by-rename"]).markdown).toContain("🛑 **replace** (dangerous)");
    });

    it("changes no access (if the roles get the new policy)", () => {
      expect(accessChanges(only("replace-by-rename"), "notebook")).toEqual([]);
    });
  });
});
