import {
  EcrStatement,
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

describe("policyStatements", () => {
  const arn = (name: string) => repositoryArn(name, ENVIRONMENT);

  it("grants read in all three policies and write in the Notebook policy and boundary only", () => {
    // given
    const access = { readRepositories: ["r1", "r2"], writeRepositories: ["w1"], writeActions: ["PutImage", "ecr:InitiateLayerUpload"] };
    // when
    const statements = policyStatements(access, ENVIRONMENT);
    // then
    const read = [
      { parts: ["Auth"], actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      {
        parts: ["Read"],
        actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        resources: [arn("r1"), arn("r2")],
      },
    ];
    const write = {
      parts: ["Write"],
      actions: ["ecr:BatchCheckLayerAvailability", "ecr:PutImage", "ecr:InitiateLayerUpload"],
      resources: [arn("w1")],
    };
    expect(statements).toEqual({ app: read, notebook: [...read, write], boundary: [...read, write] });
  });

  it("grants the nine write actions of the source document, in its order, after the layer check a push starts with", () => {
    const { notebook } = policyStatements({ readRepositories: [], writeRepositories: ["w1"], writeActions: [...WRITE_ACTION_NAMES] }, ENVIRONMENT);
    expect(notebook.find((s) => s.parts.includes("Write"))?.actions).toEqual([
      "ecr:BatchCheckLayerAvailability",
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

  it("still grants the authorization token to write-only users, whose docker push needs it", () => {
    const { app, notebook } = policyStatements({ readRepositories: [], writeRepositories: ["w1"], writeActions: ["PutImage"] }, ENVIRONMENT);
    expect(app.map((s) => s.parts)).toEqual([["Auth"]]);
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

  it("owns a Sid for every combination of parts a merge can make", () => {
    expect([...OWNED_SIDS].sort()).toEqual(
      ["Auth", "Read", "Write", "AuthRead", "AuthWrite", "ReadWrite", "AuthReadWrite"].map((parts) => `MlspaceEcrAccess${parts}`).sort(),
    );
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
