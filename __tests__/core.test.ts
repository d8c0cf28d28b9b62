import {
  ANY_VALUE,
  CEILING_SID,
  ceilingActions,
  isCeilingHost,
  DEFAULT_PRINCIPAL_TAG_KEYS,
  EcrStatement,
  principalTagValues,
  mergeIntoBase,
  OWNED_SIDS,
  renderStatement,
  policySize,
  policyStatements,
  repositoryArn,
  SIDS,
  WRITE_ACTION_NAMES,
} from "../modules/mlspace-ecr-access";
import { ENVIRONMENT } from "./support/fixtures";

describe("repositoryArn", () => {
  it.each([
    { name: "a name gets the account and region", entry: "custom-repo1", expected: "arn:aws:ecr:us-east-1:123456789012:repository/custom-repo1" },
    { name: "a namespaced name", entry: "team/trainer", expected: "arn:aws:ecr:us-east-1:123456789012:repository/team/trainer" },
    { name: "a name prefix", entry: "mlspace-*", expected: "arn:aws:ecr:us-east-1:123456789012:repository/mlspace-*" },
    { name: "every repository", entry: "*", expected: "*" },
    {
      name: "an ARN of another account stays as given",
      entry: "arn:aws:ecr:eu-west-1:210987654321:repository/shared",
      expected: "arn:aws:ecr:eu-west-1:210987654321:repository/shared",
    },
  ])("$name", ({ entry, expected }) => {
    expect(repositoryArn(entry, ENVIRONMENT)).toBe(expected);
  });

  it("never leaves the account field empty, unlike the source document's example", () => {
    const arn = repositoryArn("custom-repo1", { partition: "aws-us-gov", region: "us-gov-west-1", accountId: "123456789012" });
    expect(arn.split(":")[4]).toBe("123456789012");
  });
});

describe("repositoryArn with placeholders", () => {
  it.each([
    { name: "a role's own project", entry: "projects/{project}/*", fill: principalTagValues(DEFAULT_PRINCIPAL_TAG_KEYS), expected: "arn:aws:ecr:us-east-1:123456789012:repository/projects/${aws:PrincipalTag/project}/*" },
    { name: "another tag key", entry: "users/{user}/*", fill: principalTagValues({ project: "mlspace-project", user: "owner" }), expected: "arn:aws:ecr:us-east-1:123456789012:repository/users/${aws:PrincipalTag/owner}/*" },
    { name: "every project, for the App role", entry: "projects/{project}/*", fill: ANY_VALUE, expected: "arn:aws:ecr:us-east-1:123456789012:repository/projects/*/*" },
    { name: "a whole name: this account's repositories, never every account's", entry: "{project}", fill: ANY_VALUE, expected: "arn:aws:ecr:us-east-1:123456789012:repository/*" },
    {
      name: "an ARN of another region",
      entry: "arn:aws:ecr:us-west-2:123456789012:repository/projects/{project}/*",
      fill: principalTagValues(DEFAULT_PRINCIPAL_TAG_KEYS),
      expected: "arn:aws:ecr:us-west-2:123456789012:repository/projects/${aws:PrincipalTag/project}/*",
    },
  ])("$name", ({ entry, fill, expected }) => {
    expect(repositoryArn(entry, ENVIRONMENT, fill)).toBe(expected);
  });
});

