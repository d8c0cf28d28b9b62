import { renderPolicies, terraformValues, literalInputs } from "../modules/mlspace-ecr-access";
import type { PolicyDocument } from "../modules/mlspace-ecr-access";
import { decide, Decision, Principal, RequestTags } from "../tools/iam-evaluator/effective-access";
import { MLSPACE_INSTALLS, mlspacePolicy, MlspaceInstall } from "../tools/mlspace-policies";
import { RECOMMENDED_ACCESS, recommendedInstall } from "../tools/mlspace-installs";
import { AWS_REGISTRY_PULL_POLICY, buildAndPushCalls } from "../tools/workflow/build-and-push";
import { evaluateWorkflow } from "../tools/workflow/evaluate-workflow";
import { DEFAULT_PRINCIPAL_TAG_KEYS } from "../modules/mlspace-ecr-access/placeholders";

/**
 * An MLSpace user's custom-algorithm workflow, call by call, decided by an IAM policy evaluator on
 * MLSpace's real documents in the README's recommended setup: project `NLP`, user
 * `Jane.Doe@corp.example`, builds FROM AWS's Deep Learning Containers, runs AWS's build_and_push.sh
 * (describe, create with tags, login, push), lists, trains; and cannot do any of it to another
 * project's repository. ECR may authorize the tags given on create on CreateRepository or as
 * TagResource: both readings are asked. The table is written out here, apart from the review's.
 */

/** AWS's Deep Learning Containers registry per install region (sagemaker-python-sdk's image_uri_config). */
const DLC_ACCOUNT: Record<MlspaceInstall, string> = { commercial: "763104351884", govcloud: "442386744353" };

function documentsOf(install: MlspaceInstall, access: Record<string, unknown> = RECOMMENDED_ACCESS) {
  const { partition, region, accountId } = MLSPACE_INSTALLS[install];
  const policies = renderPolicies(terraformValues(literalInputs(recommendedInstall(install, access))), { partition, region, accountId });
  const mlspaceNotebook = JSON.parse(mlspacePolicy("notebook-policy", install)) as PolicyDocument;
  return { policies, identities: [mlspaceNotebook, policies.notebook.document], boundary: policies.boundary.document };
}

interface Call {
  step: string;
  action: string;
  resource: string;
  tags?: RequestTags;
  resourcePolicy?: PolicyDocument;
  expected: Decision;
}

type TagOnCreate = "CreateRepository" | "TagResource";

function workflow(install: MlspaceInstall, reading: TagOnCreate): Call[] {
  const { partition, region, accountId } = MLSPACE_INSTALLS[install];
  const own = `arn:${partition}:ecr:${region}:${accountId}:repository/projects/nlp/bert-classifier`;
  const other = `arn:${partition}:ecr:${region}:${accountId}:repository/projects/vision/detector`;
  const dlc = (name: string) => `arn:${partition}:ecr:${region}:${DLC_ACCOUNT[install]}:repository/${name}`;
  const mine = { resourceTags: { project: "NLP" } };
  const theirs = { resourceTags: { project: "Vision" } };
  const create: Call[] =
    reading === "CreateRepository"
      ? [{ step: "create-repository --tags project=NLP", action: "ecr:CreateRepository", resource: own, tags: { requestTags: { project: "NLP" } }, expected: "Allowed" }]
      : [
          { step: "create-repository (the request)", action: "ecr:CreateRepository", resource: own, tags: { requestTags: { project: "NLP" } }, expected: "Allowed" },
          { step: "create-repository (its tags, as TagResource)", action: "ecr:TagResource", resource: own, tags: { requestTags: { project: "NLP" } }, expected: "Allowed" },
        ];
  return [
    { step: "docker login", action: "ecr:GetAuthorizationToken", resource: "*", expected: "Allowed" },
    ...["pytorch-training", "tensorflow-training"].flatMap((image): Call[] =>
      ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"].map((action) => ({ step: `FROM ${image}`, action, resource: dlc(image), resourcePolicy: AWS_REGISTRY_PULL_POLICY, expected: "Allowed" })),
    ),
    { step: "describe-repositories", action: "ecr:DescribeRepositories", resource: own, tags: mine, expected: "Allowed" },
    ...create,
    ...["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"].map(
      (action): Call => ({ step: "docker push", action, resource: own, tags: mine, expected: "Allowed" }),
    ),
    { step: "list-images", action: "ecr:ListImages", resource: own, tags: mine, expected: "Allowed" },
    { step: "describe-images", action: "ecr:DescribeImages", resource: own, tags: mine, expected: "Allowed" },
    { step: "training job pulls", action: "ecr:BatchGetImage", resource: own, tags: mine, expected: "Allowed" },
    { step: "training job pulls", action: "ecr:GetDownloadUrlForLayer", resource: own, tags: mine, expected: "Allowed" },
    // Another project's repository: nothing.
    { step: "describe another's", action: "ecr:DescribeRepositories", resource: other, tags: theirs, expected: "ImplicitlyDenied" },
    { step: "pull another's", action: "ecr:BatchGetImage", resource: other, tags: theirs, expected: "ImplicitlyDenied" },
    { step: "push to another's", action: "ecr:PutImage", resource: other, tags: theirs, expected: "ImplicitlyDenied" },
    { step: "list another's", action: "ecr:ListImages", resource: other, tags: theirs, expected: "ImplicitlyDenied" },
    { step: "create one tagged as another's", action: "ecr:CreateRepository", resource: other, tags: { requestTags: { project: "Vision" } }, expected: "ImplicitlyDenied" },
    { step: "create's tags as another's", action: "ecr:TagResource", resource: other, tags: { requestTags: { project: "Vision" } }, expected: "ImplicitlyDenied" },
    { step: "tag another's as own", action: "ecr:TagResource", resource: other, tags: { ...theirs, requestTags: { project: "NLP" } }, expected: "ImplicitlyDenied" },
    { step: "re-tag own as another's", action: "ecr:TagResource", resource: own, tags: { ...mine, requestTags: { project: "Vision" } }, expected: "ImplicitlyDenied" },
    { step: "untag own", action: "ecr:UntagResource", resource: own, tags: mine, expected: "ImplicitlyDenied" },
    { step: "pull a base image of another account", action: "ecr:BatchGetImage", resource: `arn:${partition}:ecr:${region}:111122223333:repository/pytorch-training`, resourcePolicy: AWS_REGISTRY_PULL_POLICY, expected: "ImplicitlyDenied" },
  ];
}

