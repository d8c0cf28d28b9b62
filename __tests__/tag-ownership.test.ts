import "cdktf/lib/testing/adapters/jest";
import { MANAGED_POLICY_SIZE_LIMIT, renderPolicies, statementList, terraformValues } from "../modules/mlspace-ecr-access";
import type { MlspaceEcrAccessInputs, PolicyDocument } from "../modules/mlspace-ecr-access";
import { actionsFor, decide, Decision, Principal, RequestTags, takesNoResource } from "../tools/iam-evaluator/effective-access";
import { MLSPACE_INSTALLS, mlspacePolicy, MlspaceInstall } from "../tools/mlspace-policies";
import { MLSPACE_INFRASTRUCTURE, principalTags } from "../tools/plan-review/analysis/principals";
import { DEFAULT_PRINCIPAL_TAG_KEYS } from "../modules/mlspace-ecr-access/placeholders";

/**
 * Tag ownership decided by an IAM policy evaluator on MLSpace's real documents, in the README's
 * recommended setup (the Notebook ECR policy in attach mode, beside MLSpace's own Notebook policy,
 * under MLSpace's boundary with the ceiling), for the names MLSpace allows: project `NLP`, user
 * `Jane.Doe@corp.example`. The Terraform form of the same documents is planned in module.terraform.test.ts.
 */

const RECOMMENDED: MlspaceEcrAccessInputs = {
  repositoryOwnership: "tag",
  readRepositories: ["shared/*", "users/{user}/*"],
  writeRepositories: ["projects/{project}/*"],
  writeActions: ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage", "CreateRepository"],
  describeActions: ["DescribeRepositories", "DescribeImages", "ListImages"],
  awsBaseImages: ["pytorch-training", "tensorflow-training"],
  compaction: { merge_statements: true, exact_action_wildcards: true, boundary_read_ceiling: true, boundary_all_repositories: true, boundary_all_ecr_actions: true },
};

interface Install {
  app: PolicyDocument;
  /** MLSpace's own Notebook policy, which every project-user role keeps. */
  mlspaceNotebook: PolicyDocument;
  /** The separate ECR policy attach mode puts beside it. */
  notebookEcr: PolicyDocument;
  boundary: PolicyDocument;
  sizes: number[];
}

function install(name: MlspaceInstall): Install {
  const { partition, region, accountId } = MLSPACE_INSTALLS[name];
  const base = (file: "app-policy" | "notebook-policy" | "permission-boundary") => mlspacePolicy(file, name);
  const values = terraformValues({
    ...RECOMMENDED,
    appPolicy: { basePolicyJson: base("app-policy") },
    notebookPolicy: { name: "mlspace-notebook-ecr-access", attachToRoles: ["mlspace-notebook-role"] },
    permissionBoundary: { basePolicyJson: base("permission-boundary") },
  });
  const policies = renderPolicies(values, { partition, region, accountId });
  return {
    app: policies.app.document,
    mlspaceNotebook: JSON.parse(base("notebook-policy")),
    notebookEcr: policies.notebook.document,
    boundary: policies.boundary.document,
    sizes: [policies.app.size, policies.notebook.size, policies.boundary.size],
  };
}

const commercial = install("commercial");
const repository = (name: string) => `arn:aws:ecr:us-east-1:123456789012:repository/${name}`;
const tagsOf = (project?: string, user?: string) => principalTags(DEFAULT_PRINCIPAL_TAG_KEYS, { ...(project ? { project } : {}), ...(user ? { user } : {}) } as { project: string; user: string });

const projectUserRole = (documents: Install, project?: string, user?: string): Principal => ({
  identityPolicies: [documents.mlspaceNotebook, documents.notebookEcr],
  permissionBoundary: documents.boundary,
  tags: project || user ? tagsOf(project, user) : {},
});
// MLSpace attaches its Notebook policy to the App role too, and tags it as its infrastructure.
const appRole = (documents: Install): Principal => ({ identityPolicies: [documents.app, documents.mlspaceNotebook], tags: principalTags(DEFAULT_PRINCIPAL_TAG_KEYS, MLSPACE_INFRASTRUCTURE) });

const NLP_JANE = projectUserRole(commercial, "NLP", "Jane.Doe@corp.example");
const ask = (principal: Principal, action: string, resource: string, tags: RequestTags = {}) => decide({ ...principal, action, resource, ...tags });
const PULL = "ecr:BatchGetImage";
const PUSH = "ecr:PutImage";

