import "cdktf/lib/testing/adapters/jest";
import type { PolicyDocument, PolicyStatement } from "../modules/mlspace-ecr-access/policy-document";
import { cellItem } from "../tools/plan-review/analysis/boundary-warnings";
import { parsePlanJson, PlanJson } from "../tools/plan-review/analysis/plan-json";
import { planOf } from "./support/hand-written-plan";
import { fateLabel, policySets } from "../tools/plan-review/analysis/policy-changes";
import { sizeReport } from "../tools/plan-review/analysis/policy-size";
import { environmentOf, repositoryRows } from "../tools/plan-review/analysis/repository-rows";
import { reviewPlan } from "../tools/plan-review/analysis/review";
import { allowedOnlyBy } from "../tools/plan-review/analysis/role-access";
import { diffStatements } from "../tools/plan-review/analysis/statement-diff";
import { statementWarnings } from "../tools/plan-review/analysis/statement-warnings";
import { matchesResource } from "../modules/mlspace-ecr-access/iam-wildcards";

/** The review's pure parts, on hand-written documents and plans: no Terraform. */

const document = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });
const arn = (name: string) => `arn:aws:ecr:us-east-1:123456789012:repository/${name}`;

describe("statement diff by Sid", () => {
  it.each([
    {
      name: "a resource added to a named statement",
      before: document({ Sid: "Read", Effect: "Allow", Action: ["ecr:BatchGetImage"], Resource: [arn("a")] }),
      after: document({ Sid: "Read", Effect: "Allow", Action: ["ecr:BatchGetImage"], Resource: [arn("a"), arn("b")] }),
      expected: [{ kind: "changed", sid: "Read", resource: { added: [arn("b")], removed: [] }, action: { added: [], removed: [] } }],
    },
    {
      name: "an action removed, a string and a one-item list being the same",
      before: document({ Sid: "W", Effect: "Allow", Action: ["ecr:PutImage", "ecr:DeleteRepository"], Resource: arn("a") }),
      after: document({ Sid: "W", Effect: "Allow", Action: "ecr:PutImage", Resource: [arn("a")] }),
      expected: [{ kind: "changed", sid: "W", action: { added: [], removed: ["ecr:DeleteRepository"] }, resource: { added: [], removed: [] } }],
    },
    {
      name: "a named statement added and another removed",
      before: document({ Sid: "Old", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
      after: document({ Sid: "New", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
      expected: [
        { kind: "added", sid: "New", action: { added: ["s3:GetObject"], removed: [] } },
        { kind: "removed", sid: "Old", action: { added: [], removed: ["s3:GetObject"] } },
      ],
    },
    {
      name: "an unnamed statement changed: it has no identity, so it is removed and another added",
      before: document({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
      after: document({ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }),
      expected: [
        { kind: "added", sid: undefined, label: "s3:PutObject" },
        { kind: "removed", sid: undefined, label: "s3:GetObject" },
      ],
    },
    {
      name: "a condition changed",
      before: document({ Sid: "C", Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "a" } } }),
      after: document({ Sid: "C", Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "b" } } }),
      expected: [{ kind: "changed", otherChanged: [{ element: "Condition", before: { StringEquals: { "iam:PassedToService": "a" } }, after: { StringEquals: { "iam:PassedToService": "b" } } }] }],
    },
    {
      name: "an effect turned to Deny",
      before: document({ Sid: "E", Effect: "Allow", Action: "ecr:PutImage", Resource: "*" }),
      after: document({ Sid: "E", Effect: "Deny", Action: "ecr:PutImage", Resource: "*" }),
      expected: [{ kind: "changed", effect: { before: "Allow", after: "Deny" } }],
    },
  ])("$name", ({ before, after, expected }) => {
    // given two documents, when diffed
    const diff = diffStatements(before, after);
    // then
    expect(diff.changes).toEqual(expected.map((e) => expect.objectContaining(e)));
    expect(diff.reorderedOnly).toBe(false);
  });

  it("sees a reorder of statements, actions and resources as no change, and says it is only a reorder", () => {
    const one = { Sid: "A", Effect: "Allow" as const, Action: ["ecr:A", "ecr:B"], Resource: [arn("a"), arn("b")] };
    const two = { Effect: "Allow" as const, Action: "s3:GetObject", Resource: "*" };
    const diff = diffStatements(document(one, two), document(two, { ...one, Action: ["ecr:B", "ecr:A"], Resource: [arn("b"), arn("a")] }));
    expect(diff).toEqual({ changes: [], unchanged: 2, reorderedOnly: true });
  });

  it("treats a missing document as no statements (create, delete)", () => {
    const after = document({ Sid: "A", Effect: "Allow", Action: "ecr:PutImage", Resource: "*" });
    expect(diffStatements(undefined, after).changes.map((c) => c.kind)).toEqual(["added"]);
    expect(diffStatements(after, undefined).changes.map((c) => c.kind)).toEqual(["removed"]);
  });
});

describe("statement warnings", () => {
  const kindsAndItems = async (statement: PolicyStatement) =>
    (await statementWarnings("notebook", document(statement))).map((w) => [w.kind, [...w.items].sort(), w.origin]);

  it.each([
    {
      name: "write actions on Resource *",
      statement: { Sid: "MlspaceEcrAccessWrite", Effect: "Allow", Action: ["ecr:PutImage", "ecr:GetAuthorizationToken"], Resource: "*" },
      // GetAuthorizationToken takes no resource: "*" is its only form, not a warning.
      expected: [["write-on-any-resource", ["ecr:PutImage"], "ours"]],
    },
    {
      name: "repository-deleting and policy-changing actions",
      statement: { Sid: "W", Effect: "Allow", Action: ["ecr:DeleteRepository", "ecr:SetRepositoryPolicy", "ecr:PutImage"], Resource: arn("a") },
      expected: [
        ["deletes-repositories", ["ecr:DeleteRepository"], "base"],
        ["changes-policies", ["ecr:SetRepositoryPolicy"], "base"],
      ],
    },
    {
      name: "an action wildcard, expanded to what it covers",
      statement: { Effect: "Allow", Action: "ecr:Delete*", Resource: arn("a") },
      expected: [
        ["deletes-repositories", ["ecr:DeleteRepository"], "base"],
        ["changes-policies", ["ecr:DeleteRegistryPolicy", "ecr:DeleteRepositoryPolicy"], "base"],
        ["action-wildcard", ["ecr:Delete*"], "base"],
      ],
    },
    {
      name: "the wildcard of every action",
      statement: { Effect: "Allow", Action: "*", Resource: "*" },
      expected: [
        ["write-on-any-resource", ["*"], "base"],
        ["deletes-repositories", ["*"], "base"],
        ["changes-policies", ["*"], "base"],
        ["action-wildcard", ["*"], "base"],
      ],
    },
    {
      name: "Allow with NotAction",
      statement: { Effect: "Allow", NotAction: "iam:*", Resource: arn("a") },
      expected: [["allow-not-action", ["iam:*"], "base"]],
    },
    {
      name: "an action the catalogue does not know",
      statement: { Effect: "Allow", Action: "ecr:PutImages", Resource: arn("a") },
      expected: [["unknown-action", ["ecr:PutImages"], "base"]],
    },
    {
      name: "a Deny: nothing to warn about",
      statement: { Effect: "Deny", Action: "*", Resource: "*" },
      expected: [],
    },
    {
      name: "reads on named repositories: nothing to warn about",
      statement: { Sid: "MlspaceEcrAccessRead", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: [arn("a")] },
      expected: [],
    },
  ] as { name: string; statement: PolicyStatement; expected: unknown[] }[])("$name", async ({ statement, expected }) => {
    expect(await kindsAndItems(statement)).toEqual(expected);
  });
});

describe("boundary checks from the evaluator's decisions", () => {
  it.each([
    {
      name: "a Notebook grant the boundary does not allow is useless",
      notebook: document({ Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:PutImage"], Resource: arn("a") }),
      boundary: document({ Effect: "Allow", Action: "ecr:BatchGetImage", Resource: arn("a") }),
      useless: ["ecr:PutImage on a"],
      unused: [],
    },
    {
      name: "a boundary grant no identity policy makes is unused",
      notebook: document({ Effect: "Allow", Action: "ecr:BatchGetImage", Resource: arn("a") }),
      boundary: document({ Effect: "Allow", Action: "ecr:BatchGetImage", Resource: [arn("a"), arn("b")] }, { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" }),
      useless: [],
      unused: ["ecr:BatchGetImage on b", "ecr:GetAuthorizationToken"],
    },
    {
      name: "an explicit deny in the boundary makes the grant useless",
      notebook: document({ Effect: "Allow", Action: "ecr:PutImage", Resource: arn("a") }),
      boundary: document({ Effect: "Allow", Action: "ecr:*", Resource: "*" }, { Effect: "Deny", Action: "ecr:PutImage", Resource: "*" }),
      useless: ["ecr:PutImage on a"],
      unused: "some",
    },
  ])("$name", async ({ notebook, boundary, useless, unused }) => {
    // given a plan creating the two documents
    const review = await reviewPlan(planOf({ notebook: { before: null, after: notebook }, boundary: { before: null, after: boundary } }, { read_repositories: ["a", "b"] }));
    const [set] = review.sets;
    // when the warnings are read
    const items = (kind: string) => set.warnings.filter((w) => w.kind === kind).flatMap((w) => w.items).sort();
    // then
    expect(items("useless-notebook-grant")).toEqual(useless);
    if (unused !== "some") expect(items("unused-boundary-grant")).toEqual(unused);
    else expect(items("unused-boundary-grant").length).toBeGreaterThan(0);
    expect(allowedOnlyBy(set.access.after.notebookAlone, set.access.after.boundaryAlone).map(cellItem).sort()).toEqual(useless);
  });
});

describe("repository rows", () => {
  const environment = { partition: "aws", region: "us-east-1", accountId: "123456789012" };
  const rows = (variables: Record<string, unknown>, documents: PolicyDocument[] = []) =>
    repositoryRows(planOf({}, variables), documents, environment).map((r) => [r.label, r.probe.split(":").slice(4).join(":"), r.configuredAs.join("+"), r.otherAccount]);

  it.each([
    {
      name: "names, a prefix asked through one repository it matches, and the rest",
      variables: { read_repositories: ["r1", "team/*"], write_repositories: ["r1"] },
      expected: [
        ["r1", "123456789012:repository/r1", "read+write", false],
        ["team/*", "123456789012:repository/team/example", "read", false],
        ["any other repository", "123456789012:repository/other-repository", "", false],
      ],
    },
    {
      name: "a repository of another account keeps its ARN and is flagged",
      variables: { read_repositories: ["arn:aws:ecr:us-west-2:210987654321:repository/shared"] },
      expected: [
        ["arn:aws:ecr:us-west-2:210987654321:repository/shared", "210987654321:repository/shared", "read", true],
        ["any other repository", "123456789012:repository/other-repository", "", false],
      ],
    },
    {
      name: '"*" is the "any other repository" row, configured',
      variables: { read_repositories: ["*"] },
      expected: [["any other repository", "123456789012:repository/other-repository", "read", false]],
    },
    {
      name: "the stand-in for any other repository matches no listed pattern",
      variables: { read_repositories: ["o*", "a*"] },
      expected: [
        ["o*", "123456789012:repository/oexample", "read", false],
        ["a*", "123456789012:repository/aexample", "read", false],
        ["any other repository", "123456789012:repository/zz-unlisted-repository", "", false],
      ],
    },
    {
      name: "a repository only a document names (dropped from the inputs) still gets a row",
      variables: { read_repositories: ["r1"] },
      documents: [document({ Effect: "Allow", Action: "ecr:BatchGetImage", Resource: [arn("r1"), arn("gone")] })],
      expected: [
        ["r1", "123456789012:repository/r1", "read", false],
        ["gone", "123456789012:repository/gone", "", false],
        ["any other repository", "123456789012:repository/other-repository", "", false],
      ],
    },
  ])("$name", ({ variables, documents, expected }) => {
    expect(rows(variables, documents)).toEqual(expected);
  });

  it("finds the environment in the variables, else the documents' ARNs, else says it assumed one", () => {
    const plan = (variables: Record<string, unknown>) => ({ ...planOf({}), variables: Object.fromEntries(Object.entries(variables).map(([k, value]) => [k, { value }])) });
    expect(environmentOf(plan({ partition: "aws-us-gov", region: "us-gov-west-1", account_id: "111122223333" }), [])).toEqual({
      partition: "aws-us-gov",
      region: "us-gov-west-1",
      accountId: "111122223333",
      source: "variables",
    });
    const docs = [document({ Effect: "Allow", Action: "ecr:BatchGetImage", Resource: "arn:aws-cn:ecr:cn-north-1:444455556666:repository/x" })];
    expect(environmentOf(plan({ partition: null }), docs)).toEqual({ partition: "aws-cn", region: "cn-north-1", accountId: "444455556666", source: "documents" });
    expect(environmentOf(plan({}), []).source).toBe("assumed");
  });
});

describe("what happens to a policy", () => {
  it.each([
    { change: { fate: "create" }, expected: "create" },
    { change: { fate: "update" }, expected: "update in place" },
    { change: { fate: "replace" }, expected: "replace" },
    { change: { fate: "delete" }, expected: "delete" },
    { change: { fate: "no-op" }, expected: "no change" },
    { change: { fate: "no-op", importId: "arn:x" }, expected: "import" },
    { change: { fate: "update", importId: "arn:x" }, expected: "import, then update in place" },
    { change: { fate: "no-op", movedFrom: "aws_iam_policy.old" }, expected: "move from `aws_iam_policy.old`" },
  ] as { change: Parameters<typeof fateLabel>[0]; expected: string }[])("$expected", ({ change, expected }) => {
    expect(fateLabel(change)).toBe(expected);
  });

  it("reads a replace with the attribute that forces it", () => {
    const plan = planOf({ app: { before: document(), after: document(), actions: ["delete", "create"] } });
    (plan.resource_changes![0].change as { replace_paths?: string[][] }).replace_paths = [["name"]];
    expect(policySets(plan)[0].policies.app).toMatchObject({ fate: "replace", replaceBecause: ["name"] });
  });

  it("reads the roles the policy is attached to, and warns about each role that gains or loses it", async () => {
    // given a plan that attaches the App policy to one role and detaches it from another
    const plan = planOf({ app: { before: document(), after: document(), actions: ["no-op"] } });
    const attachment = (role: string, actions: string[]) => ({
      address: `aws_iam_role_policy_attachment.app["${role}"]`,
      mode: "managed",
      type: "aws_iam_role_policy_attachment",
      name: "app",
      index: role,
      change: { actions, before: actions.includes("create") ? null : { role }, after: actions.includes("delete") ? null : { role }, after_unknown: {} },
    });
    plan.resource_changes!.push(attachment("mlspace-app-role", ["create"]) as never, attachment("old-role", ["delete"]) as never, attachment("kept-role", ["no-op"]) as never);
    // when
    const [set] = (await reviewPlan(plan)).sets;
    // then
    expect(set.policies[0].change.attachments).toEqual([
      { role: "mlspace-app-role", fate: "create" },
      { role: "old-role", fate: "delete" },
      { role: "kept-role", fate: "no-op" },
    ]);
    expect(set.warnings.filter((w) => w.kind === "attach" || w.kind === "detach").map((w) => [w.kind, w.severity, w.items])).toEqual([
      ["detach", "danger", ["old-role"]],
      ["attach", "warning", ["mlspace-app-role"]],
    ]);
  });

  it("reads each role's fate from the exclusive attachment's roles before (as IAM holds them) and after", async () => {
    // given a Notebook ECR policy that MLSpace put on "mlspace-new" since the last apply, on a role since deleted, and not yet on "joined"
    const plan = planOf({ notebook: { before: document(), after: document(), actions: ["no-op"] } });
    const exclusive = (actions: string[], before: string[] | null, after: string[] | null) => ({
      address: "aws_iam_policy_attachment.notebook[0]",
      mode: "managed",
      type: "aws_iam_policy_attachment",
      name: "notebook",
      index: 0,
      change: { actions, before: before && { roles: before }, after: after && { roles: after }, after_unknown: {} },
    });
    plan.resource_changes!.push(exclusive(["update"], ["mlspace-new", "mlspace-notebook-role", "outsider"], ["joined", "mlspace-new", "mlspace-notebook-role"]) as never);
    // when
    const [set] = (await reviewPlan(plan)).sets;
    // then
    expect(set.policies[0].change.attachments).toEqual([
      { role: "mlspace-new", fate: "no-op" },
      { role: "mlspace-notebook-role", fate: "no-op" },
      { role: "outsider", fate: "delete" },
      { role: "joined", fate: "create" },
    ]);
    expect(set.warnings.filter((w) => w.kind === "attach" || w.kind === "detach").map((w) => [w.kind, w.items])).toEqual([
      ["detach", ["outsider"]],
      ["attach", ["joined"]],
    ]);
  });

  it.each([
    { name: "created", actions: ["create"], before: null, after: ["a", "b"], fates: [["a", "create"], ["b", "create"]] },
    { name: "destroyed", actions: ["delete"], before: ["a", "b"], after: null, fates: [["a", "delete"], ["b", "delete"]] },
    { name: "replaced with the policy", actions: ["delete", "create"], before: ["a", "b"], after: ["b", "c"], fates: [["a", "delete"], ["b", "replace"], ["c", "create"]] },
    { name: "unchanged", actions: ["no-op"], before: ["a"], after: ["a"], fates: [["a", "no-op"]] },
  ])("reads an exclusive attachment $name", ({ actions, before, after, fates }) => {
    // given
    const plan = planOf({ app: { before: document(), after: document(), actions: ["no-op"] } });
    plan.resource_changes!.push({
      address: "aws_iam_policy_attachment.app[0]",
      mode: "managed",
      type: "aws_iam_policy_attachment",
      name: "app",
      index: 0,
      change: { actions: actions as never, before: before && { roles: before }, after: after && { roles: after }, after_unknown: {} },
    });
    // when
    const attachments = policySets(plan)[0].policies.app!.attachments;
    // then
    expect(attachments.map((a) => [a.role, a.fate])).toEqual(fates);
  });

  it("measures sizes as IAM does, and what is left", () => {
    expect(sizeReport({ text: '{ "a": 1 }', unknown: false }, { text: "x".repeat(6200), unknown: false })).toEqual({ limit: 6144, before: 7, after: 6200, left: -56, percent: 100 });
    expect(sizeReport(undefined, undefined)).toEqual({ limit: 6144 });
  });
});

describe("reading a plan's JSON", () => {
  it.each([
    { name: "a binary plan", text: "PK\u0003\u0004…", message: "is a binary plan file, not its JSON: run `terraform show -json" },
    { name: "not JSON", text: "Terraform will perform", message: "is not JSON" },
    { name: "a state's JSON", text: JSON.stringify({ format_version: "1.0", values: {} }), message: "is the JSON of a state, not of a plan" },
    { name: "no format version", text: JSON.stringify({ resource_changes: [] }), message: "has no format_version 1.x" },
    { name: "an errored plan", text: JSON.stringify({ format_version: "1.2", resource_changes: [], errored: true }), message: "is an errored plan" },
  ])("rejects $name, saying how to make the right file", ({ text, message }) => {
    expect(() => parsePlanJson(text, "plan.json")).toThrow(message);
  });

  it("rejects a plan of something else, naming what it looks for", () => {
    expect(() => policySets({ format_version: "1.2", resource_changes: [] } as unknown as PlanJson)).toThrow("changes none of aws_iam_policy.app, .notebook, .boundary");
  });
});

describe("IAM wildcards", () => {
  it.each([
    ["arn:aws:ecr:*:*:repository/team/*", arn("team/a/b"), true],
    ["arn:aws:ecr:us-east-1:123456789012:repository/team?", arn("team1"), true],
    ["arn:aws:ecr:us-east-1:123456789012:repository/team?", arn("team12"), false],
    ["arn:aws:ecr:us-east-1:123456789012:repository/Team", arn("team"), false],
  ])("%s matches %s: %s", (pattern, value, expected) => {
    expect(matchesResource(pattern, value)).toBe(expected);
  });
});
