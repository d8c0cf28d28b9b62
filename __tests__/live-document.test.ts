import "cdktf/lib/testing/adapters/jest";
import { CEILING_SID, droppedFromLive, followsLiveDocument, keptBaseStatements, PolicyDocument, PolicyStatement, renderPolicies, terraformValues } from "../modules/mlspace-ecr-access";
import { ENVIRONMENT, fixture } from "./support/fixtures";

/** The pure core's rules for an adopted policy's live document (the Terraform form is planned in mlspace-upgrade.terraform.test.ts). */

const document = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });
const translate: PolicyStatement = { Effect: "Allow", Action: ["translate:ListLanguages", "translate:ListTerminologies"], Resource: "*" };
const bedrock: PolicyStatement = { Sid: "Bedrock", Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: ["*"] };
const ARN = "arn:aws:iam::123456789012:policy/mlspace-notebook-policy";

describe("which policies follow their live document", () => {
  it.each([
    { name: "adopted, edited in place", settings: { import_arn: ARN }, expected: true },
    { name: "created by this project", settings: { import_arn: null }, expected: false },
    { name: "attach mode's own policy, even adopted", settings: { import_arn: ARN, attach_to_roles: ["mlspace-notebook-role"] }, expected: false },
  ])("$name: $expected", ({ settings, expected }) => {
    // given; when; then
    expect(followsLiveDocument(settings)).toBe(expected);
  });
});

describe("what a planned base would drop from the live document", () => {
  it.each([
    { name: "the same statements", live: document(translate, bedrock), planned: [translate, bedrock], expected: [] },
    { name: "a statement the pin lacks, by its Sid", live: document(translate, bedrock), planned: [translate], expected: ['statement "Bedrock" (actions bedrock:InvokeModel)'] },
    {
      name: "an action the pin lacks, by its place",
      live: document({ ...translate, Action: ["translate:List*"] }),
      planned: [translate],
      expected: ["statement 1 (actions translate:List*)"],
    },
    { name: "a wider planned statement keeps a narrower live one", live: document(translate), planned: [{ ...translate, Action: [...(translate.Action as string[]), "translate:ListParallelData"] }], expected: [] },
    {
      name: "a statement split in two is named as a whole",
      live: document({ ...bedrock, Resource: ["a", "b"], Action: ["bedrock:InvokeModel", "bedrock:GetModel"] }),
      planned: [
        { ...bedrock, Resource: ["a"], Action: ["bedrock:InvokeModel", "bedrock:GetModel"] },
        { ...bedrock, Resource: ["b"], Action: ["bedrock:InvokeModel"] },
      ],
      expected: ['statement "Bedrock" (as a whole)'],
    },
    { name: "one resource or a list of one is the same", live: document({ ...bedrock, Resource: "*" }), planned: [bedrock], expected: [] },
    {
      name: "a condition the pin adds is not the live statement",
      live: document(bedrock),
      planned: [{ ...bedrock, Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } }],
      expected: ['statement "Bedrock" (actions bedrock:InvokeModel; resources *)'],
    },
    { name: "our own statements in IAM are never counted", live: document(translate, { Sid: "MlspaceEcrAccessRead", Effect: "Allow", Action: "ecr:BatchGetImage", Resource: "*" }), planned: [translate], expected: [] },
    { name: "the ceiling's ECR actions are ours", live: document({ Sid: CEILING_SID, ...translate, Action: [...(translate.Action as string[]), "ecr:*"] }), planned: [translate], expected: [] },
  ])("$name", ({ live, planned, expected }) => {
    // given; when; then
    expect(droppedFromLive(live, planned as PolicyStatement[])).toEqual(expected);
  });
});

describe("rendering on the live document", () => {
  const adopted = terraformValues({ readRepositories: ["shared/*"], notebookPolicy: { importArn: ARN } });
  const live = { notebook: fixture("notebook-policy") };

  it("an adopted policy without a pin is written on its live document, less our own statements", () => {
    // given the live document as an earlier apply left it: MLSpace's with ours
    const applied = JSON.stringify(renderPolicies(adopted, ENVIRONMENT, live).notebook.document);
    // when
    const again = renderPolicies(adopted, ENVIRONMENT, { notebook: applied }).notebook.document;
    // then
    expect(keptBaseStatements(again)).toEqual(JSON.parse(fixture("notebook-policy")).Statement);
    expect(JSON.stringify(again)).toBe(applied);
  });

  it("a pin wins over the live document, and a policy not adopted never reads it", () => {
    // given
    const pin = JSON.stringify(document(bedrock));
    const pinned = terraformValues({ readRepositories: ["shared/*"], notebookPolicy: { importArn: ARN, basePolicyJson: pin } });
    // when; then
    expect(keptBaseStatements(renderPolicies(pinned, ENVIRONMENT, live).notebook.document)).toEqual([bedrock]);
    expect(keptBaseStatements(renderPolicies(terraformValues({ readRepositories: ["shared/*"] }), ENVIRONMENT, live).notebook.document)).toEqual([]);
  });
});