describe("the recommended tag-ownership setup on MLSpace's real documents", () => {
  it.each(["commercial", "govcloud"] as const)("%s: every policy within 6,144 characters, every base statement kept", (name) => {
    // given; when
    const documents = install(name);
    // then
    expect(Math.max(...documents.sizes)).toBeLessThanOrEqual(MANAGED_POLICY_SIZE_LIMIT);
    const kept = (document: PolicyDocument, file: "app-policy" | "permission-boundary") =>
      statementList(JSON.parse(mlspacePolicy(file, name))).every((statement) =>
        statementList(document).some((s) => JSON.stringify({ ...s, Sid: undefined, Action: undefined }) === JSON.stringify({ ...statement, Sid: undefined, Action: undefined })),
      );
    expect(kept(documents.app, "app-policy")).toBe(true);
    expect(kept(documents.boundary, "permission-boundary")).toBe(true);
  });
});

describe("a project-user role of project NLP, user Jane.Doe@corp.example", () => {
  it.each<{ name: string; action: string; resource: string; tags?: RequestTags; expected: Decision }>([
    { name: "pulls from a repository tagged project=NLP", action: PULL, resource: repository("projects/nlp/trainer"), tags: { resourceTags: { project: "NLP" } }, expected: "Allowed" },
    { name: "pushes to a repository tagged project=NLP", action: PUSH, resource: repository("projects/nlp/trainer"), tags: { resourceTags: { project: "NLP" } }, expected: "Allowed" },
    { name: "pushes to one tagged project=nlp (compared case-insensitively)", action: PUSH, resource: repository("projects/any-name/x"), tags: { resourceTags: { project: "nlp" } }, expected: "Allowed" },
    { name: "is denied another project's repository", action: PULL, resource: repository("projects/other/x"), tags: { resourceTags: { project: "Other" } }, expected: "ImplicitlyDenied" },
    { name: "is denied an untagged repository there", action: PULL, resource: repository("projects/nlp/untagged"), expected: "ImplicitlyDenied" },
    { name: "reads shared repositories, tagged or not", action: PULL, resource: repository("shared/base"), expected: "Allowed" },
    { name: "reads their own user repositories", action: PULL, resource: repository("users/jane/tools"), tags: { resourceTags: { user: "jane.doe@corp.example" } }, expected: "Allowed" },
    { name: "does not read another user's", action: PULL, resource: repository("users/bob/tools"), tags: { resourceTags: { user: "Bob" } }, expected: "ImplicitlyDenied" },
    { name: "pushes to none of the user repositories", action: PUSH, resource: repository("users/jane/tools"), tags: { resourceTags: { user: "Jane.Doe@corp.example" } }, expected: "ImplicitlyDenied" },
    { name: "creates a repository tagged with their project", action: "ecr:CreateRepository", resource: repository("projects/nlp/new"), tags: { requestTags: { project: "NLP" } }, expected: "Allowed" },
    { name: "does not create one tagged with another project", action: "ecr:CreateRepository", resource: repository("projects/nlp/new"), tags: { requestTags: { project: "Other" } }, expected: "ImplicitlyDenied" },
    { name: "does not create one without the tag", action: "ecr:CreateRepository", resource: repository("projects/nlp/new"), expected: "ImplicitlyDenied" },
    {
      name: "cannot tag another project's repository as theirs",
      action: "ecr:TagResource",
      resource: repository("projects/other/x"),
      tags: { resourceTags: { project: "Other" }, requestTags: { project: "NLP" } },
      expected: "ImplicitlyDenied",
    },
    { name: "cannot tag their own repository for another", action: "ecr:TagResource", resource: repository("projects/nlp/x"), tags: { resourceTags: { project: "NLP" }, requestTags: { project: "Other" } }, expected: "ImplicitlyDenied" },
    { name: "cannot untag their own", action: "ecr:UntagResource", resource: repository("projects/nlp/x"), tags: { resourceTags: { project: "NLP" }, requestTags: {} }, expected: "ImplicitlyDenied" },
  ])("$name: $expected", async ({ action, resource, tags, expected }) => {
    // given the role; when; then
    expect(await ask(NLP_JANE, action, resource, tags)).toBe(expected);
  });
});

describe("a principal without MLSpace's tags", () => {
  it("gets nothing but the authorization token", async () => {
    // given
    const untagged = projectUserRole(commercial);
    // when
    const token = await ask(untagged, "ecr:GetAuthorizationToken", "*");
    const others = await Promise.all([
      ask(untagged, PULL, repository("projects/nlp/x"), { resourceTags: { project: "NLP" } }),
      ask(untagged, PULL, repository("users/jane/x"), { resourceTags: { user: "Jane.Doe@corp.example" } }),
      ask(untagged, "ecr:CreateRepository", repository("projects/nlp/new"), { requestTags: { project: "NLP" } }),
    ]);
    // then: shared/* is not a tag-owned entry, so it stays readable
    expect(token).toBe("Allowed");
    expect(others).toEqual(["ImplicitlyDenied", "ImplicitlyDenied", "ImplicitlyDenied"]);
    expect(await ask(untagged, PULL, repository("shared/base"))).toBe("Allowed");
  });
});