describe("policyStatements", () => {
  const arn = (name: string) => repositoryArn(name, ENVIRONMENT);
  const AUTH = { parts: ["Auth"], actions: ["ecr:GetAuthorizationToken"], resources: ["*"] };
  const READ_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];

  it("grants read in all three policies and write, which implies read, in the Notebook policy and boundary only", () => {
    // given
    const access = { readRepositories: ["r1", "r2"], writeRepositories: ["w1"], writeActions: ["PutImage", "ecr:InitiateLayerUpload"] };
    // when
    const statements = policyStatements(access, ENVIRONMENT);
    // then
    const app = [AUTH, { parts: ["Read"], actions: READ_ACTIONS, resources: [arn("r1"), arn("r2"), arn("w1")] }];
    const notebook = [
      AUTH,
      { parts: ["Read"], actions: READ_ACTIONS, resources: [arn("r1"), arn("r2")] },
      { parts: ["Write"], actions: [...READ_ACTIONS, "ecr:PutImage", "ecr:InitiateLayerUpload"], resources: [arn("w1")] },
    ];
    expect(statements).toEqual({ app, notebook, boundary: notebook });
  });

  it("grants the nine write actions of the source document, in its order, after the read actions (the first is the layer check a push starts with)", () => {
    const { notebook } = policyStatements({ readRepositories: [], writeRepositories: ["w1"], writeActions: [...WRITE_ACTION_NAMES] }, ENVIRONMENT);
    expect(notebook.find((s) => s.parts.includes("Write"))?.actions).toEqual([
      "ecr:BatchCheckLayerAvailability",
      "ecr:GetDownloadUrlForLayer",
      "ecr:BatchGetImage",
      "ecr:SetRepositoryPolicy",
      "ecr:CompleteLayerUpload",
      "ecr:BatchDeleteImage",
      "ecr:UploadLayerPart",
      "ecr:DeleteRepositoryPolicy",
      "ecr:InitiateLayerUpload",
      "ecr:DeleteRepository",
      "ecr:PutImage",
      "ecr:CreateRepository",
    ]);
  });

  it("lists a repository given for read and write once, in the Write statement", () => {
    const { notebook } = policyStatements({ readRepositories: ["both", "r1"], writeRepositories: ["both"], writeActions: ["PutImage"] }, ENVIRONMENT);
    expect(notebook.map((s) => [s.parts[0], s.resources])).toEqual([
      ["Auth", ["*"]],
      ["Read", [arn("r1")]],
      ["Write", [arn("both")]],
    ]);
  });

  it("gives each project-user role its own project's and user's repositories, and the App role every project's, read only", () => {
    // given
    const access = {
      readRepositories: ["shared/*", "users/{user}/*"],
      writeRepositories: ["projects/{project}/*"],
      writeActions: ["PutImage"],
      principalTagKeys: { project: "project", user: "user" },
      repositoryOwnership: "name" as const,
    };
    // when
    const { app, notebook } = policyStatements(access, ENVIRONMENT);
    // then
    expect(notebook.map((s) => s.resources)).toEqual([["*"], [arn("shared/*"), arn("users/${aws:PrincipalTag/user}/*")], [arn("projects/${aws:PrincipalTag/project}/*")]]);
    expect(app.map((s) => [s.parts, s.resources])).toEqual([
      [["Auth"], ["*"]],
      [["Read"], [arn("shared/*"), arn("users/*/*"), arn("projects/*/*")]],
    ]);
  });

  it('puts Resource "*" only where the user listed "*"', () => {
    const scoped = policyStatements({ readRepositories: ["r1"], writeRepositories: ["w1"], writeActions: ["PutImage"] }, ENVIRONMENT);
    const open = policyStatements({ readRepositories: ["*"], writeRepositories: [], writeActions: [] }, ENVIRONMENT);
    const starred = (s: EcrStatement) => !s.parts.includes("Auth") && s.resources.includes("*");
    expect(scoped.notebook.filter(starred)).toEqual([]);
    expect(open.app.filter(starred).map((s) => s.parts)).toEqual([["Read"]]);
  });

  it("adds nothing without repositories", () => {
    expect(policyStatements({ readRepositories: [], writeRepositories: [], writeActions: [...WRITE_ACTION_NAMES] }, ENVIRONMENT)).toEqual({
      app: [],
      notebook: [],
      boundary: [],
    });
  });

  it("still grants the authorization token to write-only users, whose docker push needs it, and the App role reads what they push", () => {
    const { app, notebook } = policyStatements({ readRepositories: [], writeRepositories: ["w1"], writeActions: ["PutImage"] }, ENVIRONMENT);
    expect(app.map((s) => s.parts)).toEqual([["Auth"], ["Read"]]);
    expect(notebook.map((s) => s.parts)).toEqual([["Auth"], ["Write"]]);
  });
});

describe("renderStatement", () => {
  it("writes a one-element list as a string and names the statement by its parts", () => {
    expect(renderStatement({ parts: ["Auth", "Read"], actions: ["ecr:G*", "ecr:BatchG*"], resources: ["*"] })).toEqual({
      Sid: "MlspaceEcrAccessAuthRead",
      Effect: "Allow",
      Action: ["ecr:G*", "ecr:BatchG*"],
      Resource: "*",
    });
  });

  it("owns a Sid for every combination of parts a merge can make, for every owner", () => {
    const parts = ["Auth", "Read", "Write", "Create", "Base"];
    const combinations = parts.reduce((sets: string[], part) => [...sets, part, ...sets.map((set) => `${set}${part}`)], []);
    const owners = ["", "ByProject", "ByUser", "ByProjectUser"];
    expect([...OWNED_SIDS].sort()).toEqual(owners.flatMap((owner) => combinations.map((c) => `MlspaceEcrAccess${c}${owner}`)).sort());
    expect(OWNED_SIDS).toHaveLength(31 * 4);
    // Sids written by releases before "Base" are still ours.
    expect(OWNED_SIDS).toEqual(expect.arrayContaining(["MlspaceEcrAccessReadWriteCreateByProject", "MlspaceEcrAccessAuthReadWrite"]));
  });
});

