import { CEILING_SID, keptBaseStatements, POLICIES, POLICY_KEYS, PolicyKey, renderPolicies, SID_PREFIX, statementList, terraformValues } from "../modules/mlspace-ecr-access";
import type { PolicyDocument } from "../modules/mlspace-ecr-access";
import { GUARD_ADDRESS, guardKey } from "../modules/mlspace-ecr-access/adopted-policy-guard";
import { previousReleasePolicy } from "../tools/mlspace-policies";
import type { PlanJson as ReviewedPlan } from "../tools/plan-review/analysis/plan-json";
import { reviewPlan } from "../tools/plan-review/analysis/review";
import { renderFullReview } from "../tools/plan-review/render/render-review";
import { applySummary } from "./support/cdktf-cli";
import { ACCOUNT_ID, CdktfDeployment, DEPLOY, DIFF, VAR_FILE } from "./support/cdktf-deployment";
import { foldWhitespace } from "./support/cli-process";
import { plannedActions } from "./support/deployed-stack";
import type { PlanJson } from "./support/terraform-project";
import { fixture } from "./support/fixtures";

/**
 * The life of an install across a real MLSpace upgrade, with the README's cdktf commands against a
 * local IAM endpoint: MLSpace v1.6.8's three documents adopted with import_arn alone, then rewritten
 * by the upgrade to v1.6.10 the way CloudFormation does (a new default version, none of our
 * statements). Nothing of MLSpace's is lost, our access comes back, and a pin never undoes it silently.
 * The first plan, the stopped one and the deploys after them go through cdktf; the other plans,
 * and the last apply, are what cdktf diff and deploy run, made by Terraform alone in the
 * synthesized stack (a cdktf run costs seconds before Terraform starts).
 */

const FILES = { app: "app-policy", notebook: "notebook-policy", boundary: "permission-boundary" } as const;
const NAMES: Record<PolicyKey, string> = { app: "mlspace-app-policy", notebook: "mlspace-notebook-policy", boundary: "mlspace-project-user-permission-boundary" };
const V1_6_8 = Object.fromEntries(POLICY_KEYS.map((key) => [key, previousReleasePolicy(FILES[key])])) as Record<PolicyKey, string>;

