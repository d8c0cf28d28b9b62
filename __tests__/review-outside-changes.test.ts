import "cdktf/lib/testing/adapters/jest";
import { mergeIntoBase } from "../modules/mlspace-ecr-access/merge-into-base";
import type { PolicyDocument, PolicyStatement } from "../modules/mlspace-ecr-access/policy-document";
import { statementList } from "../modules/mlspace-ecr-access/policy-document";
import { CEILING_SID } from "../modules/mlspace-ecr-access/sids";
import { reviewPlan, SetReview } from "../tools/plan-review/analysis/review";
import { diffStatements } from "../tools/plan-review/analysis/statement-diff";
import { driftText } from "../tools/plan-review/render/render-policy";
import { newWarningsText } from "../tools/plan-review/render/render-warnings";
import { fixture } from "./support/fixtures";
import { PlannedPolicy, planOf } from "./support/hand-written-plan";

/**
 * What changed outside Terraform since the last apply (the plan's resource_drift), on hand-written
 * plans of MLSpace's real documents: an MLSpace upgrade kept by an adopted policy, with our
 * statements put back, told from a console edit the plan undoes, and from a plan that drops
 * statements IAM holds now.
 */

const document = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });
const arn = (name: string) => `arn:aws:ecr:us-east-1:123456789012:repository/${name}`;
const withStatements = (base: PolicyDocument, ...statements: PolicyStatement[]) => document(...statementList(base), ...statements);

/** MLSpace v1.6.10's documents, and v1.6.8's: the same but for the three Translate actions v1.6.9 made one wildcard. */
const TRANSLATE_LISTS = ["translate:ListLanguages", "translate:ListTerminologies", "translate:ListTextTranslationJobs"];
const READS = ["cloudwatch:PutMetricData", "logs:PutLogEvents", "translate:TranslateText", "translate:TranslateDocument", "comprehend:Detect*"];
const v1610 = (name: "notebook-policy" | "permission-boundary"): PolicyDocument => JSON.parse(fixture(name));
const v168 = (name: "notebook-policy" | "permission-boundary"): PolicyDocument =>
  JSON.parse(fixture(name).replace('"translate:List*"', TRANSLATE_LISTS.map((action) => JSON.stringify(action)).join(", ")));

