import type { PolicyDocument, PolicyStatement } from "../modules/mlspace-ecr-access/policy-document";
import { accessCells, accessMatrix, decide, SimulationError, takesNoResource } from "../tools/iam-evaluator/effective-access";

const document = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });
const allow = (action: string, resource: string): PolicyStatement => ({ Effect: "Allow", Action: action, Resource: resource });
const deny = (action: string, resource: string): PolicyStatement => ({ Effect: "Deny", Action: action, Resource: resource });

const REPO = "arn:aws:ecr:us-east-1:123456789012:repository/custom-repo1";
const OTHER_REPO = "arn:aws:ecr:us-east-1:123456789012:repository/other";

describe("decide", () => {
  it.each([
    { name: "an identity allow allows", identity: [document(allow("ecr:PutImage", REPO))], boundary: undefined, expected: "Allowed" },
    { name: "no statement for the action is an implicit deny", identity: [document(allow("ecr:BatchGetImage", REPO))], boundary: undefined, expected: "ImplicitlyDenied" },
    { name: "a statement on another repository is an implicit deny", identity: [document(allow("ecr:PutImage", OTHER_REPO))], boundary: undefined, expected: "ImplicitlyDenied" },
    {
      name: "a deny in any identity policy wins over an allow",
      identity: [document(allow("ecr:*", "*")), document(deny("ecr:PutImage", REPO))],
      boundary: undefined,
      expected: "ExplicitlyDenied",
    },
    { name: "identity and boundary both allow", identity: [document(allow("ecr:*", "*"))], boundary: document(allow("ecr:PutImage", REPO)), expected: "Allowed" },
    {
      name: "a boundary without the action denies what the identity allows",
      identity: [document(allow("ecr:*", "*"))],
      boundary: document(allow("ecr:BatchGetImage", REPO)),
      expected: "ImplicitlyDenied",
    },
    {
      name: "a boundary allow grants nothing by itself",
      identity: [document(allow("ecr:BatchGetImage", REPO))],
      boundary: document(allow("ecr:*", "*")),
      expected: "ImplicitlyDenied",
    },
    { name: "a deny in the boundary is explicit", identity: [document(allow("ecr:*", "*"))], boundary: document(allow("ecr:*", "*"), deny("ecr:PutImage", "*")), expected: "ExplicitlyDenied" },
  ])("$name", async ({ identity, boundary, expected }) => {
    // given a role with these policies; when it calls PutImage on the repository
    const decision = await decide({ identityPolicies: identity, permissionBoundary: boundary, action: "ecr:PutImage", resource: REPO });
    // then
    expect(decision).toBe(expected);
  });

  it('evaluates an action that takes no resource on "*" only', async () => {
    // given a grant of GetAuthorizationToken written on a repository instead of "*"
    const onRepository = [document(allow("ecr:GetAuthorizationToken", REPO))];
    const onStar = [document(allow("ecr:GetAuthorizationToken", "*"))];
    // when / then
    expect(await takesNoResource("ecr:GetAuthorizationToken")).toBe(true);
    expect(await takesNoResource("ecr:PutImage")).toBe(false);
    expect(await decide({ identityPolicies: onStar, action: "ecr:GetAuthorizationToken", resource: "*" })).toBe("Allowed");
    expect(await decide({ identityPolicies: onRepository, action: "ecr:GetAuthorizationToken", resource: "*" })).toBe("ImplicitlyDenied");
  });

  it("treats a repository of another account as a cross-account request, which an identity policy alone cannot allow", async () => {
    const identity = [document(allow("ecr:BatchGetImage", "*"))];
    const elsewhere = "arn:aws:ecr:us-west-2:210987654321:repository/shared";
    expect(await decide({ identityPolicies: identity, action: "ecr:BatchGetImage", resource: elsewhere })).toBe("ImplicitlyDenied");
  });

  it.each([
    {
      name: "a policy that is not a valid identity policy",
      request: { identityPolicies: [{ Version: "2012-10-17", Statement: { Effect: "Allow", Actions: "ecr:*", Resource: "*" } } as PolicyDocument], action: "ecr:PutImage", resource: REPO },
      expected: /not a valid IAM identity policy/,
    },
    {
      name: "an invalid boundary",
      request: { identityPolicies: [], permissionBoundary: document({ Effect: "Allow", Resource: "*" }), action: "ecr:PutImage", resource: REPO },
      expected: /permissionBoundaryErrors/,
    },
    { name: "an unknown action", request: { identityPolicies: [], action: "ecr:PushImage", resource: REPO }, expected: /"ecr:PushImage" is not an IAM action/ },
    { name: "an action with a wildcard", request: { identityPolicies: [], action: "ecr:Put*", resource: REPO }, expected: /without wildcards/ },
    { name: "a resource the action does not act on", request: { identityPolicies: [], action: "ecr:PutImage", resource: "arn:aws:s3:::bucket" }, expected: /not a resource that "ecr:PutImage" acts on/ },
    { name: "a wildcard resource", request: { identityPolicies: [], action: "ecr:PutImage", resource: "arn:aws:ecr:us-east-1:123456789012:repository/team/*" }, expected: /one concrete resource/ },
    { name: "a repository for an action that takes none", request: { identityPolicies: [], action: "ecr:GetAuthorizationToken", resource: REPO }, expected: /takes no resource/ },
    {
      name: "a principal of another account than accountId",
      request: { identityPolicies: [], action: "ecr:PutImage", resource: REPO, principalArn: "arn:aws:iam::210987654321:role/x", accountId: "123456789012" },
      expected: /is not an IAM ARN in account "123456789012"/,
    },
  ])("fails loudly, never as a deny, for $name", async ({ request, expected }) => {
    await expect(decide(request)).rejects.toThrow(SimulationError);
    await expect(decide(request)).rejects.toThrow(expected);
  });
});

describe("accessMatrix", () => {
  it("decides every action on every resource, filling the row of an action that takes no resource", async () => {
    // given
    const identityPolicies = [document(allow("ecr:GetAuthorizationToken", "*"), allow("ecr:BatchGetImage", REPO))];
    // when
    const matrix = await accessMatrix({ identityPolicies, actions: ["ecr:GetAuthorizationToken", "ecr:BatchGetImage"], resources: [REPO, OTHER_REPO] });
    // then
    expect(matrix.decisions).toEqual({
      "ecr:GetAuthorizationToken": { [REPO]: "Allowed", [OTHER_REPO]: "Allowed" },
      "ecr:BatchGetImage": { [REPO]: "Allowed", [OTHER_REPO]: "ImplicitlyDenied" },
    });
    expect(accessCells(matrix).filter((cell) => cell.decision !== "Allowed")).toEqual([
      { action: "ecr:BatchGetImage", resource: OTHER_REPO, decision: "ImplicitlyDenied" },
    ]);
  });
});
