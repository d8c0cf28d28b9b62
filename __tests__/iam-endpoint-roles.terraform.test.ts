import { IamEndpoint } from "./support/iam-endpoint";
import { ENDPOINT_PROVIDER_BLOCK, EndpointRoot, startEndpointRoot } from "./support/iam-endpoint/terraform-root";
import { AsyncTerraformRoot } from "./support/terraform-async";

/**
 * The real AWS provider 5.100.0 discovers MLSpace's per-project-user roles from the local IAM
 * endpoint at plan time, as the discovery feature will: `aws_iam_roles` lists them (ListRoles with
 * the path prefix, paging, the name regex applied by the provider) and `aws_iam_role` reads each
 * one's tags and permissions boundary (GetRole). One init, one plan.
 */

const ACCOUNT = "123456789012";
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/mlspace-project-user-permission-boundary`;
const PATH = "/mlspace/";

const ROOT_MODULE = `${ENDPOINT_PROVIDER_BLOCK}
data "aws_iam_roles" "project_users" {
  path_prefix = "${PATH}"
  name_regex  = "^MLSpace-demo-"
}

data "aws_iam_role" "project_user" {
  for_each = data.aws_iam_roles.project_users.names
  name     = each.key
}

output "names" {
  value = data.aws_iam_roles.project_users.names
}

output "roles" {
  value = {
    for name, role in data.aws_iam_role.project_user : name => {
      arn                  = role.arn
      tags                 = role.tags
      permissions_boundary = role.permissions_boundary
      role_last_used       = role.role_last_used
    }
  }
}
`;

const mlspaceTags = (user: string) => ({ user, project: "demo", system: "MLSpace", "dynamic-user-role": "true" });

describe("MLSpace's user roles, discovered by the real AWS provider from the local IAM endpoint", () => {
  let started: EndpointRoot | undefined;
  let endpoint: IamEndpoint;
  let root: AsyncTerraformRoot;

  beforeAll(async () => {
    started = await startEndpointRoot(ROOT_MODULE, { accountId: ACCOUNT });
    ({ endpoint, root } = started);
  });

  afterAll(async () => {
    await started?.stop();
  });

  it("lists the project's roles across pages and reads each one's tags and permissions boundary", async () => {
    // given: the two demo users' roles sort after 120 others, onto ListRoles' second page
    endpoint.seedPolicy("mlspace-project-user-permission-boundary", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
    for (let i = 0; i < 120; i++) {
      endpoint.seedRole(`MLSpace-batch-user${String(i).padStart(3, "0")}`, { path: PATH, tags: mlspaceTags(`u${i}`), permissionsBoundary: BOUNDARY });
    }
    endpoint.seedRole("MLSpace-demo-alice", { path: PATH, tags: mlspaceTags("alice"), permissionsBoundary: BOUNDARY });
    endpoint.seedRole("MLSpace-demo-bob", { path: PATH, tags: mlspaceTags("bob") });
    endpoint.seedRole("MLSpace-demo-mallory", { tags: mlspaceTags("mallory"), permissionsBoundary: BOUNDARY }); // outside the path
    const before = endpoint.calls().length;

    // when
    const { json: plan } = await root.planJson({});

    // then
    const outputs = plan.planned_values.outputs;
    expect(outputs.names.value).toEqual(["MLSpace-demo-alice", "MLSpace-demo-bob"]);
    expect(outputs.roles.value).toEqual({
      "MLSpace-demo-alice": {
        arn: `arn:aws:iam::${ACCOUNT}:role/mlspace/MLSpace-demo-alice`,
        tags: mlspaceTags("alice"),
        permissions_boundary: BOUNDARY,
        role_last_used: [{ last_used_date: "", region: "" }],
      },
      "MLSpace-demo-bob": {
        arn: `arn:aws:iam::${ACCOUNT}:role/mlspace/MLSpace-demo-bob`,
        tags: mlspaceTags("bob"),
        permissions_boundary: "",
        role_last_used: [{ last_used_date: "", region: "" }],
      },
    });
    const calls = endpoint.calls().slice(before);
    expect(endpoint.unknownActions()).toEqual([]);
    expect(calls.filter((call) => call.action === "ListRoles").map((call) => ({ prefix: call.params.PathPrefix, paged: "Marker" in call.params }))).toEqual([
      { prefix: PATH, paged: false },
      { prefix: PATH, paged: true },
    ]);
    expect(
      calls
        .filter((call) => call.action === "GetRole")
        .map((call) => call.params.RoleName)
        .sort(),
    ).toEqual(["MLSpace-demo-alice", "MLSpace-demo-bob"]);
    expect(new Set(calls.map((call) => call.action))).toEqual(new Set(["GetCallerIdentity", "ListRoles", "GetRole"]));
  });
});