const CASES = (["commercial", "govcloud"] as const).flatMap((install) => (["CreateRepository", "TagResource"] as const).map((reading) => ({ install, reading })));

describe("the custom-algorithm workflow of project NLP's Jane.Doe@corp.example, call by call", () => {
  it.each(CASES)("$install, tags on create authorized as $reading: every call decided as it must be", async ({ install, reading }) => {
    // given the recommended setup on the install's real documents
    const { identities, boundary } = documentsOf(install);
    const role: Principal = { identityPolicies: identities, permissionBoundary: boundary, accountId: MLSPACE_INSTALLS[install].accountId, tags: { project: "NLP", user: "Jane.Doe@corp.example", system: "MLSpace" } };
    const calls = workflow(install, reading);
    // when
    const decisions = await Promise.all(calls.map((call) => decide({ ...role, action: call.action, resource: call.resource, ...call.tags, ...(call.resourcePolicy ? { resourcePolicy: call.resourcePolicy } : {}) })));
    // then
    const wrong = calls.filter((call, i) => decisions[i] !== call.expected).map((call, i) => `${call.step} ${call.action}: ${decisions[i]}`);
    expect(wrong).toEqual([]);
    expect(calls.filter((call) => call.expected === "Allowed").length).toBeGreaterThan(15);
  });

  it("without describe_actions and aws_base_images, the describe and the base-image pulls are refused", async () => {
    // given the setup before those inputs
    const { describe_actions: _d, aws_base_images: _b, ...before } = RECOMMENDED_ACCESS as Record<string, unknown>;
    const { identities, boundary } = documentsOf("commercial", before);
    const role: Principal = { identityPolicies: identities, permissionBoundary: boundary, accountId: "123456789012", tags: { project: "NLP", user: "Jane.Doe@corp.example" } };
    // when
    const refused = [];
    for (const call of workflow("commercial", "TagResource")) {
      const decision = await decide({ ...role, action: call.action, resource: call.resource, ...call.tags, ...(call.resourcePolicy ? { resourcePolicy: call.resourcePolicy } : {}) });
      if (decision !== call.expected) refused.push(`${call.step} ${call.action}`);
    }
    // then
    expect(refused).toEqual([
      "FROM pytorch-training ecr:BatchGetImage",
      "FROM pytorch-training ecr:GetDownloadUrlForLayer",
      "FROM tensorflow-training ecr:BatchGetImage",
      "FROM tensorflow-training ecr:GetDownloadUrlForLayer",
      "describe-repositories ecr:DescribeRepositories",
      "list-images ecr:ListImages",
      "describe-images ecr:DescribeImages",
    ]);
  });
});

describe("the review's workflow rows", () => {
  it.each(["commercial", "govcloud"] as const)("%s: every row the review builds is decided as expected, each naming its statements", async (install) => {
    // given
    const { partition, region, accountId } = MLSPACE_INSTALLS[install];
    const { identities, boundary } = documentsOf(install);
    const calls = buildAndPushCalls({
      environment: { partition, region, accountId },
      tagKeys: DEFAULT_PRINCIPAL_TAG_KEYS,
      own: { project: "NLP", user: "Jane.Doe@corp.example" },
      other: { project: "Vision", user: "bob" },
      writeEntry: "projects/{project}/*",
      tagOwnership: true,
      baseImages: RECOMMENDED_ACCESS.aws_base_images,
      baseImageAccount: DLC_ACCOUNT[install],
    });
    // when
    const results = await evaluateWorkflow(calls, { identityPolicies: identities, permissionBoundary: boundary, accountId, tags: { project: "NLP", user: "Jane.Doe@corp.example", system: "MLSpace" } });
    // then
    expect(results.filter((result) => !result.ok).map((result) => `${result.step} ${result.action} ${result.decision}`)).toEqual([]);
    const tagOnCreate = results.find((result) => result.action === "ecr:TagResource" && result.expected === "allowed")!;
    expect(tagOnCreate.decidedBy).toBe("identity: MlspaceEcrAccessCreateByProject; boundary: MlspaceEcrAccessCeiling");
    expect(results.find((result) => result.step.startsWith("Pull FROM"))!.decidedBy).toMatch(/^identity: MlspaceEcrAccessBase; boundary: MlspaceEcrAccessCeiling; the repository's policy allows it$/);
  });
});
