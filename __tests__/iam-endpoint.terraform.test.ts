import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IamEndpoint, startIamEndpoint } from "./support/iam-endpoint";
import { nextIamSecond } from "./support/iam-endpoint/ids";
import { ENDPOINT_PROVIDER_BLOCK } from "./support/iam-endpoint/terraform-root";
import { AsyncTerraformRoot } from "./support/terraform-async";

/**
 * The local IAM endpoint, proven with what it stands in for: the real Terraform CLI and AWS
 * provider 5.100.0 apply a small root module against it, sent there by AWS_ENDPOINT_URL_IAM and
 * AWS_ENDPOINT_URL_STS only. The Terraform tests run in order, one policy's life from create to
 * destroy; each Terraform run costs seconds, so each test makes as few as its claim needs.
 */

const ROLE = "mlspace-app-role";
const POLICY_NAME = "mlspace-ecr-access-endpoint-test";
const POLICY_PATH = "/mlspace/";

const ROOT_MODULE = `${ENDPOINT_PROVIDER_BLOCK}
variable "document" {
  type = string
}

variable "attach" {
  type = bool
}

variable "tags" {
  type = map(string)
}

variable "refused_policies" {
  type    = bool
  default = false
}

resource "aws_iam_policy" "ecr_access" {
  name        = "${POLICY_NAME}"
  path        = "${POLICY_PATH}"
  description = "ECR access for MLSpace, applied to the local IAM endpoint"
  policy      = var.document
  tags        = var.tags
}

resource "aws_iam_role_policy_attachment" "app_role" {
  count      = var.attach ? 1 : 0
  role       = "${ROLE}"
  policy_arn = aws_iam_policy.ecr_access.arn
}

# Policies IAM refuses: a name and path already taken, a document over the size quota, no statements.
resource "aws_iam_policy" "same_name" {
  count  = var.refused_policies ? 1 : 0
  name   = "${POLICY_NAME}"
  path   = "${POLICY_PATH}"
  policy = var.document
}

resource "aws_iam_policy" "oversized" {
  count = var.refused_policies ? 1 : 0
  name  = "mlspace-oversized"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ecr:BatchGetImage", Resource = [for i in range(120) : "arn:aws:ecr:us-east-1:123456789012:repository/custom-repo-\${i}"] }]
  })
}

resource "aws_iam_policy" "without_statements" {
  count  = var.refused_policies ? 1 : 0
  name   = "mlspace-without-statements"
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

data "aws_caller_identity" "current" {}

output "account_id" {
  value = data.aws_caller_identity.current.account_id
}
`;

/** Revision n of the managed document; the condition's value needs percent-encoding both ways. */
function documentRevision(n: number): string {
  const statement = {
    Sid: "MlspaceEcrAccessRead",
    Effect: "Allow",
    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
    Resource: `arn:aws:ecr:us-east-1:123456789012:repository/custom-repo${n}`,
    Condition: { StringLike: { "aws:PrincipalTag/team": "ml space+ops (é)*!'~%20" } },
  };
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] }, null, 2);
}

const TAGS = { project: "mlspace" };
const CONSOLE_EDIT = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }] };

