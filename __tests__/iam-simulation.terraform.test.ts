import type { PolicyDocument, PolicyStatement } from "../modules/mlspace-ecr-access/policy-document";
import { SIDS } from "../modules/mlspace-ecr-access";
import { AccessMatrix, accessCells, accessMatrix, actionsFor, decide, Decision, Principal } from "../tools/iam-evaluator/effective-access";
import { ENVIRONMENT_VARIABLES, fixture } from "./support/fixtures";
import { plannedDocuments, synthesizeDeployableStack } from "./support/terraform-project";

/**
 * What IAM would let MLSpace's roles do with the documents Terraform plans, per an IAM policy
 * evaluator: the App role (App policy, no boundary) and a per-project-user role (Notebook policy
 * under the permission boundary). One init, one plan; every question is asked of that plan.
 */

const arn = (name: string) => `arn:aws:ecr:us-east-1:123456789012:repository/${name}`;

/**
 * The repositories asked about, by name, and how they are configured. Names are short on purpose:
 * with MLSpace's Notebook policy as base, a few hundred characters of IAM's budget are left.
 */
const REPOSITORIES = {
  "custom-repo1": "read and write",
  "base": "read only",
  "team/trainer": 'read, by the prefix "team/*"',
  "team/vision/trainer": 'read, by the prefix "team/*" across a "/"',
  "teams/trainer": 'unlisted, though it starts like "team/*"',
  "other-repo": "unlisted",
  "push-only": "write only",
} as const;
type Repository = keyof typeof REPOSITORIES;
const NAMES = Object.keys(REPOSITORIES) as Repository[];

const VARIABLES = {
  ...ENVIRONMENT_VARIABLES,
  read_repositories: ["custom-repo1", "base", "team/*"],
  write_repositories: ["custom-repo1", "push-only"],
  // What a docker push needs besides the layer check; the other five of the nine are left out.
  write_actions: ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage"],
  app_policy: { base_policy_json: fixture("app-policy") },
  notebook_policy: { base_policy_json: fixture("notebook-policy") },
  // A slice of MLSpace's boundary: the whole one plus our statements is over IAM's size limit.
  permission_boundary: {
    base_policy_json: JSON.stringify({ ...JSON.parse(fixture("permission-boundary")), Statement: JSON.parse(fixture("permission-boundary")).Statement.slice(0, 2) }),
  },
};

const AUTHORIZATION = "ecr:GetAuthorizationToken";
const PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];
const PUSH = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];
const WRITE_ACTIONS_LEFT_OUT = ["ecr:SetRepositoryPolicy", "ecr:BatchDeleteImage", "ecr:DeleteRepositoryPolicy", "ecr:DeleteRepository", "ecr:CreateRepository"];
/** Write implies read: what users push, they and the App role pull. */
const READABLE: Repository[] = ["custom-repo1", "base", "team/trainer", "team/vision/trainer", "push-only"];
const WRITABLE: Repository[] = ["custom-repo1", "push-only"];

type Grant = [action: string, repository: Repository];
const grants = (actions: string[], repositories: Repository[]): Grant[] => actions.flatMap((a) => repositories.map((r): Grant => [a, r]));
const sorted = (list: Grant[]) => [...list].sort((x, y) => x.join(" ").localeCompare(y.join(" ")));

/** Every allowed (action, repository) of a matrix over the repositories above. */
function allowedGrants(matrix: AccessMatrix): Grant[] {
  const nameOf = new Map(NAMES.map((name) => [arn(name), name]));
  return sorted(accessCells(matrix).filter((cell) => cell.decision === "Allowed").map((cell): Grant => [cell.action, nameOf.get(cell.resource)!]));
}

const document = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

