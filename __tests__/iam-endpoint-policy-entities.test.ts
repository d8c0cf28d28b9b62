import { xml2js } from "xml-js";
import { callQueryApi, IamEndpoint, QUOTAS, startIamEndpoint } from "./support/iam-endpoint";

/**
 * The local IAM endpoint's view from a policy to the roles that hold it, over HTTP and without
 * Terraform: ListEntitiesForPolicy in IAM's XML shape (PolicyGroups, PolicyUsers, PolicyRoles with
 * RoleName and RoleId), its filters and its Marker/MaxItems pagination; and the roles MLSpace
 * changes outside Terraform: a policy attached to a role it creates, a role it detaches and deletes.
 * What the real provider's `aws_iam_policy_attachment` makes of them is proven in
 * attach-mode-roles.terraform.test.ts.
 */

const ACCOUNT = "210987654321";
const MLSPACE_TAGS = { user: "alice", project: "demo", system: "MLSpace", "dynamic-user-role": "true" };
const DOCUMENT = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" }] };

/** A response as plain data; elements without content read as `{}`. xml-js (MIT) comes with cdktf-cli. */
const readXml = (xml: string): any => plain(xml2js(xml, { compact: true, ignoreDeclaration: true, ignoreAttributes: true, alwaysArray: ["member"] }));

function plain(node: any): unknown {
  if (Array.isArray(node)) return node.map(plain);
  if ("_text" in node) return node._text;
  return Object.fromEntries(Object.entries(node).map(([name, child]) => [name, plain(child)]));
}

const members = (list: any): any[] => list?.member ?? [];
const roleNames = (result: any): string[] => members(result.PolicyRoles).map((role) => role.RoleName);