describe("mergeIntoBase", () => {
  const ours = [{ Sid: SIDS.read, Effect: "Allow" as const, Action: ["ecr:BatchGetImage"], Resource: ["*"] }];

  it("keeps the base and appends our statements", () => {
    const base = { Version: "2012-10-17", Statement: [{ Effect: "Allow" as const, Action: "s3:GetObject", Resource: "*" }] };
    expect(mergeIntoBase(base, ours)).toEqual({ Version: "2012-10-17", Statement: [...base.Statement, ...ours] });
  });

  it("replaces statements with our Sids instead of duplicating them (a second run, or a re-import)", () => {
    const first = mergeIntoBase({ Statement: [{ Effect: "Deny", Action: "iam:*", Resource: "*" }] }, ours);
    const second = mergeIntoBase(first, ours);
    expect(second).toEqual(first);
  });

  it("drops our statements the inputs no longer produce", () => {
    const exported = { Statement: [{ Sid: SIDS.write, Effect: "Allow" as const, Action: "ecr:PutImage", Resource: "*" }] };
    expect(mergeIntoBase(exported, ours).Statement).toEqual(ours);
  });

  it("accepts a single statement object and keeps other top-level keys", () => {
    const base = { Id: "keep-me", Statement: { Effect: "Allow" as const, Action: "s3:ListBucket", Resource: "*" } };
    expect(mergeIntoBase(base, ours)).toEqual({ Id: "keep-me", Version: "2012-10-17", Statement: [base.Statement, ...ours] });
  });

  it("starts from an empty document without a base", () => {
    expect(mergeIntoBase(undefined, ours)).toEqual({ Version: "2012-10-17", Statement: ours });
  });
});

describe("policySize", () => {
  it("counts characters without whitespace, as IAM does", () => {
    expect(policySize('{ "Version": "2012-10-17",\n  "Statement": [] }')).toBe('{"Version":"2012-10-17","Statement":[]}'.length);
  });
});

describe("the permission boundary's ceiling in the base's Allow on \"*\"", () => {
  const host = { Effect: "Allow" as const, Action: ["logs:PutLogEvents", "iam:GetRole"], Resource: "*" };
  const conditioned = { Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } };
  const base = { Version: "2012-10-17", Statement: [conditioned, host] };
  const ceiling = ["ecr:G*", "ecr:PutImage"];

  it("adds the ECR actions to the first unconditioned Allow on \"*\", marked with its Sid, and nothing else", () => {
    expect(mergeIntoBase(base, [], ceiling).Statement).toEqual([conditioned, { Sid: CEILING_SID, ...host, Action: [...host.Action, ...ceiling] }]);
  });

  it("is idempotent: the applied document as the next base gives the same document", () => {
    const applied = mergeIntoBase(base, [], ceiling);
    expect(mergeIntoBase(applied, [], ceiling)).toEqual(applied);
  });

  it("restores the base exactly when the ECR access is removed", () => {
    const applied = mergeIntoBase(base, [], ceiling);
    expect(mergeIntoBase(applied, [])).toEqual(base);
  });

  it("writes a statement of its own where the base has no statement to carry it, and removes it again", () => {
    const withoutHost = { Version: "2012-10-17", Statement: [conditioned] };
    const applied = mergeIntoBase(withoutHost, [], ["ecr:*"]);
    expect(applied.Statement).toEqual([conditioned, { Sid: CEILING_SID, Effect: "Allow", Action: "ecr:*", Resource: "*" }]);
    expect(mergeIntoBase(applied, [])).toEqual(withoutHost);
  });

  it.each([
    { name: "a Sid of its own", statement: { Sid: "Logs", ...host } },
    { name: "an ECR action of its own", statement: { ...host, Action: ["ecr:DescribeImages"] } },
    { name: "Action as a string (restoring it would turn it into a list)", statement: { ...host, Action: "logs:PutLogEvents" } },
    { name: "a resource other than \"*\"", statement: { ...host, Resource: "arn:aws:logs:*:*:*" } },
    { name: "a condition", statement: conditioned },
    { name: "Deny", statement: { ...host, Effect: "Deny" as const } },
  ])("never carries it on a statement with $name", ({ statement }) => {
    expect(isCeilingHost(statement)).toBe(false);
  });

  it("lists the actions our statements grant, less those another of them covers", () => {
    const statements: EcrStatement[] = [
      { parts: ["Read"], actions: ["ecr:G*", "ecr:BatchG*"], resources: ["*"] },
      { parts: ["Write"], actions: ["ecr:GetD*", "ecr:BatchGetI*", "ecr:PutImage"], resources: ["arn:aws:ecr:us-east-1:123456789012:repository/x"] },
    ];
    expect(ceilingActions(statements, false)).toEqual(["ecr:G*", "ecr:BatchG*", "ecr:PutImage"]);
    expect(ceilingActions(statements, true)).toEqual(["ecr:*"]);
    expect(ceilingActions([], true)).toEqual([]);
  });
});
