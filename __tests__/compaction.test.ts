import {
  ceilingAt,
  commonNamePrefix,
  compactionLevels,
  compactStatements,
  EcrStatement,
  INPUTS,
  MANAGED_POLICY_SIZE_LIMIT,
  policyStatements,
  renderPolicies,
  stepsAt,
} from "../modules/mlspace-ecr-access";
import { ENVIRONMENT, ENVIRONMENT_VARIABLES, fixture } from "./support/fixtures";

const ARN_PREFIX = "arn:aws:ecr:us-east-1:123456789012:repository/";
const arn = (name: string) => `${ARN_PREFIX}${name}`;
const defaults = Object.fromEntries(INPUTS.map((input) => [input.name, input.default]));
const ALL = {
  merge_statements: true,
  exact_action_wildcards: true,
  boundary_read_ceiling: true,
  repository_prefix: true,
  boundary_all_repositories: true,
  boundary_all_ecr_actions: true,
};

describe("compaction levels", () => {
  it.each([
    { name: "none allowed: only the plain form", options: {}, expected: [0] },
    { name: "every step, most exact first", options: ALL, expected: [0, 1, 2, 3, 4, 5, 6] },
    { name: "only some", options: { exact_action_wildcards: true, repository_prefix: true }, expected: [0, 2, 4] },
  ])("$name", ({ options, expected }) => {
    expect(compactionLevels(options)).toEqual(expected);
  });

  it("names the boundary's own steps only for the boundary", () => {
    expect(stepsAt(6, ALL, "app")).toEqual(["merge_statements", "exact_action_wildcards", "repository_prefix"]);
    expect(stepsAt(3, ALL, "boundary")).toEqual(["merge_statements", "exact_action_wildcards", "boundary_read_ceiling"]);
    expect(stepsAt(6, ALL, "boundary")).toEqual(Object.keys(ALL));
  });

  it("replaces the boundary's statements by ceiling actions from its own levels only", () => {
    const { boundary, notebook } = policyStatements({ readRepositories: ["r1"], writeRepositories: ["w1"], writeActions: ["PutImage"] }, ENVIRONMENT);
    expect(ceilingAt(boundary, "boundary", 4, ALL)).toBeUndefined();
    expect(ceilingAt(boundary, "boundary", 5, ALL)).toEqual(["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:PutImage"]);
    expect(ceilingAt(boundary, "boundary", 6, ALL)).toEqual(["ecr:*"]);
    expect(ceilingAt(notebook, "notebook", 6, ALL)).toBeUndefined();
  });
});

describe("compactStatements", () => {
  const read = policyStatements({ readRepositories: ["custom-repo1", "custom-repo2", "custom-repo3"], writeRepositories: ["custom-repo1"], writeActions: ["PutImage"] }, ENVIRONMENT);

  it("merges only statements with the same resources", () => {
    const statements: EcrStatement[] = [
      { parts: ["Read"], actions: ["ecr:BatchGetImage"], resources: [arn("a1")] },
      { parts: ["Write"], actions: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:PutImage"], resources: [arn("a1")] },
      { parts: ["Auth"], actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
    ];
    expect(compactStatements(statements, "notebook", 1, { merge_statements: true }, ARN_PREFIX)).toEqual([
      { parts: ["Read", "Write"], actions: ["ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability", "ecr:PutImage"], resources: [arn("a1")] },
      { parts: ["Auth"], actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
    ]);
  });

  it("writes actions as exact wildcards where there is one", () => {
    const [, readStatement] = compactStatements(read.app, "app", 2, { exact_action_wildcards: true }, ARN_PREFIX);
    expect(readStatement.actions).toEqual(["ecr:BatchC*", "ecr:GetD*", "ecr:BatchGetI*"]);
  });

  it("widens only the boundary's read statements to a read-only ceiling on every repository", () => {
    const options = { boundary_read_ceiling: true, merge_statements: true };
    expect(compactStatements(read.boundary, "boundary", 3, options, ARN_PREFIX)).toEqual([
      { parts: ["Auth", "Read"], actions: ["ecr:G*", "ecr:BatchC*", "ecr:BatchG*"], resources: ["*"] },
      {
        parts: ["Write"],
        actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:PutImage"],
        resources: [arn("custom-repo1")],
      },
    ]);
    expect(compactStatements(read.notebook, "notebook", 3, options, ARN_PREFIX)).toEqual(read.notebook);
  });

  it("replaces a list of names by their common prefix only when asked", () => {
    const [, readStatement] = compactStatements(read.app, "app", 4, { repository_prefix: true }, ARN_PREFIX);
    expect(readStatement.resources).toEqual([arn("custom-repo*")]);
    expect(compactStatements(read.app, "app", 3, { repository_prefix: true }, ARN_PREFIX)).toEqual(read.app);
  });

  it.each([
    { name: "names sharing a prefix", resources: [arn("mlspace-a"), arn("mlspace-b")], expected: "mlspace-" },
    { name: "one name", resources: [arn("mlspace-a")], expected: undefined },
    { name: "no common first letter", resources: [arn("a1"), arn("b1")], expected: undefined },
    { name: "an ARN of another account", resources: [arn("m1"), "arn:aws:ecr:us-east-1:210987654321:repository/m2"], expected: undefined },
    { name: "a prefix entry already", resources: [arn("m1"), arn("m*")], expected: undefined },
  ])("commonNamePrefix: $name", ({ resources, expected }) => {
    expect(commonNamePrefix(resources, ARN_PREFIX)).toBe(expected);
  });
});

describe("renderPolicies with MLSpace's default policies as bases", () => {
  const bases = {
    app_policy: { base_policy_json: fixture("app-policy") },
    notebook_policy: { base_policy_json: fixture("notebook-policy") },
    permission_boundary: { base_policy_json: fixture("permission-boundary") },
  };
  const threeReadRepositories = { ...defaults, ...ENVIRONMENT_VARIABLES, ...bases, read_repositories: ["custom-repo1", "custom-repo2", "custom-repo3"] };

  it("puts the boundary over IAM's limit with the documented read statements for three repositories", () => {
    const { boundary } = renderPolicies(threeReadRepositories, ENVIRONMENT);
    expect(boundary.size).toBeGreaterThan(MANAGED_POLICY_SIZE_LIMIT);
    expect(boundary.compaction).toEqual([]);
  });

  it("fits once the exact and boundary-only steps are allowed, using no more of them than needed", () => {
    const options = { merge_statements: true, exact_action_wildcards: true, boundary_read_ceiling: true };
    const policies = renderPolicies({ ...threeReadRepositories, compaction: options }, ENVIRONMENT);
    expect(policies.boundary.size).toBeLessThanOrEqual(MANAGED_POLICY_SIZE_LIMIT);
    expect(policies.boundary.compaction).toEqual(["merge_statements", "exact_action_wildcards", "boundary_read_ceiling"]);
    expect(policies.app.compaction).toEqual([]);
    expect(policies.notebook.compaction).toEqual([]);
  });
});