describe("the App role", () => {
  it("reads every project's and user's repositories of the entries, tagged or not, and pushes to none", async () => {
    // given
    const app = appRole(commercial);
    const repositories: [string, RequestTags][] = [
      [repository("projects/nlp/x"), { resourceTags: { project: "NLP" } }],
      [repository("projects/other/x"), { resourceTags: { project: "Other" } }],
      [repository("projects/untagged/x"), {}],
      [repository("users/jane/x"), { resourceTags: { user: "Jane.Doe@corp.example" } }],
      [repository("shared/base"), {}],
    ];
    // when
    const pulls = await Promise.all(repositories.map(([resource, tags]) => ask(app, PULL, resource, tags)));
    const pushes = await Promise.all(repositories.map(([resource, tags]) => ask(app, PUSH, resource, tags)));
    // then
    expect(pulls).toEqual(repositories.map(() => "Allowed"));
    expect(pushes).toEqual(repositories.map(() => "ImplicitlyDenied"));
  });
});

describe("a grid of every ECR action × repositories × principals", () => {
  const WRITES = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];
  const READS = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:DescribeRepositories", "ecr:DescribeImages", "ListImages"].map((a) => (a.startsWith("ecr:") ? a : `ecr:${a}`));
  const REPOSITORIES: { name: string; tags: Record<string, string> }[] = [
    { name: "projects/nlp/x", tags: { project: "NLP" } },
    { name: "projects/nlp/y", tags: { project: "nlp", user: "Bob" } },
    { name: "projects/ds/x", tags: { project: "DataScience" } },
    { name: "projects/untagged/x", tags: {} },
    { name: "users/jane/x", tags: { user: "Jane.Doe@corp.example" } },
    { name: "users/bob/x", tags: { user: "Bob", project: "NLP" } },
    { name: "shared/base", tags: {} },
    { name: "other/x", tags: { project: "NLP", user: "Jane.Doe@corp.example" } },
  ];
  const PRINCIPALS: [string, string | undefined, string | undefined][] = [
    ["NLP/Jane", "NLP", "Jane.Doe@corp.example"],
    ["DataScience/Bob", "DataScience", "Bob"],
    ["untagged", undefined, undefined],
  ];
  const same = (a?: string, b?: string) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

  /** What the setup's conditions say, written out independently of the policies. */
  function expected(action: string, repository: (typeof REPOSITORIES)[number], project?: string, user?: string, requestProject?: string): boolean {
    // Tagging: only a project repository with no project tag yet or one's own, and only with one's own project tag.
    if (action === "ecr:TagResource") {
      return repository.name.startsWith("projects/") && (repository.tags.project === undefined || same(repository.tags.project, project)) && same(requestProject, project);
    }
    if (repository.name.startsWith("shared/")) return READS.includes(action);
    if (repository.name.startsWith("projects/")) return same(repository.tags.project, project) && [...READS, ...WRITES].includes(action);
    if (repository.name.startsWith("users/")) return same(repository.tags.user, user) && READS.includes(action);
    return false;
  }

  it("grants exactly what the owner conditions say, never more", async () => {
    // given every repository action of ECR but CreateRepository, whose request tags are asked above
    const all = (await actionsFor("ecr", "repository")).filter((a) => a !== "ecr:CreateRepository");
    const onRepositories = await Promise.all(all.map(async (a) => !(await takesNoResource(a))));
    const actions = all.filter((_, i) => onRepositories[i]);
    const mismatches: string[] = [];
    // when
    for (const [label, project, user] of PRINCIPALS) {
      const principal = projectUserRole(commercial, project, user);
      for (const repo of REPOSITORIES) {
        const decisions = await Promise.all(actions.map((action) => ask(principal, action, repository(repo.name), { resourceTags: repo.tags })));
        actions.forEach((action, i) => {
          if ((decisions[i] === "Allowed") !== expected(action, repo, project, user)) mismatches.push(`${label} ${action} ${repo.name} ${decisions[i]}`);
        });
        // TagResource with each request tag a caller might send: its own project's, another's, the repository's
        for (const requestProject of ["NLP", "nlp", "DataScience", repo.tags.project].filter((p): p is string => p !== undefined)) {
          const requestTags = { project: requestProject, ...(user ? { user } : {}) };
          const decision = await ask(principal, "ecr:TagResource", repository(repo.name), { resourceTags: repo.tags, requestTags });
          if ((decision === "Allowed") !== expected("ecr:TagResource", repo, project, user, requestProject)) mismatches.push(`${label} TagResource project=${requestProject} ${repo.name} ${decision}`);
        }
      }
    }
    // then
    expect(mismatches).toEqual([]);
    expect(actions.length).toBeGreaterThan(20);
    expect(actions).toContain("ecr:TagResource");
  });
});
