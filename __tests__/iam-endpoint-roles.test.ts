import { xml2js } from "xml-js";
import { callQueryApi, IamEndpoint, startIamEndpoint } from "./support/iam-endpoint";

/**
 * The local IAM endpoint's roles over HTTP, without Terraform: GetRole and ListRoles in IAM's XML
 * shapes, and ListRoles' PathPrefix and Marker/MaxItems pagination. What the real provider makes
 * of them is proven in iam-endpoint-roles.terraform.test.ts.
 */

const ACCOUNT = "210987654321";
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/mlspace-project-user-permission-boundary`;
const MLSPACE_TAGS = { user: "alice", project: "demo", system: "MLSpace", "dynamic-user-role": "true" };

/** A parsed element: its text, or its children by name (`member` always a list). */
type Xml = string | { [name: string]: Xml } | Xml[];

/** A response as plain data; elements without content read as `{}`. xml-js (MIT) comes with cdktf-cli. */
const readXml = (xml: string): any => plain(xml2js(xml, { compact: true, ignoreDeclaration: true, ignoreAttributes: true, alwaysArray: ["member"] }));

const resultOf = (xml: string, action: string): any => readXml(xml)[`${action}Response`][`${action}Result`];

function plain(node: any): Xml {
  if (Array.isArray(node)) return node.map(plain);
  if ("_text" in node) return node._text;
  return Object.fromEntries(Object.entries(node).map(([name, child]) => [name, plain(child)]));
}

const members = (list: any): any[] => list?.member ?? [];

describe("the local IAM endpoint's roles, over HTTP", () => {
  let endpoint: IamEndpoint;
  const call = (params: Record<string, string>) => callQueryApi(endpoint.url, params);
  const listRoles = async (params: Record<string, string> = {}) => {
    const answer = await call({ Action: "ListRoles", ...params });
    expect(answer.status).toBe(200);
    return resultOf(answer.xml, "ListRoles");
  };
  const allPages = async (params: Record<string, string>) => {
    const pages: any[] = [];
    let marker: string | undefined;
    do {
      const page = await listRoles(marker === undefined ? params : { ...params, Marker: marker });
      pages.push(page);
      marker = page.Marker;
    } while (marker !== undefined);
    return pages;
  };
  const seedMany = (count: number, prefix: string) => {
    const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);
    for (const name of names) endpoint.seedRole(name);
    return names;
  };

  beforeEach(async () => {
    endpoint = await startIamEndpoint({ accountId: ACCOUNT });
    endpoint.seedPolicy("mlspace-project-user-permission-boundary", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
  });

  afterEach(async () => {
    await endpoint.stop();
  });

  it("answers GetRole of an MLSpace user role with its tags, permissions boundary and an empty RoleLastUsed", async () => {
    // given
    endpoint.seedRole("MLSpace-demo-alice", {
      path: "/mlspace/",
      description: "Default SageMaker Notebook role for Project: demo - User: alice",
      tags: MLSPACE_TAGS,
      permissionsBoundary: BOUNDARY,
    });

    // when
    const answer = await call({ Action: "GetRole", RoleName: "MLSpace-demo-alice" });

    // then
    expect(answer.status).toBe(200);
    const { Role: role } = resultOf(answer.xml, "GetRole");
    expect(role).toEqual({
      Path: "/mlspace/",
      RoleName: "MLSpace-demo-alice",
      RoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}$/),
      Arn: `arn:aws:iam::${ACCOUNT}:role/mlspace/MLSpace-demo-alice`,
      CreateDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      AssumeRolePolicyDocument: expect.stringContaining("%22sagemaker.amazonaws.com%22"),
      Description: "Default SageMaker Notebook role for Project: demo - User: alice",
      MaxSessionDuration: "3600",
      PermissionsBoundary: { PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: BOUNDARY },
      Tags: { member: Object.entries(MLSPACE_TAGS).map(([Key, Value]) => ({ Key, Value })) },
      RoleLastUsed: {},
    });
  });

  it("leaves out Description, PermissionsBoundary and Tags of a role without them, and gives RoleLastUsed when seeded", async () => {
    // given
    endpoint.seedRole("plain-role", { lastUsed: { date: new Date("2025-03-04T05:06:07.890Z"), region: "eu-west-1" } });

    // when
    const { Role: role } = resultOf((await call({ Action: "GetRole", RoleName: "PLAIN-ROLE" })).xml, "GetRole");

    // then
    expect(Object.keys(role).sort()).toEqual([
      "Arn",
      "AssumeRolePolicyDocument",
      "CreateDate",
      "MaxSessionDuration",
      "Path",
      "RoleId",
      "RoleLastUsed",
      "RoleName",
    ]);
    expect(role.RoleLastUsed).toEqual({ LastUsedDate: "2025-03-04T05:06:07Z", Region: "eu-west-1" });
  });

  it("lists roles under a path prefix, matched as a plain string prefix, in code-unit order, without GetRole-only attributes", async () => {
    // given
    endpoint.seedRole("MLSpace-demo-bob", { path: "/mlspace/", tags: MLSPACE_TAGS, permissionsBoundary: BOUNDARY, description: "bob's role" });
    endpoint.seedRole("Admin", { path: "/mlspace/" });
    endpoint.seedRole("MLSpace-demo-carol", { path: "/mlspace-other/" });
    endpoint.seedRole("MLSpace-demo-mallory");

    // when
    const page = await listRoles({ PathPrefix: "/mlspace" });
    const everything = await listRoles();

    // then
    expect(members(page.Roles).map((role) => role.RoleName)).toEqual(["Admin", "MLSpace-demo-bob", "MLSpace-demo-carol"]);
    expect(page.IsTruncated).toBe("false");
    expect(page).not.toHaveProperty("Marker");
    const bob = members(page.Roles)[1];
    expect(Object.keys(bob).sort()).toEqual([
      "Arn",
      "AssumeRolePolicyDocument",
      "CreateDate",
      "Description",
      "MaxSessionDuration",
      "Path",
      "RoleId",
      "RoleName",
    ]);
    expect(members(everything.Roles)).toHaveLength(4);
  });

  it("answers an empty list with an empty Roles element", async () => {
    // when
    const page = await listRoles({ PathPrefix: "/nothing-here/" });

    // then
    expect(page).toEqual({ Roles: {}, IsTruncated: "false" });
  });

  it.each([
    { name: "IAM's default page size", maxItems: undefined, sizes: [100, 100, 50] },
    { name: "a MaxItems of 7", maxItems: "7", sizes: [...Array(35).fill(7), 5] },
    { name: "the largest MaxItems", maxItems: "1000", sizes: [250] },
  ])("pages through 250 roles with $name, every role once and in order", async ({ maxItems, sizes }) => {
    // given
    const names = seedMany(250, "MLSpace-demo-user");

    // when
    const pages = await allPages(maxItems === undefined ? {} : { MaxItems: maxItems });

    // then
    expect(pages.map((page) => members(page.Roles).length)).toEqual(sizes);
    expect(pages.map((page) => page.IsTruncated)).toEqual([...Array(sizes.length - 1).fill("true"), "false"]);
    const listed = pages.flatMap((page) => members(page.Roles).map((role) => role.RoleName));
    expect(listed).toEqual(names);
  });

  it("resumes after the marker's role, so roles created between pages are listed once if they sort after it", async () => {
    // given
    seedMany(10, "role-b");
    const first = await listRoles({ MaxItems: "5" });

    // when
    endpoint.seedRole("role-a-created-later");
    endpoint.seedRole("role-c-created-later");
    const rest = await allPages({ MaxItems: "5", Marker: first.Marker });

    // then
    const listed = rest.flatMap((page) => members(page.Roles).map((role) => role.RoleName));
    expect(listed).toEqual(["role-b-005", "role-b-006", "role-b-007", "role-b-008", "role-b-009", "role-c-created-later"]);
  });

  it.each<{ name: string; params: Record<string, string>; message: unknown }>([
    {
      name: "MaxItems 0",
      params: { MaxItems: "0" },
      message: "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    },
    {
      name: "MaxItems 1001",
      params: { MaxItems: "1001" },
      message: "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000",
    },
    { name: "a Marker it never gave", params: { Marker: "bm90IGEgbWFya2Vy" }, message: "Invalid Marker." },
    {
      name: "a PathPrefix without its leading slash",
      params: { PathPrefix: "mlspace/" },
      message: expect.stringContaining("Value 'mlspace/' at 'pathPrefix' failed to satisfy constraint"),
    },
  ])("refuses $name with ValidationError", async ({ params, message }) => {
    // when
    const answer = await call({ Action: "ListRoles", ...params });

    // then
    expect(answer.status).toBe(400);
    expect(readXml(answer.xml).ErrorResponse.Error).toEqual({ Type: "Sender", Code: "ValidationError", Message: message });
  });

  it("takes an AWS managed policy or a policy of the account as a boundary, refuses any other, and counts its use", async () => {
    // given
    const awsManaged = "arn:aws:iam::aws:policy/PowerUserAccess";
    endpoint.seedRole("bounded-by-aws", { permissionsBoundary: awsManaged });
    endpoint.seedRole("bounded-by-ours", { permissionsBoundary: BOUNDARY });
    const missing = `arn:aws:iam::${ACCOUNT}:policy/not-there`;

    // when
    const refusal = () => endpoint.seedRole("bounded-by-nothing", { permissionsBoundary: missing });
    const policy = resultOf((await call({ Action: "GetPolicy", PolicyArn: BOUNDARY })).xml, "GetPolicy").Policy;

    // then
    expect(refusal).toThrow(`Scope ARN: ${missing} does not exist or is not attachable.`);
    expect(endpoint.roles().map((role) => [role.name, role.permissionsBoundary])).toEqual([
      ["bounded-by-aws", awsManaged],
      ["bounded-by-ours", BOUNDARY],
    ]);
    expect(policy.PermissionsBoundaryUsageCount).toBe("1");
    expect(policy.AttachmentCount).toBe("0");
  });
});