describe("the local IAM endpoint, driven by the real Terraform AWS provider", () => {
  let endpoint: IamEndpoint;
  let root: AsyncTerraformRoot;
  const onlyPolicy = () => {
    const policies = endpoint.policies();
    expect(policies).toHaveLength(1);
    return policies[0];
  };
  const callsFrom = (start: number) => endpoint.calls().slice(start);
  const variables = (revision: number, { attach = true, tags = TAGS as Record<string, string> } = {}) => ({
    document: documentRevision(revision),
    attach,
    tags,
  });

  beforeAll(async () => {
    endpoint = await startIamEndpoint();
    endpoint.seedRole(ROLE);
    const directory = mkdtempSync(join(tmpdir(), "mlspace-iam-endpoint-"));
    writeFileSync(join(directory, "main.tf"), ROOT_MODULE);
    root = new AsyncTerraformRoot(directory, endpoint.awsEnvironment());
    await root.init();
  });

  afterAll(async () => {
    await root?.stop();
    await endpoint?.stop();
    if (root) rmSync(root.directory, { recursive: true, force: true });
  });

  it("creates the policy and its attachment, and reads back exactly what it wrote", async () => {
    // when
    const apply = await root.apply(variables(1));
    const state = await root.state();
    const secondPlan = await root.plan(variables(1));

    // then
    expect(apply.code).toBe(0);
    const policy = onlyPolicy();
    expect(policy).toMatchObject({
      name: POLICY_NAME,
      path: POLICY_PATH,
      arn: `arn:aws:iam::123456789012:policy${POLICY_PATH}${POLICY_NAME}`,
      defaultVersionId: "v1",
      tags: TAGS,
      attachedRoles: [ROLE],
    });
    expect(JSON.parse(policy.document)).toEqual(JSON.parse(documentRevision(1)));

    const resources = state.values.root_module.resources;
    const inState = resources.find((r: any) => r.address === "aws_iam_policy.ecr_access").values;
    expect(inState).toMatchObject({ arn: policy.arn, policy_id: policy.id, name: policy.name, path: policy.path, tags: policy.tags });
    expect(JSON.parse(inState.policy)).toEqual(JSON.parse(policy.document));
    expect(resources.find((r: any) => r.address === "aws_iam_role_policy_attachment.app_role[0]").values.policy_arn).toBe(policy.arn);
    expect(state.values.outputs.account_id.value).toBe("123456789012");

    expect(secondPlan).toBe(0);
  });

  it("keeps at most five versions over six changes of document and tags, deleting the oldest first", async () => {
    // given
    const start = endpoint.calls().length;
    const versionCounts: number[] = [];

    // when: six changes, each in a second of its own, as changes a person or pipeline makes are
    for (let revision = 2; revision <= 7; revision++) {
      await nextIamSecond();
      expect((await root.apply(variables(revision, { tags: { ...TAGS, revision: String(revision) } }))).code).toBe(0);
      versionCounts.push(onlyPolicy().versions.length);
    }

    // then
    expect(versionCounts).toEqual([2, 3, 4, 5, 5, 5]);
    const policy = onlyPolicy();
    expect(policy.versions.map((v) => v.versionId)).toEqual(["v3", "v4", "v5", "v6", "v7"]);
    expect(policy.versions.map((v) => JSON.parse(v.document))).toEqual([3, 4, 5, 6, 7].map((n) => JSON.parse(documentRevision(n))));
    expect(policy.defaultVersionId).toBe("v7");
    expect(policy.tags).toEqual({ ...TAGS, revision: "7" });
    expect(callsFrom(start).filter((call) => call.action === "TagPolicy")).toHaveLength(6);
    const deletions = callsFrom(start).filter((call) => call.action === "DeletePolicyVersion");
    expect(deletions.map((call) => call.params.VersionId)).toEqual(["v1", "v2"]);
    expect(callsFrom(start).filter((call) => call.errorCode)).toEqual([]);
  });

  it("shows a console edit as drift, and the next apply puts the document back", async () => {
    // given
    endpoint.editPolicyDocument(onlyPolicy().arn, CONSOLE_EDIT);

    // when
    const drifted = await root.planJson(variables(7, { tags: { ...TAGS, revision: "7" } }));
    const apply = await root.apply(variables(7, { tags: { ...TAGS, revision: "7" } }));

    // then
    expect(drifted.code).toBe(2);
    const change = drifted.json.resource_changes.find((c: any) => c.address === "aws_iam_policy.ecr_access").change;
    expect(change.actions).toEqual(["update"]);
    expect(JSON.parse(change.before.policy)).toEqual(CONSOLE_EDIT);
    expect(JSON.parse(change.after.policy)).toEqual(JSON.parse(documentRevision(7)));

    expect(apply.code).toBe(0);
    const policy = onlyPolicy();
    expect(JSON.parse(policy.document)).toEqual(JSON.parse(documentRevision(7)));
    expect(policy.versions).toHaveLength(5);
  });

  it("converges through throttling and server errors, which the provider retries", async () => {
    // given
    const start = endpoint.calls().length;
    endpoint.injectFaults({ kind: "server-error", count: 1, actions: ["GetCallerIdentity"], status: 503 });
    endpoint.injectFaults({ kind: "server-error", count: 2, actions: ["GetPolicy"] });
    endpoint.injectFaults({ kind: "server-error", count: 1, actions: ["GetPolicyVersion"], status: 503 });
    endpoint.injectFaults({ kind: "throttling", count: 1, actions: ["ListPolicyVersions"] });
    endpoint.injectFaults({ kind: "throttling", count: 1, actions: ["CreatePolicyVersion"] });
    endpoint.injectFaults({ kind: "server-error", count: 1, actions: ["UntagPolicy"] });

    // when
    const apply = await root.apply(variables(8));
    const secondPlan = await root.plan(variables(8));

    // then
    expect(apply.code).toBe(0);
    expect(endpoint.outstandingFaults()).toBe(0);
    const injected = callsFrom(start).filter((call) => call.injected);
    expect(injected.map((call) => `${call.action} ${call.status}`).sort()).toEqual([
      "CreatePolicyVersion 400",
      "GetCallerIdentity 503",
      "GetPolicy 500",
      "GetPolicy 500",
      "GetPolicyVersion 503",
      "ListPolicyVersions 400",
      "UntagPolicy 500",
    ]);
    const policy = onlyPolicy();
    expect(JSON.parse(policy.document)).toEqual(JSON.parse(documentRevision(8)));
    expect(policy.tags).toEqual(TAGS);
    expect(policy.versions).toHaveLength(5);
    expect(secondPlan).toBe(0);
  });

  it("reports IAM's refusals as IAM words them: name taken, document too large, no statements", async () => {
    // given
    const before = onlyPolicy();

    // when
    const apply = await root.apply({ ...variables(8), refused_policies: true });

    // then
    expect(apply.code).toBe(1);
    const errors = apply.stderr.replace(/\s+/g, " ");
    const requestId = "[0-9a-f-]{36}";
    expect(errors).toMatch(
      new RegExp(
        `Error: creating IAM Policy \\(${POLICY_NAME}\\): operation error IAM: CreatePolicy, https response error StatusCode: 409, ` +
          `RequestID: ${requestId}, EntityAlreadyExists: A policy called ${POLICY_NAME} already exists\\. Duplicate names are not allowed\\.`,
      ),
    );
    expect(errors).toMatch(
      new RegExp(`creating IAM Policy \\(mlspace-oversized\\): .* StatusCode: 409, RequestID: ${requestId}, LimitExceeded: Cannot exceed quota for PolicySize: 6144`),
    );
    expect(errors).toMatch(
      new RegExp(
        `creating IAM Policy \\(mlspace-without-statements\\): .* StatusCode: 400, RequestID: ${requestId}, MalformedPolicyDocument: Syntax errors in policy\\.`,
      ),
    );
    expect(endpoint.policies()).toEqual([before]);
  });

  it("detaches the policy from the role, then destroys every version and the policy", async () => {
    // given
    const { arn, versions } = onlyPolicy();
    const nonDefaultVersions = versions.filter((v) => !v.isDefault).map((v) => v.versionId);
    const start = endpoint.calls().length;

    // when
    const detach = await root.apply(variables(8, { attach: false }));
    const rolesAfterDetach = endpoint.roles();
    await root.destroy(variables(8, { attach: false }));

    // then
    expect(detach.code).toBe(0);
    expect(rolesAfterDetach).toEqual([expect.objectContaining({ name: ROLE, attachedPolicyArns: [] })]);
    expect(endpoint.policies()).toEqual([]);
    const changes = callsFrom(start).filter((call) => /^(Detach|Delete)/.test(call.action));
    expect(changes.map((call) => [call.action, call.params.VersionId ?? call.params.RoleName ?? call.params.PolicyArn])).toEqual([
      ["DetachRolePolicy", ROLE],
      // in ListPolicyVersions order, newest first
      ...nonDefaultVersions.reverse().map((version) => ["DeletePolicyVersion", version]),
      ["DeletePolicy", arn],
    ]);
  });

  it("was called for these IAM and STS actions only, all of which it implements", () => {
    const called = [...new Set(endpoint.calls().map((call) => `${call.service}:${call.action}`))].sort();
    expect(endpoint.unknownActions()).toEqual([]);
    expect(called).toEqual([
      "iam:AttachRolePolicy",
      "iam:CreatePolicy",
      "iam:CreatePolicyVersion",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:DetachRolePolicy",
      "iam:GetPolicy",
      "iam:GetPolicyVersion",
      "iam:ListAttachedRolePolicies",
      "iam:ListPolicyVersions",
      "iam:TagPolicy",
      "iam:UntagPolicy",
      "sts:GetCallerIdentity",
    ]);
  });
});

