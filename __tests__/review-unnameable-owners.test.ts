import "cdktf/lib/testing/adapters/jest";
import type { PolicyDocument } from "../modules/mlspace-ecr-access/policy-document";
import { reviewPlan } from "../tools/plan-review/analysis/review";
import { canBeInRepositoryName } from "../tools/plan-review/analysis/unnameable-owners";
import { renderReview } from "../tools/plan-review/render/render-review";
import { DiscoveredRole, planOf, withDiscoveredRoles } from "./support/hand-written-plan";

/**
 * The review's warning about name ownership (`repository_ownership = "name"`) when the project-user
 * roles that `attach_to_project_user_roles` discovered carry project or user tags no ECR repository
 * name can hold, on hand-written plans with those roles read as data sources.
 */

const document: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Sid: "MlspaceEcrAccessAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" }],
};
const POLICIES = { app: { before: document, after: document }, notebook: { before: document, after: document }, boundary: { before: document, after: document } };
const PLACEHOLDER_ENTRIES = { read_repositories: ["shared/*", "users/{user}/*"], write_repositories: ["projects/{project}/*"] };

const role = (name: string, project: string, user: string, more: Partial<DiscoveredRole> = {}): DiscoveredRole => ({ name, tags: { project, user, system: "MLSpace" }, ...more });
const NLP_JANE = role("MLSpace-nlp-jane", "NLP", "Jane.Doe@corp.example");
const NLP_BOB = role("MLSpace-nlp-bob", "NLP", "bob");
const LOWERCASE = role("MLSpace-vision-alice", "vision", "alice.smith");
/** MLSpace's own roles carry the tags too, as its infrastructure: never a project's. */
const APPLICATION = role("MLSpace-app-role", "MLSpaceInfrastructure", "MLSpaceApplication");

const warningsOf = async (variables: Record<string, unknown>, roles: DiscoveredRole[], where?: ("prior_state" | "planned_values")[]) => {
  const review = await reviewPlan(withDiscoveredRoles(planOf(POLICIES, variables), roles, where));
  return review.sets[0].warnings.filter((warning) => warning.kind === "unnameable-owners");
};

describe("the warning about project and user names that no repository name can carry", () => {
  it.each([
    { name: "NLP, a capital", value: "NLP", expected: false },
    { name: "DataScience", value: "DataScience", expected: false },
    { name: "an e-mail address", value: "Jane.Doe@corp.example", expected: false },
    { name: "a +", value: "jane+ml", expected: false },
    { name: "a trailing separator", value: "team-", expected: false },
    { name: "lowercase with separators", value: "alice.smith_2-x", expected: true },
    { name: "digits", value: "42", expected: true },
  ])("$name ($value) can be in a repository name: $expected", ({ value, expected }) => {
    expect(canBeInRepositoryName(value)).toBe(expected);
  });

  it("names each such project and user once, sorted, in name ownership, and says the fix", async () => {
    // given roles of project NLP (twice), user Jane.Doe@corp.example, a lowercase project and user, and MLSpace's application role
    const roles = [NLP_JANE, NLP_BOB, LOWERCASE, APPLICATION, role("MLSpace-ds-carol", "DataScience", "carol")];
    // when
    const warnings = await warningsOf({ ...PLACEHOLDER_ENTRIES, repository_ownership: "name" }, roles);
    // then
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: "warning", origin: "plan", isNew: true, items: ["project=DataScience", "project=NLP", "user=Jane.Doe@corp.example"] });
    expect(warnings[0].message).toContain('set `repository_ownership = "tag"`');
    expect(warnings[0].message).toContain("`aws ecr tag-resource --resource-arn <repository ARN> --tags Key=project,Value=<project>`, `Key=user,Value=<user>` for a user's");
    expect(warnings[0].message).toContain("or rename those projects and users");
  });

  it("warns in name ownership by default (repository_ownership absent)", async () => {
    expect((await warningsOf(PLACEHOLDER_ENTRIES, [NLP_JANE])).map((w) => w.items)).toEqual([["project=NLP", "user=Jane.Doe@corp.example"]]);
  });

  it.each([
    { name: "in tag ownership", variables: { ...PLACEHOLDER_ENTRIES, repository_ownership: "tag" }, roles: [NLP_JANE] },
    { name: "when every project and user name is lowercase", variables: PLACEHOLDER_ENTRIES, roles: [LOWERCASE, APPLICATION] },
    { name: "when no entry has a placeholder", variables: { read_repositories: ["shared/*"], write_repositories: ["team/*"] }, roles: [NLP_JANE] },
    { name: "when no role was discovered", variables: PLACEHOLDER_ENTRIES, roles: [] },
    {
      name: "for a role under another permission boundary (not a project-user role of this install)",
      variables: PLACEHOLDER_ENTRIES,
      roles: [role("MLSpace-other", "NLP", "Jane.Doe@corp.example", { permissionsBoundary: "arn:aws:iam::123456789012:policy/another-boundary" })],
    },
  ])("does not warn $name", async ({ variables, roles }) => {
    expect(await warningsOf(variables, roles)).toEqual([]);
  });

  it("names only the projects when only {project} entries are configured", async () => {
    // given
    const variables = { read_repositories: ["shared/*"], write_repositories: ["projects/{project}/*"] };
    // when
    const [warning] = await warningsOf(variables, [NLP_JANE]);
    // then
    expect(warning.items).toEqual(["project=NLP"]);
    expect(warning.message).toContain("nothing from the `{project}` entries");
    expect(warning.message).not.toContain("Key=user");
  });

  it.each([["prior_state"], ["planned_values"]] as const)("finds the roles in the %s alone", async (where) => {
    expect((await warningsOf(PLACEHOLDER_ENTRIES, [NLP_BOB], [where])).map((w) => w.items)).toEqual([["project=NLP"]]);
  });

  it("reads the tags named by principal_tag_keys", async () => {
    // given roles tagged with other keys
    const tagged = { name: "MLSpace-x", tags: { "mlspace:project": "NLP", "mlspace:user": "jane" } };
    // when
    const warnings = await warningsOf({ ...PLACEHOLDER_ENTRIES, principal_tag_keys: { project: "mlspace:project", user: "mlspace:user" } }, [tagged]);
    // then
    expect(warnings.map((w) => w.items)).toEqual([["mlspace:project=NLP"]]);
    expect(warnings[0].message).toContain("Key=mlspace:project,Value=<project>");
  });

  it("shows it in what to look at first", async () => {
    // given
    const plan = withDiscoveredRoles(planOf(POLICIES, PLACEHOLDER_ENTRIES), [NLP_JANE]);
    // when
    const { markdown } = renderReview(await reviewPlan(plan));
    // then
    const first = markdown.split("### What to look at first")[1].split("###")[0];
    expect(first).toContain("⚠️ **MLSpace Notebook Policy** · projects and users of the project-user roles `attach_to_project_user_roles` found");
    expect(first).toContain("`project=NLP` and `user=Jane.Doe@corp.example`");
  });
});