const OURS: PolicyStatement[] = [
  { Sid: "MlspaceEcrAccessAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
  { Sid: "MlspaceEcrAccessRead", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: [arn("custom-repo1")] },
];
const CEILING = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const BEDROCK: PolicyStatement = { Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:ListFoundationModels"], Resource: "*" };

/** An adopted policy after an upgrade: IAM holds MLSpace's new document (none of ours), the plan puts ours back on it. */
const upgraded = (last: PolicyDocument, now: PolicyDocument, ceiling: string[] = []): PlannedPolicy => ({
  lastApplied: mergeIntoBase(last, ceiling.length ? [] : OURS, ceiling),
  before: now,
  after: mergeIntoBase(now, ceiling.length ? [] : OURS, ceiling),
});

async function reviewed(policies: Parameters<typeof planOf>[0]): Promise<SetReview> {
  const [set] = (await reviewPlan(planOf(policies, { read_repositories: ["custom-repo1"] }))).sets;
  return set;
}

const planWarnings = (set: SetReview) => set.warnings.filter((w) => w.origin === "plan").map((w) => [w.kind, w.severity, w.policy, w.items]);

describe("an unnamed statement changed in one element", () => {
  it.each([
    {
      name: "is one statement changed when asked to pair, as an MLSpace upgrade reads",
      before: document({ Effect: "Allow", Action: [...READS, ...TRANSLATE_LISTS], Resource: "*" }),
      after: document({ Effect: "Allow", Action: [...READS, "translate:List*"], Resource: "*" }),
      expected: [{ kind: "changed", action: { added: ["translate:List*"], removed: TRANSLATE_LISTS }, at: { before: 0, after: 0 } }],
    },
    {
      name: "is paired beside a new statement on the same resource that shares none of its actions",
      before: document({ Effect: "Allow", Action: [...READS, ...TRANSLATE_LISTS], Resource: "*" }),
      after: document({ Effect: "Allow", Action: [...READS, "translate:List*"], Resource: "*" }, { Effect: "Allow", Action: "iam:*", Resource: "*" }),
      expected: [{ kind: "changed", at: { before: 0, after: 0 } }, { kind: "added", label: "iam:*", at: { before: undefined, after: 1 } }],
    },
    {
      name: "stays removed and added when the two share less than half their values",
      before: document({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" }),
      after: document({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: "*" }),
      expected: [{ kind: "added" }, { kind: "removed" }],
    },
    {
      name: "stays removed and added when it differs in two elements",
      before: document({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
      after: document({ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" }),
      expected: [{ kind: "added" }, { kind: "removed" }],
    },
    {
      name: "stays removed and added when two statements are as close",
      before: document({ Effect: "Allow", Action: [...READS, "s3:GetObject"], Resource: "*" }),
      after: document({ Effect: "Allow", Action: [...READS, "s3:PutObject"], Resource: "*" }, { Effect: "Allow", Action: [...READS, "s3:ListBucket"], Resource: "*" }),
      expected: [{ kind: "added" }, { kind: "added" }, { kind: "removed" }],
    },
  ])("$name", ({ before, after, expected }) => {
    expect(diffStatements(before, after, { pairUnnamed: true }).changes).toEqual(expected.map((e) => expect.objectContaining(e)));
  });
});

describe("changes made outside Terraform since the last apply", () => {
  it.each([
    {
      name: "an MLSpace upgrade that changes one statement of the Notebook policy, kept, ours put back",
      policies: { notebook: upgraded(v168("notebook-policy"), v1610("notebook-policy")) },
      theirs: [{ kind: "changed", thisPlan: "kept", added: ["translate:List*"], removed: TRANSLATE_LISTS, dropped: [], restored: [] }],
      unchanged: 13,
      ours: [
        { sid: "MlspaceEcrAccessAuth", was: "missing", putBack: true },
        { sid: "MlspaceEcrAccessRead", was: "missing", putBack: true },
      ],
      warnings: [
        ["outside-change-kept", "notice", "notebook", ["+ translate:List*", ...TRANSLATE_LISTS.map((action) => `− ${action}`)]],
        ["ours-put-back", "notice", "notebook", ["MlspaceEcrAccessAuth", "MlspaceEcrAccessRead"]],
      ],
    },
    {
      name: "the same upgrade of the boundary, compared with the ceiling undone, the ceiling put back",
      policies: { boundary: upgraded(v168("permission-boundary"), v1610("permission-boundary"), CEILING) },
      theirs: [{ kind: "changed", thisPlan: "kept", added: ["translate:List*"], removed: TRANSLATE_LISTS, dropped: [], restored: [] }],
      unchanged: statementList(v1610("permission-boundary")).length - 1,
      ours: [{ sid: CEILING_SID, was: "missing", putBack: true }],
      warnings: [
        ["outside-change-kept", "notice", "boundary", ["+ translate:List*", ...TRANSLATE_LISTS.map((action) => `− ${action}`)]],
        ["ours-put-back", "notice", "boundary", [CEILING_SID]],
      ],
    },
    {
      name: "an MLSpace upgrade that adds a statement, kept, ours put back",
      policies: { notebook: upgraded(v1610("notebook-policy"), withStatements(v1610("notebook-policy"), BEDROCK)) },
      theirs: [{ kind: "added", thisPlan: "kept", added: ["bedrock:InvokeModel", "bedrock:ListFoundationModels"], removed: [], dropped: [], restored: [] }],
      unchanged: 14,
      ours: [
        { sid: "MlspaceEcrAccessAuth", was: "missing", putBack: true },
        { sid: "MlspaceEcrAccessRead", was: "missing", putBack: true },
      ],
      warnings: [
        ["outside-change-kept", "notice", "notebook", ["+ bedrock:InvokeModel", "+ bedrock:ListFoundationModels", "+ Resource *"]],
        ["ours-put-back", "notice", "notebook", ["MlspaceEcrAccessAuth", "MlspaceEcrAccessRead"]],
      ],
    },
    {
      name: "the same upgrade under a pinned base: the plan drops the statement IAM holds now",
      policies: {
        notebook: {
          lastApplied: mergeIntoBase(v1610("notebook-policy"), OURS),
          before: withStatements(v1610("notebook-policy"), BEDROCK),
          after: mergeIntoBase(v1610("notebook-policy"), OURS),
        },
      },
      theirs: [
        {
          kind: "added",
          thisPlan: "undone",
          added: ["bedrock:InvokeModel", "bedrock:ListFoundationModels"],
          removed: [],
          dropped: ["bedrock:InvokeModel", "bedrock:ListFoundationModels", "Resource *"],
          restored: [],
        },
      ],
      unchanged: 14,
      ours: [
        { sid: "MlspaceEcrAccessAuth", was: "missing", putBack: true },
        { sid: "MlspaceEcrAccessRead", was: "missing", putBack: true },
      ],
      warnings: [
        ["outside-change-dropped", "danger", "notebook", ["bedrock:InvokeModel", "bedrock:ListFoundationModels", "Resource *"]],
        ["ours-put-back", "notice", "notebook", ["MlspaceEcrAccessAuth", "MlspaceEcrAccessRead"]],
      ],
    },
    {
      name: "a console edit of a policy of ours whole (no import_arn), which the plan undoes",
      policies: {
        app: {
          lastApplied: document({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" }, ...OURS),
          before: document({ Effect: "Allow", Action: ["s3:ListBucket"], Resource: "*" }, OURS[0], { ...OURS[1], Resource: [arn("custom-repo1"), arn("other")] }),
          after: document({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" }, ...OURS),
        },
      },
      theirs: [{ kind: "changed", thisPlan: "undone", added: [], removed: ["s3:GetObject"], dropped: [], restored: ["s3:GetObject"] }],
      unchanged: 0,
      ours: [{ sid: "MlspaceEcrAccessRead", was: "altered", putBack: true }],
      warnings: [
        ["outside-change-undone", "warning", "app", ["s3:GetObject"]],
        ["ours-put-back", "notice", "app", ["MlspaceEcrAccessRead"]],
      ],
    },
  ] as { name: string; policies: Parameters<typeof planOf>[0]; theirs: Record<string, unknown>[]; unchanged: number; ours: unknown[]; warnings: unknown[] }[])(
    "$name",
    async ({ policies, theirs, unchanged, ours, warnings }) => {
      // given a plan whose policy IAM holds as it was changed outside Terraform, when reviewed
      const set = await reviewed(policies);
      const [policy] = set.policies;
      // then MLSpace's statements and ours are told apart, with what the plan does with each
      const outside = policy.outside!;
      expect(
        outside.theirs.map((o) => ({ kind: o.change.kind, thisPlan: o.thisPlan, added: o.change.action.added, removed: o.change.action.removed, dropped: o.dropped, restored: o.restored })),
      ).toEqual(theirs);
      expect(outside.unchanged).toBe(unchanged);
      expect(outside.ours).toEqual(ours);
      expect(planWarnings(set).filter(([kind]) => String(kind).match(/outside|ours-put-back/))).toEqual(warnings);
    },
  );

  it("says a change in form only is one: IAM decides the same", async () => {
    const current = mergeIntoBase(v1610("notebook-policy"), OURS);
    const reordered = document(...[...statementList(current)].reverse());
    const set = await reviewed({ notebook: { lastApplied: reordered, before: current, after: current, actions: ["no-op"] } });
    expect(set.policies[0].outside).toEqual({ theirs: [], unchanged: 14, ours: [] });
    expect(planWarnings(set).filter(([kind]) => String(kind).startsWith("outside"))).toEqual([["outside-change", "notice", "notebook", []]]);
    expect(set.warnings.find((w) => w.kind === "outside-change")!.message).toContain("in form only");
  });

  it("says nothing of drift where Terraform reports none", async () => {
    const set = await reviewed({ notebook: { before: mergeIntoBase(v1610("notebook-policy"), OURS), after: mergeIntoBase(v1610("notebook-policy"), OURS), actions: ["no-op"] } });
    expect(set.policies[0].outside).toBeUndefined();
    expect(set.warnings.filter((w) => /outside|ours-put-back/.test(w.kind) || w.origin === "outside")).toEqual([]);
  });
});

describe("what changed outside, judged like a change of this plan", () => {
  const RISKY: PolicyStatement = { Effect: "Allow", Action: ["iam:*", "s3:PutObject"], Resource: "*" };

  it.each([
    {
      name: "a statement added outside with iam:* and writes on *, kept: among what to look at first, marked",
      after: mergeIntoBase(withStatements(v1610("notebook-policy"), RISKY), OURS),
      outsideKinds: ["write-on-any-resource danger", "changes-policies danger", "action-wildcard warning"],
    },
    {
      name: "the same statement dropped by a pinned base: no warning about it, the drop is the danger",
      after: mergeIntoBase(v1610("notebook-policy"), OURS),
      outsideKinds: [],
    },
  ])("$name", async ({ after, outsideKinds }) => {
    // given IAM holding a statement added since the last apply
    const set = await reviewed({ notebook: { lastApplied: mergeIntoBase(v1610("notebook-policy"), OURS), before: withStatements(v1610("notebook-policy"), RISKY), after } });
    // when its warnings are read
    const fromOutside = set.warnings.filter((w) => w.origin === "outside");
    // then those about the kept statement are new, marked as changed outside, and in the list to look at first
    expect(fromOutside.map((w) => `${w.kind} ${w.severity}`)).toEqual(outsideKinds);
    expect(fromOutside.every((w) => w.isNew && w.statement === "#15")).toBe(true);
    if (outsideKinds.length) expect(fromOutside.find((w) => w.kind === "changes-policies")!.items).toContain("iam:PutRolePolicy");
    const first = newWarningsText(set.warnings);
    if (outsideKinds.length) expect(first).toContain("statement #15 (no Sid), changed outside Terraform since the last apply, kept in this plan · write actions on Resource \"*\"");
    else expect(first).toContain("this plan undoes that edit and drops what IAM holds now, which this project did not write");
  });

  it("keeps an upgrade's new action wildcard among what to look at first, not among the base's warnings already true", async () => {
    const set = await reviewed({ notebook: upgraded(v168("notebook-policy"), v1610("notebook-policy")) });
    const wildcard = set.warnings.find((w) => w.kind === "action-wildcard" && w.origin === "outside");
    expect(wildcard).toMatchObject({ isNew: true, newItems: ["translate:List*"], statement: "#4" });
  });
});

describe("the drift block under a policy", () => {
  it.each([
    {
      name: "an upgrade kept, ours put back",
      policies: { notebook: upgraded(v168("notebook-policy"), v1610("notebook-policy")) },
      contains: [
        "**MLSpace's statements** (every statement not this project's): 1 changed, 0 added, 0 removed, 13 unchanged (not shown). This plan keeps it.",
        "- ✏️ changed statement without Sid, cloudwatch:PutMetricData and ",
        "(Allow) · kept in this plan\n  - Action ➕ `translate:List*`\n  - Action ➖ `translate:ListLanguages`",
        "**This project's ECR statements**: `MlspaceEcrAccessAuth` and `MlspaceEcrAccessRead` were missing in IAM; this plan puts them back.",
      ],
      absent: ["undone", "undoes"],
    },
    {
      name: "a boundary upgrade, its ceiling put back",
      policies: { boundary: upgraded(v168("permission-boundary"), v1610("permission-boundary"), CEILING) },
      contains: ["(every statement not this project's, compared without the ECR actions this project adds to one of them): 1 changed", `\`${CEILING_SID}\` (the boundary's ECR ceiling) was missing in IAM; this plan puts it back.`],
      absent: ["undone"],
    },
    {
      name: "a statement a pinned base drops",
      policies: {
        notebook: { lastApplied: mergeIntoBase(v1610("notebook-policy"), OURS), before: withStatements(v1610("notebook-policy"), BEDROCK), after: mergeIntoBase(v1610("notebook-policy"), OURS) },
      },
      contains: ["This plan undoes it.", "(Allow) · **undone by this plan**: it drops `bedrock:InvokeModel`, `bedrock:ListFoundationModels` and `Resource *`"],
      absent: ["kept in this plan"],
    },
    {
      name: "only our statement edited in the console",
      policies: { app: { lastApplied: document(...OURS), before: document(OURS[0], { ...OURS[1], Resource: arn("other") }), after: document(...OURS) } },
      contains: ["**MLSpace's statements** (every statement not this project's): no change (0 statements).", "`MlspaceEcrAccessRead` was altered in IAM; this plan puts it back as configured."],
      absent: [],
    },
  ] as { name: string; policies: Parameters<typeof planOf>[0]; contains: string[]; absent: string[] }[])("$name", async ({ policies, contains, absent }) => {
    const text = driftText((await reviewed(policies)).policies[0])!;
    expect(text).toMatch(/^Changed outside Terraform since the last apply/);
    for (const part of contains) expect(text).toContain(part);
    for (const part of absent) expect(text).not.toContain(part);
  });
});