/** A statement MLSpace's upgrade adds (as v1.6.5 added Bedrock's), for an upgrade that adds one. */
const BEDROCK = { Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:ListFoundationModels"], Resource: "*" };
/** v1.6.10: the Notebook policy and boundary as MLSpace ships them; the App policy (unchanged in v1.6.10) with a new statement. */
const UPGRADED: Record<PolicyKey, string> = {
  app: JSON.stringify({ ...JSON.parse(V1_6_8.app), Statement: [...statementList(JSON.parse(V1_6_8.app)), BEDROCK] }),
  notebook: fixture("notebook-policy"),
  boundary: fixture("permission-boundary"),
};

/** Every project's own repositories, all three policies edited in place (name ownership leaves the Notebook policy room for that). */
const SETUP = {
  repository_ownership: "name",
  read_repositories: ["shared/*", "users/{user}/*"],
  write_repositories: ["projects/{project}/*"],
  write_actions: ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage"],
  compaction: { merge_statements: true, exact_action_wildcards: true, boundary_read_ceiling: true, boundary_all_repositories: true, boundary_all_ecr_actions: true },
};

const planned = (plan: PlanJson, key: PolicyKey): PolicyDocument =>
  JSON.parse((plan.resource_changes!.find((c) => c.address === `aws_iam_policy.${key}`)!.change.after as { policy: string }).policy);
const statementsOf = (json: string) => statementList(JSON.parse(json));
const oursIn = (document: PolicyDocument) => statementList(document).filter((s) => String(s.Sid ?? "").startsWith(SID_PREFIX)).map((s) => s.Sid);
/** What the TypeScript core writes on these live documents: the Terraform form must plan the same. */
const rendered = (variables: object, live: Record<PolicyKey, string>, key: PolicyKey) =>
  renderPolicies({ ...terraformValues({}), ...variables }, { partition: "aws", region: "us-east-1", accountId: ACCOUNT_ID }, live)[key].document;

describe("an MLSpace install across an upgrade (cdktf CLI, local IAM endpoint)", () => {
  let deployment: CdktfDeployment;
  let arns: Record<PolicyKey, string>;
  const adopted = (extra: Partial<Record<PolicyKey, object>> = {}, access: object = SETUP) => ({
    ...access,
    ...Object.fromEntries(POLICY_KEYS.map((key) => [POLICIES[key].input, { import_arn: arns[key], ...extra[key] }])),
  });
  /** Each adopted policy's guard, which no destroy may pass (created with the adoption, then kept). */
  const guards = (action: string) => Object.fromEntries(POLICY_KEYS.map((key) => [`${GUARD_ADDRESS}["${guardKey(arns[key])}"]`, [action]]));
  /** `cdktf diff` with these variables, or with `{ terraformOnly: true }` the plan it runs, without cdktf's own seconds (see `CdktfDeployment.terraform`). */
  const diff = async (variables: object, { terraformOnly = false } = {}) => {
    deployment.copy.writeVarFile(variables as Record<string, unknown>, VAR_FILE);
    deployment.deployed.clearDiffPlan();
    const result = terraformOnly ? await deployment.terraform("plan") : await deployment.cli.run(DIFF);
    return { result, plan: result.code === 0 ? await deployment.deployed.diffPlan() : undefined };
  };

  beforeAll(async () => {
    deployment = await CdktfDeployment.start();
    arns = Object.fromEntries(POLICY_KEYS.map((key) => [key, deployment.endpoint.seedPolicy(NAMES[key], V1_6_8[key]).arn])) as Record<PolicyKey, string>;
  });
  afterAll(() => deployment?.stop());

  it("adopts v1.6.8 with import_arn alone: the first plan imports and updates in place, every MLSpace statement kept", async () => {
    // given MLSpace v1.6.8's three policies, adopted by ARN only; when
    const { result, plan } = await diff(adopted());
    const deploy = await deployment.cli.run(DEPLOY);
    // then
    expect(result).toMatchObject({ code: 0 });
    expect(plannedActions(plan!)).toEqual({ "aws_iam_policy.app": ["update"], "aws_iam_policy.boundary": ["update"], "aws_iam_policy.notebook": ["update"], ...guards("create") });
    for (const key of POLICY_KEYS) {
      expect(keptBaseStatements(planned(plan!, key))).toEqual(statementsOf(V1_6_8[key]));
      expect(planned(plan!, key)).toEqual(rendered(adopted(), V1_6_8, key));
    }
    expect(oursIn(planned(plan!, "notebook"))).toEqual(["MlspaceEcrAccessAuth", "MlspaceEcrAccessRead", "MlspaceEcrAccessWrite"]);
    expect(oursIn(planned(plan!, "boundary"))).toEqual([CEILING_SID]);
    expect(applySummary(deploy.output)).toEqual({ imported: 3, added: 3, changed: 3, destroyed: 0 });
  });

  it("after the upgrade to v1.6.10, the next plan keeps MLSpace's new statements and puts the ECR access back; then a plan is a no-op", async () => {
    // given MLSpace's upgrade rewrites the documents, without our statements
    for (const key of POLICY_KEYS) deployment.endpoint.editPolicyDocument(arns[key], UPGRADED[key]);
    // when
    const { result, plan } = await diff(adopted(), { terraformOnly: true });
    const deploy = await deployment.cli.run(DEPLOY);
    const again = await diff(adopted(), { terraformOnly: true });
    // then the plan is v1.6.10's document with ours, and Terraform saw the outside change
    expect(result).toMatchObject({ code: 0 });
    for (const key of POLICY_KEYS) {
      expect(keptBaseStatements(planned(plan!, key))).toEqual(statementsOf(UPGRADED[key]));
      expect(planned(plan!, key)).toEqual(rendered(adopted(), UPGRADED, key));
    }
    expect((plan!.resource_drift as { address: string }[]).map((d) => d.address).sort()).toEqual(["aws_iam_policy.app", "aws_iam_policy.boundary", "aws_iam_policy.notebook"]);
    // and the review tells MLSpace's change, kept, from ours, put back
    const review = await reviewPlan(plan as unknown as ReviewedPlan);
    const kinds = (key: PolicyKey) => review.sets[0].warnings.filter((w) => w.policy === key).map((w) => w.kind);
    for (const key of POLICY_KEYS) {
      expect(kinds(key)).toEqual(expect.arrayContaining(["outside-change-kept", "ours-put-back"]));
      expect(kinds(key)).not.toContain("outside-change-dropped");
    }
    expect(foldWhitespace(renderFullReview(review))).toContain("MLSpace's document changed since the last apply");
    expect(applySummary(deploy.output)).toEqual({ imported: 0, added: 0, changed: 3, destroyed: 0 });
    expect(plannedActions(again.plan!)).toEqual({ "aws_iam_policy.app": ["no-op"], "aws_iam_policy.boundary": ["no-op"], "aws_iam_policy.notebook": ["no-op"], ...guards("no-op") });
  });

  it("a pin older than the live document stops the plan, naming what it would drop; allow_dropping_live_statements lets it proceed", async () => {
    // given the Notebook policy pinned to v1.6.8's document, which IAM no longer holds; when
    const pinned = await diff(adopted({ notebook: { base_policy_json: V1_6_8.notebook } }));
    const allowed = await diff(adopted({ notebook: { base_policy_json: V1_6_8.notebook, allow_dropping_live_statements: true } }), { terraformOnly: true });
    // then
    expect(pinned.result.code).not.toBe(0);
    expect(foldWhitespace(pinned.result.output)).toContain(
      'The MLSpace Notebook Policy "mlspace-notebook-policy" is adopted (notebook_policy.import_arn), and this plan would drop from it what IAM holds now ' +
        "and this project did not write: statement 4 (actions translate:List*). notebook_policy.base_policy_json pins another document than the live one",
    );
    expect(foldWhitespace(pinned.result.output)).toContain("or set notebook_policy.allow_dropping_live_statements = true to drop them on purpose.");
    expect(allowed.result).toMatchObject({ code: 0 });
    expect(keptBaseStatements(planned(allowed.plan!, "notebook"))).toEqual(statementsOf(V1_6_8.notebook));
  });

  it("with all ECR access removed, each document is the live MLSpace document exactly", async () => {
    // given; when
    deployment.copy.writeVarFile(adopted({}, {}), VAR_FILE);
    const deploy = await deployment.terraform("apply");
    // then
    expect(deploy).toMatchObject({ code: 0 });
    const held = Object.fromEntries(deployment.endpoint.policies().map((p) => [p.arn, JSON.parse(p.document)]));
    for (const key of POLICY_KEYS) expect(held[arns[key]]).toEqual(JSON.parse(UPGRADED[key]));
  });
});