describe("the local IAM endpoint's own rules, over HTTP", () => {
  let endpoint: IamEndpoint;
  const call = async (params: Record<string, string>) => {
    const response = await fetch(endpoint.url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: new URLSearchParams({ Version: "2010-05-08", ...params }),
    });
    return { status: response.status, xml: await response.text() };
  };
  const document = (sid: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Allow", Action: "ecr:*", Resource: "*" }] });

  beforeEach(async () => {
    endpoint = await startIamEndpoint({ accountId: "210987654321" });
  });

  afterEach(async () => {
    await endpoint.stop();
  });

  it("refuses a sixth version with LimitExceeded, in IAM's error shape", async () => {
    // given
    await call({ Action: "CreatePolicy", PolicyName: "p", PolicyDocument: document("V1") });
    const arn = "arn:aws:iam::210987654321:policy/p";
    for (const sid of ["V2", "V3", "V4", "V5"]) await call({ Action: "CreatePolicyVersion", PolicyArn: arn, PolicyDocument: document(sid) });

    // when
    const sixth = await call({ Action: "CreatePolicyVersion", PolicyArn: arn, PolicyDocument: document("V6"), SetAsDefault: "true" });

    // then
    expect(sixth.status).toBe(409);
    expect(sixth.xml).toMatch(
      /<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>LimitExceeded<\/Code><Message>A managed policy can have up to 5 versions\. Before you create a new version, you must delete an existing version\.<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/,
    );
    expect(endpoint.policies()[0].versions.map((v) => v.versionId)).toEqual(["v1", "v2", "v3", "v4", "v5"]);
    expect(endpoint.policies()[0].defaultVersionId).toBe("v1");
  });

  it("returns documents percent-encoded as RFC 3986 says, and answers in the IAM namespace", async () => {
    // given
    const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":"a+b c!'()*~é"}}}]}`;
    await call({ Action: "CreatePolicy", PolicyName: "p", PolicyDocument: text });

    // when
    const version = await call({ Action: "GetPolicyVersion", PolicyArn: "arn:aws:iam::210987654321:policy/p", VersionId: "v1" });

    // then
    expect(version.status).toBe(200);
    expect(version.xml).toContain('<GetPolicyVersionResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetPolicyVersionResult><PolicyVersion>');
    const encoded = /<Document>([^<]*)<\/Document>/.exec(version.xml)![1];
    expect(encoded).toContain("a%2Bb%20c%21%27%28%29%2A~%C3%A9");
    expect(decodeURIComponent(encoded)).toBe(text);
  });

  it("answers an action it lacks with InvalidAction and lists it as unknown", async () => {
    // when
    const answer = await call({ Action: "ListPolicies" });

    // then
    expect(answer.status).toBe(400);
    expect(answer.xml).toContain("<Code>InvalidAction</Code>");
    expect(endpoint.unknownActions()).toEqual(["ListPolicies"]);
  });
});