describe("the local IAM endpoint's entities of a policy, over HTTP", () => {
  let endpoint: IamEndpoint;
  let ecrPolicy: string;
  let boundary: string;
  const call = (params: Record<string, string>) => callQueryApi(endpoint.url, params);
  const listEntities = async (params: Record<string, string> = {}) => {
    const answer = await call({ Action: "ListEntitiesForPolicy", PolicyArn: ecrPolicy, ...params });
    expect(answer.status).toBe(200);
    return readXml(answer.xml).ListEntitiesForPolicyResponse.ListEntitiesForPolicyResult;
  };
  const allPages = async (params: Record<string, string>) => {
    const pages: any[] = [];
    let marker: string | undefined;
    do {
      const page = await listEntities(marker === undefined ? params : { ...params, Marker: marker });
      pages.push(page);
      marker = page.Marker;
    } while (marker !== undefined);
    return pages;
  };
  /** Roles as MLSpace makes them, each with the ECR policy copied on. */
  const seedHolders = (count: number, prefix: string) => {
    const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);
    for (const name of names) {
      endpoint.seedRole(name, { tags: MLSPACE_TAGS, permissionsBoundary: boundary });
      endpoint.attachRolePolicy(name, ecrPolicy);
    }
    return names;
  };

  beforeEach(async () => {
    endpoint = await startIamEndpoint({ accountId: ACCOUNT });
    boundary = endpoint.seedPolicy("mlspace-project-user-permission-boundary", DOCUMENT).arn;
    ecrPolicy = endpoint.seedPolicy("mlspace-notebook-ecr-access", DOCUMENT).arn;
  });

  afterEach(async () => {
    await endpoint.stop();
  });

  it("lists the roles a policy is attached to, by RoleName and RoleId, with empty PolicyGroups and PolicyUsers", async () => {
    // given
    endpoint.seedRole("mlspace-notebook-role");
    endpoint.seedRole("MLSpace-demo-alice", { path: "/mlspace/", tags: MLSPACE_TAGS, permissionsBoundary: boundary });
    endpoint.seedRole("unrelated-role");
    endpoint.attachRolePolicy("MLSpace-demo-alice", ecrPolicy);
    endpoint.attachRolePolicy("mlspace-notebook-role", ecrPolicy);

    // when
    const result = await listEntities();

    // then
    expect(result).toEqual({
      PolicyGroups: {},
      PolicyUsers: {},
      PolicyRoles: {
        member: [
          { RoleName: "MLSpace-demo-alice", RoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}$/) },
          { RoleName: "mlspace-notebook-role", RoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}$/) },
        ],
      },
      IsTruncated: "false",
    });
    const ids = Object.fromEntries(endpoint.roles().map((role) => [role.name, role]));
    expect(ids["MLSpace-demo-alice"].attachedPolicyArns).toEqual([ecrPolicy]);
  });

  it("leaves a policy's use as a permissions boundary out, unless PolicyUsageFilter asks for it", async () => {
    // given: alice is bounded by the boundary and holds the ECR policy
    seedHolders(1, "MLSpace-demo-alice");

    // when
    const attached = await listEntities({ PolicyArn: boundary });
    const bounded = await listEntities({ PolicyArn: boundary, PolicyUsageFilter: "PermissionsBoundary" });
    const ecrAsPolicy = await listEntities({ PolicyUsageFilter: "PermissionsPolicy" });

    // then
    expect(roleNames(attached)).toEqual([]);
    expect(roleNames(bounded)).toEqual(["MLSpace-demo-alice-000"]);
    expect(roleNames(ecrAsPolicy)).toEqual(["MLSpace-demo-alice-000"]);
  });

  it.each<{ name: string; filter: Record<string, string>; listed: boolean }>([
    { name: "Role", filter: { EntityFilter: "Role" }, listed: true },
    { name: "LocalManagedPolicy (a customer managed policy)", filter: { EntityFilter: "LocalManagedPolicy" }, listed: true },
    { name: "User", filter: { EntityFilter: "User" }, listed: false },
    { name: "Group", filter: { EntityFilter: "Group" }, listed: false },
    { name: "AWSManagedPolicy", filter: { EntityFilter: "AWSManagedPolicy" }, listed: false },
    { name: "a PathPrefix the role is under", filter: { PathPrefix: "/mlspace/" }, listed: true },
    { name: "a PathPrefix it is not under", filter: { PathPrefix: "/other/" }, listed: false },
  ])("filters by $name", async ({ filter, listed }) => {
    // given
    endpoint.seedRole("MLSpace-demo-bob", { path: "/mlspace/", tags: MLSPACE_TAGS, permissionsBoundary: boundary });
    endpoint.attachRolePolicy("MLSpace-demo-bob", ecrPolicy);

    // when
    const result = await listEntities(filter);

    // then
    expect(roleNames(result)).toEqual(listed ? ["MLSpace-demo-bob"] : []);
  });

  it.each([
    { name: "IAM's default page size", maxItems: undefined, sizes: [100, 100, 50] },
    { name: "a MaxItems of 7", maxItems: "7", sizes: [...Array(35).fill(7), 5] },
    { name: "the largest MaxItems", maxItems: "1000", sizes: [250] },
  ])("pages through 250 roles holding the policy with $name, every role once and in order", async ({ maxItems, sizes }) => {
    // given
    const names = seedHolders(250, "MLSpace-demo-user");

    // when
    const pages = await allPages(maxItems === undefined ? {} : { MaxItems: maxItems });

    // then
    expect(pages.map((page) => members(page.PolicyRoles).length)).toEqual(sizes);
    expect(pages.map((page) => page.IsTruncated)).toEqual([...Array(sizes.length - 1).fill("true"), "false"]);
    expect(pages.flatMap(roleNames)).toEqual(names);
  });

  it("resumes after the marker's role, so a role MLSpace deletes between pages is not listed and one it creates after the marker is", async () => {
    // given
    seedHolders(10, "role-b");
    const first = await listEntities({ MaxItems: "5" });

    // when: MLSpace deletes one role not yet listed and creates one, its policies copied on
    endpoint.detachRolePolicy("role-b-007", ecrPolicy);
    endpoint.deleteRole("role-b-007");
    seedHolders(1, "role-c");
    const rest = await allPages({ MaxItems: "5", Marker: first.Marker });

    // then
    expect(rest.flatMap(roleNames)).toEqual(["role-b-005", "role-b-006", "role-b-008", "role-b-009", "role-c-000"]);
  });

  it.each<{ name: string; params: Record<string, string>; status: number; code: string; message: unknown }>([
    {
      name: "a policy that does not exist",
      params: { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/not-there` },
      status: 404,
      code: "NoSuchEntity",
      message: `Policy arn:aws:iam::${ACCOUNT}:policy/not-there was not found.`,
    },
    {
      name: "an EntityFilter IAM does not know",
      params: { EntityFilter: "Roles" },
      status: 400,
      code: "ValidationError",
      message:
        "1 validation error detected: Value 'Roles' at 'entityFilter' failed to satisfy constraint: Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]",
    },
    {
      name: "a PolicyUsageFilter IAM does not know",
      params: { PolicyUsageFilter: "Boundary" },
      status: 400,
      code: "ValidationError",
      message: expect.stringContaining("Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]"),
    },
    {
      name: "a PathPrefix without its closing slash",
      params: { PathPrefix: "/mlspace" },
      status: 400,
      code: "ValidationError",
      message: expect.stringContaining("Value '/mlspace' at 'pathPrefix' failed to satisfy constraint"),
    },
    {
      name: "MaxItems 0",
      params: { MaxItems: "0" },
      status: 400,
      code: "ValidationError",
      message: "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    },
  ])("refuses $name", async ({ params, status, code, message }) => {
    // when
    const answer = await call({ Action: "ListEntitiesForPolicy", PolicyArn: ecrPolicy, ...params });

    // then
    expect(answer.status).toBe(status);
    expect(readXml(answer.xml).ErrorResponse.Error).toEqual({ Type: "Sender", Code: code, Message: message });
  });
});

describe("roles MLSpace changes outside Terraform, with IAM's rules", () => {
  let endpoint: IamEndpoint;
  let ecrPolicy: string;

  beforeEach(async () => {
    endpoint = await startIamEndpoint({ accountId: ACCOUNT });
    ecrPolicy = endpoint.seedPolicy("mlspace-notebook-ecr-access", DOCUMENT).arn;
    endpoint.seedRole("MLSpace-demo-carol", { tags: MLSPACE_TAGS });
  });

  afterEach(async () => {
    await endpoint.stop();
  });

  it("refuses to delete a role that still holds a managed policy, as DeleteRole does, and deletes it once detached", async () => {
    // given
    endpoint.attachRolePolicy("MLSpace-demo-carol", ecrPolicy);

    // when
    const refused = () => endpoint.deleteRole("MLSpace-demo-carol");

    // then
    expect(refused).toThrow(expect.objectContaining({ code: "DeleteConflict", message: "Cannot delete entity, must detach all policies first." }));
    expect(endpoint.roles().map((role) => role.name)).toEqual(["MLSpace-demo-carol"]);

    // when MLSpace detaches first, as its remove_project_user_roles does
    endpoint.detachRolePolicy("MLSpace-demo-carol", ecrPolicy);
    endpoint.deleteRole("mlspace-demo-carol"); // role names are case-insensitive

    // then
    expect(endpoint.roles()).toEqual([]);
    const answer = await callQueryApi(endpoint.url, { Action: "GetRole", RoleName: "MLSpace-demo-carol" });
    expect(answer.status).toBe(404);
    expect(endpoint.policies()[0].attachedRoles).toEqual([]);
  });

  it("attaches outside Terraform with AttachRolePolicy's rules: twice is once, a missing policy or role is NoSuchEntity, the 11th is LimitExceeded", () => {
    // given
    const others = Array.from({ length: QUOTAS.managedPoliciesPerRole - 1 }, (_, i) => endpoint.seedPolicy(`mlspace-policy-${i}`, DOCUMENT).arn);
    const eleventh = endpoint.seedPolicy("mlspace-policy-eleventh", DOCUMENT).arn;

    // when
    endpoint.attachRolePolicy("MLSpace-demo-carol", ecrPolicy);
    endpoint.attachRolePolicy("MLSpace-demo-carol", ecrPolicy);
    for (const arn of others) endpoint.attachRolePolicy("MLSpace-demo-carol", arn);

    // then
    expect(endpoint.roles()[0].attachedPolicyArns).toEqual([ecrPolicy, ...others]);
    expect(() => endpoint.attachRolePolicy("MLSpace-demo-carol", eleventh)).toThrow(
      expect.objectContaining({ code: "LimitExceeded", message: "Cannot exceed quota for PoliciesPerRole: 10" }),
    );
    expect(() => endpoint.attachRolePolicy("MLSpace-demo-carol", `arn:aws:iam::${ACCOUNT}:policy/not-there`)).toThrow(expect.objectContaining({ code: "NoSuchEntity" }));
    expect(() => endpoint.attachRolePolicy("MLSpace-demo-dave", ecrPolicy)).toThrow(expect.objectContaining({ code: "NoSuchEntity" }));
    expect(() => endpoint.detachRolePolicy("MLSpace-demo-carol", eleventh)).toThrow(expect.objectContaining({ code: "NoSuchEntity" }));
  });
});