describe("effective ECR access of the planned policies, per an IAM policy evaluator", () => {
  let roles: Record<"app" | "notebook" | "ecrAdminUnderBoundary", Principal>;
  let planned: ReturnType<typeof plannedDocuments>;
  let everyRepositoryAction: string[];

  beforeAll(async () => {
    planned = plannedDocuments(synthesizeDeployableStack().init().plan(VARIABLES, "effective-access"));
    roles = {
      app: { identityPolicies: [planned.app] },
      notebook: { identityPolicies: [planned.notebook], permissionBoundary: planned.boundary },
      ecrAdminUnderBoundary: { identityPolicies: [document({ Effect: "Allow", Action: "ecr:*", Resource: "*" })], permissionBoundary: planned.boundary },
    };
    everyRepositoryAction = await actionsFor("ecr", "repository");
  });

  const ask = (role: keyof typeof roles, action: string, repository: Repository | "*"): Promise<Decision> =>
    decide({ ...roles[role], action, resource: repository === "*" ? "*" : arn(repository) });

  describe.each([
    {
      role: "app" as const,
      what: "the App role pulls from the read and write repositories, and can do nothing else in ECR",
      expected: () => [...grants([AUTHORIZATION], NAMES), ...grants(PULL, READABLE)],
    },
    {
      role: "notebook" as const,
      what: "a notebook role also pushes to the write repositories with the write actions given, and nothing else",
      expected: () => [...grants([AUTHORIZATION], NAMES), ...grants(PULL, READABLE), ...grants(PUSH, WRITABLE)],
    },
    {
      role: "ecrAdminUnderBoundary" as const,
      what: "a role granted ecr:* under the boundary can do only what the boundary allows",
      expected: () => [...grants([AUTHORIZATION], NAMES), ...grants(PULL, READABLE), ...grants(PUSH, WRITABLE)],
    },
  ])("$role: $what", ({ role, expected }) => {
    it("is allowed exactly these (action, repository) pairs among every ECR action on repositories", async () => {
      // given the role, when asked every ECR action on every repository
      const matrix = await accessMatrix({ ...roles[role], actions: everyRepositoryAction, resources: NAMES.map(arn) });
      // then
      expect(allowedGrants(matrix)).toEqual(sorted(expected()));
    });
  });

  it.each([
    { role: "app", action: AUTHORIZATION, repository: "*", expected: "Allowed" },
    { role: "app", action: "ecr:BatchGetImage", repository: "team/trainer", expected: "Allowed" },
    { role: "app", action: "ecr:BatchGetImage", repository: "teams/trainer", expected: "ImplicitlyDenied" },
    { role: "app", action: "ecr:BatchGetImage", repository: "other-repo", expected: "ImplicitlyDenied" },
    { role: "app", action: "ecr:PutImage", repository: "custom-repo1", expected: "ImplicitlyDenied" },
    { role: "notebook", action: "ecr:PutImage", repository: "custom-repo1", expected: "Allowed" },
    { role: "notebook", action: "ecr:PutImage", repository: "base", expected: "ImplicitlyDenied" },
    { role: "notebook", action: "ecr:PutImage", repository: "team/trainer", expected: "ImplicitlyDenied" },
    { role: "notebook", action: "ecr:PutImage", repository: "other-repo", expected: "ImplicitlyDenied" },
    ...WRITE_ACTIONS_LEFT_OUT.map((action) => ({ role: "notebook", action, repository: "custom-repo1", expected: "ImplicitlyDenied" })),
    // A repository only in write_repositories: the whole docker push works, and pulling what was pushed.
    ...[...PUSH, ...PULL].map((action) => ({ role: "notebook", action, repository: "push-only", expected: "Allowed" })),
    { role: "app", action: "ecr:BatchGetImage", repository: "push-only", expected: "Allowed" },
    { role: "app", action: "ecr:PutImage", repository: "push-only", expected: "ImplicitlyDenied" },
    { role: "ecrAdminUnderBoundary", action: "ecr:DeleteRepository", repository: "custom-repo1", expected: "ImplicitlyDenied" },
  ] as { role: keyof typeof roles; action: string; repository: Repository | "*"; expected: Decision }[])(
    "$role: $action on $repository is $expected",
    async ({ role, action, repository, expected }) => {
      expect(await ask(role, action, repository)).toBe(expected);
    },
  );

  it("owes the pulls to our statements: the App policy's base alone pulls nothing", async () => {
    // given the planned App policy without this project's statements
    const base = { ...planned.app, Statement: planned.app.Statement.filter((s: PolicyStatement) => !Object.values(SIDS).includes(s.Sid as never)) };
    // when
    const decisions = await Promise.all([AUTHORIZATION, ...PULL].map((action) => decide({ identityPolicies: [base], action, resource: action === AUTHORIZATION ? "*" : arn("custom-repo1") })));
    // then
    expect(decisions).toEqual(["ImplicitlyDenied", "ImplicitlyDenied", "ImplicitlyDenied", "ImplicitlyDenied"]);
  });

  describe("the source document's repository ARN with an empty account field", () => {
    // Written by hand: our input validation rejects this ARN (see BAD_INPUTS), so no plan can hold it.
    const NAIVE_ARN = "arn:aws:ecr:us-east-1::repository/custom-repo1";
    const naive = document({ Effect: "Allow", Action: [AUTHORIZATION, ...PULL, ...PUSH], Resource: NAIVE_ARN });
    const ecrAll = document({ Effect: "Allow", Action: "ecr:*", Resource: "*" });

    it.each([...PULL, ...PUSH])("grants nothing on the real repository where ours grants: %s", async (action) => {
      // given the real repository's ARN
      const resource = arn("custom-repo1");
      // when
      const asIdentityPolicy = await decide({ identityPolicies: [naive], action, resource });
      const asBoundary = await decide({ identityPolicies: [ecrAll], permissionBoundary: naive, action, resource });
      const ours = await decide({ ...roles.notebook, action, resource });
      // then
      expect({ asIdentityPolicy, asBoundary, ours }).toEqual({ asIdentityPolicy: "ImplicitlyDenied", asBoundary: "ImplicitlyDenied", ours: "Allowed" });
    });
  });
});
