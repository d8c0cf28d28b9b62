import { CEILING_SID, INPUTS, MANAGED_POLICY_SIZE_LIMIT, PolicyDocument, PolicyStatement, renderPolicies, statementList } from "../modules/mlspace-ecr-access";
import { isCeilingHost } from "../modules/mlspace-ecr-access/boundary-ceiling";
import { oversizeInTypeScript } from "../modules/mlspace-ecr-access/preconditions";
import { missingRegistryMessage } from "../modules/mlspace-ecr-access/base-images";
import { installEnvironment, MLSPACE_ROLES, NAME_OWNED_ACCESS, nameOwnedInstall, recommendedInstall } from "../tools/mlspace-installs";
import { MLSPACE_INSTALLS, mlspacePolicy, MlspaceInstall } from "../tools/mlspace-policies";
import { repositoryNames } from "../tools/bench/repositories";
import { actionsFor, decide, Principal, takesNoResource } from "../tools/iam-evaluator/effective-access";
import { matchesAction } from "../modules/mlspace-ecr-access/iam-wildcards";
import { foldWhitespace } from "./support/bad-inputs";
import { allowedFor, appRole, Documents, ecrAdministrator, projectUserRole, repository } from "./support/mlspace-principals";
import { InstallOutputs, ModuleInstalls } from "./support/module-installs";
import { PlanJson, plannedDocuments, synthesizeDeployableStack } from "./support/terraform-project";

/**
 * Stock MLSpace installs, commercial and GovCloud, with MLSpace's real documents as bases: read and
 * write access for every project through MLSpace's own boundary, in one plan that fits; owned by
 * name (lowercase project names) in most of this file, by tags in the recommended setup at its end. The stack
 * plans the commercial install; the generated module plans every install in one more plan, against
 * a local IAM endpoint that holds MLSpace's project-user roles; a last plan batches the installs
 * that must stop with the budget or consistency errors.
 */

type Key = "app" | "notebook" | "boundary";
const defaults = Object.fromEntries(INPUTS.map((input) => [input.name, input.default]));
const GOVCLOUD_ACCESS = {
  ...NAME_OWNED_ACCESS,
  read_repositories: [...NAME_OWNED_ACCESS.read_repositories, "arn:aws-us-gov:ecr:us-gov-east-1:123456789012:repository/shared/base-images"],
  write_repositories: [...NAME_OWNED_ACCESS.write_repositories, "team-images"],
};
const COMMERCIAL = nameOwnedInstall("commercial");
const GOVCLOUD = nameOwnedInstall("govcloud", GOVCLOUD_ACCESS);
/** The README's recommended setup: tag ownership, the Notebook ECR policy in attach mode. */
const TAG_OWNED = { commercial: recommendedInstall("commercial"), govcloud: recommendedInstall("govcloud") };
const rendered = (variables: Record<string, unknown>, install: MlspaceInstall) => {
  const { partition, region, accountId } = MLSPACE_INSTALLS[install];
  return renderPolicies({ ...defaults, ...variables }, { partition, region, accountId });
};
const asData = (value: unknown) => JSON.parse(JSON.stringify(value));
const parsed = (outputs: InstallOutputs) => Object.fromEntries(Object.entries(outputs.policy_json).map(([k, v]) => [k, JSON.parse(v)])) as Record<Key, PolicyDocument>;
const base = (key: Key, install: MlspaceInstall) => JSON.parse(mlspacePolicy(({ app: "app-policy", notebook: "notebook-policy", boundary: "permission-boundary" } as const)[key], install));

/** The boundary as planned, less only the documented change: the ceiling's Sid and ECR actions on its host statement. */
function withoutDocumentedChange(boundary: PolicyDocument): PolicyStatement[] {
  return statementList(boundary).map((statement) => {
    if (statement.Sid !== CEILING_SID) return statement;
    const { Sid: _sid, ...rest } = statement;
    return { ...rest, Action: (statement.Action as string[]).filter((action) => !action.startsWith("ecr:")) };
  });
}

/** MLSpace's project-user roles in the GovCloud account, as MLSpace creates them, and roles that are not. */
function seedGovCloudRoles(installs: ModuleInstalls): void {
  const { endpoint } = installs;
  const boundary = endpoint.seedPolicy("mlspace-project-user-permission-boundary", mlspacePolicy("permission-boundary", "govcloud")).arn;
  const tags = (project: string, user: string) => ({ project, user, system: "MLSpace" });
  endpoint.seedRole("MLSpace-alpha-2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e9", { tags: { ...tags("alpha", "alice"), "dynamic-user-role": "true" }, permissionsBoundary: boundary });
  // Made by an MLSpace release that did not yet set dynamic-user-role.
  endpoint.seedRole("MLSpace-beta-81b637d8fcd2c6da6359e6963113a1170de795e4b725b84d1e0b4cfd9ec58ce", { tags: tags("beta", "bob"), permissionsBoundary: boundary });
  endpoint.seedRole(MLSPACE_ROLES.app, { tags: tags("MLSpaceInfrastructure", "MLSpaceApplication"), permissionsBoundary: boundary });
  endpoint.seedRole(MLSPACE_ROLES.notebook, { tags: tags("MLSpaceInfrastructure", "MLSpaceApplication") });
  endpoint.seedRole("MLSpace-gamma-unbounded", { tags: tags("gamma", "carol") });
  endpoint.seedRole("data-team-etl", { permissionsBoundary: boundary });
}

let stackPlan: PlanJson;
let installs: ModuleInstalls;
let outputs: Record<string, InstallOutputs>;
let modulePlan: PlanJson;
let failures = "";
/** The commercial documents as planned by the stack: what an apply writes. */
let applied: Record<Key, PolicyDocument>;

beforeAll(async () => {
  stackPlan = synthesizeDeployableStack().init().plan(COMMERCIAL, "commercial");
  applied = plannedDocuments(stackPlan);
  installs = await ModuleInstalls.start({ partition: "aws-us-gov" });
  seedGovCloudRoles(installs);
  const reapplied = (key: Key) => ({ ...(COMMERCIAL[`${key === "boundary" ? "permission_boundary" : `${key}_policy`}`] as object), base_policy_json: JSON.stringify(applied[key]) });
  const asBases = { app_policy: reapplied("app"), notebook_policy: reapplied("notebook"), permission_boundary: reapplied("boundary") };
  ({ plan: modulePlan, outputs } = await installs.plan({
    commercial: COMMERCIAL,
    commercial_planned_again: { ...COMMERCIAL, ...asBases },
    commercial_access_removed: { ...COMMERCIAL, ...asBases, read_repositories: [], write_repositories: [] },
    govcloud: GOVCLOUD,
    tag_owned_commercial: TAG_OWNED.commercial,
    tag_owned_govcloud: TAG_OWNED.govcloud,
    listed_1: { ...installEnvironment("commercial"), read_repositories: repositoryNames(1) },
    listed_10: { ...installEnvironment("commercial"), read_repositories: repositoryNames(10) },
  }));
  failures = foldWhitespace(
    (
      await installs.planFailing({
        govcloud_notebook_in_place: { ...GOVCLOUD, notebook_policy: { base_policy_json: mlspacePolicy("notebook-policy", "govcloud") } },
        tag_owned_notebook_in_place: { ...TAG_OWNED.commercial, notebook_policy: { base_policy_json: mlspacePolicy("notebook-policy", "commercial") } },
        commercial_without_compaction: { ...COMMERCIAL, compaction: {} },
        listed_100: { ...installEnvironment("commercial"), read_repositories: repositoryNames(100) },
        listed_1000: { ...installEnvironment("commercial"), read_repositories: repositoryNames(1000) },
        region_of_another_partition: { ...installEnvironment("govcloud"), region: "us-east-1", read_repositories: ["shared/*"] },
        arn_of_another_partition: { ...installEnvironment("commercial"), read_repositories: ["shared/*", "arn:aws-cn:ecr:cn-north-1:123456789012:repository/base"] },
        policy_of_another_partition: { ...installEnvironment("govcloud"), read_repositories: ["shared/*"], app_policy: { import_arn: "arn:aws:iam::123456789012:policy/mlspace-app-policy", name: "mlspace-app-policy" } },
        base_images_without_registry: { partition: "aws-iso", region: "us-iso-west-1", account_id: "123456789012", read_repositories: ["shared/*"], aws_base_images: ["pytorch-training"] },
      })
    ).stderr,
  );
});

afterAll(() => installs?.stop());

describe("stock MLSpace installs: read and write for every project, inside MLSpace's own boundary", () => {
  describe("commercial, all three edited in place", () => {
    it("plans every policy within IAM's 6,144 characters, the boundary with its ceiling in MLSpace's Allow on \"*\"", () => {
      const { compaction, policy_size: sizes } = stackPlan.planned_values.outputs!;
      for (const key of ["app", "notebook", "boundary"] as Key[]) expect(sizes.value[key]).toBeLessThanOrEqual(MANAGED_POLICY_SIZE_LIMIT);
      expect(compaction.value).toEqual({
        app: [],
        notebook: [],
        boundary: ["merge_statements", "exact_action_wildcards", "boundary_read_ceiling", "boundary_all_repositories"],
      });
    });

    it("keeps every base statement; the boundary changes only by its documented ceiling", () => {
      for (const key of ["app", "notebook"] as Key[]) {
        const statements = base(key, "commercial").Statement;
        expect(statementList(applied[key]).slice(0, statements.length)).toEqual(statements);
      }
      expect(withoutDocumentedChange(applied.boundary)).toEqual(base("boundary", "commercial").Statement);
      const ceiling = statementList(applied.boundary).filter((s) => s.Sid === CEILING_SID);
      expect(ceiling).toHaveLength(1);
      expect(isCeilingHost(withoutDocumentedChange({ Statement: ceiling })[0])).toBe(true);
    });

    it("plans what the TypeScript core renders, from the stack and from the HCL module alike (compared as data)", () => {
      const expected = rendered(COMMERCIAL, "commercial");
      const documents = { app: expected.app.document, notebook: expected.notebook.document, boundary: expected.boundary.document };
      expect(applied).toEqual(asData(documents));
      expect(parsed(outputs.commercial)).toEqual(applied);
    });

    it("is idempotent: the applied documents as the next bases plan the same documents", () => {
      expect(parsed(outputs.commercial_planned_again)).toEqual(applied);
    });

    it("restores each base exactly when all ECR access is removed", () => {
      const restored = parsed(outputs.commercial_access_removed);
      for (const key of ["app", "notebook", "boundary"] as Key[]) expect(restored[key]).toEqual(base(key, "commercial"));
    });
  });

  describe("GovCloud: the boundary in place, the Notebook policy in attach mode (530 characters do not hold read and write)", () => {
    it("plans every policy within IAM's 6,144 characters, the boundary with every ECR action as its ceiling", () => {
      const { policy_size: sizes, compaction } = outputs.govcloud;
      for (const key of ["app", "notebook", "boundary"] as Key[]) expect(sizes[key]).toBeLessThanOrEqual(MANAGED_POLICY_SIZE_LIMIT);
      expect(compaction.boundary).toContain("boundary_all_ecr_actions");
      expect(parsed(outputs.govcloud)).toEqual(asData(Object.fromEntries(Object.entries(rendered(GOVCLOUD, "govcloud")).map(([k, p]) => [k, p.document]))));
    });

    it("keeps every base statement of the App policy and the boundary, which changes only by its ceiling", () => {
      const documents = parsed(outputs.govcloud);
      const appBase = base("app", "govcloud").Statement;
      expect(statementList(documents.app).slice(0, appBase.length)).toEqual(appBase);
      expect(withoutDocumentedChange(documents.boundary)).toEqual(base("boundary", "govcloud").Statement);
    });

    it("attaches the Notebook ECR policy to the notebook role and to exactly MLSpace's existing project-user roles, found at plan", () => {
      const attachments = (modulePlan.resource_changes ?? []).filter(
        (c: any) => c.type === "aws_iam_policy_attachment" && c.name === "notebook" && c.module_address === 'module.install["govcloud"]',
      );
      expect(attachments.map((c: any) => c.change.after.roles)).toEqual([
        [
          "MLSpace-alpha-2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e9",
          "MLSpace-beta-81b637d8fcd2c6da6359e6963113a1170de795e4b725b84d1e0b4cfd9ec58ce",
          MLSPACE_ROLES.notebook,
        ].sort(),
      ]);
    });

    it("stops an in-place Notebook policy that cannot fit with the budget error that names attach mode and its size", () => {
      const variables = { ...GOVCLOUD, notebook_policy: { base_policy_json: mlspacePolicy("notebook-policy", "govcloud") } };
      const message = oversizeInTypeScript("notebook", { ...defaults, ...variables });
      expect(message).toMatch(/use attach mode \(notebook_policy\.attach_to_roles\): its ECR statements alone, in a policy of their own, are \d+ characters;/);
      expect(failures).toContain(foldWhitespace(message));
    });
  });

  describe.each(["commercial", "govcloud"] as MlspaceInstall[])("the recommended setup, tag ownership: %s", (install) => {
    const documents = () => parsed(outputs[`tag_owned_${install}`]);

    it("plans every policy within IAM's 6,144 characters, as the TypeScript core renders them", () => {
      const { policy_size: sizes } = outputs[`tag_owned_${install}`];
      for (const key of ["app", "notebook", "boundary"] as Key[]) expect(sizes[key]).toBeLessThanOrEqual(MANAGED_POLICY_SIZE_LIMIT);
      expect(documents()).toEqual(asData(Object.fromEntries(Object.entries(rendered(TAG_OWNED[install], install)).map(([k, p]) => [k, p.document]))));
    });

    it("keeps every base statement of the App policy and the boundary; the Notebook ECR policy owns repositories by tags", () => {
      const appBase = base("app", install).Statement;
      expect(statementList(documents().app).slice(0, appBase.length)).toEqual(appBase);
      expect(withoutDocumentedChange(documents().boundary)).toEqual(base("boundary", install).Statement);
      const conditions = statementList(documents().notebook).map((s) => s.Condition);
      expect(conditions.filter(Boolean)).toEqual([
        { StringEqualsIgnoreCase: { "aws:ResourceTag/project": "${aws:PrincipalTag/project}" } },
        {
          StringEqualsIgnoreCase: { "aws:RequestTag/project": "${aws:PrincipalTag/project}" },
          StringEqualsIgnoreCaseIfExists: { "aws:ResourceTag/project": "${aws:PrincipalTag/project}" },
        },
        { StringEqualsIgnoreCase: { "aws:ResourceTag/user": "${aws:PrincipalTag/user}" } },
      ]);
    });
  });

  it("stops the recommended setup's Notebook policy in place, with the budget error that names attach mode", () => {
    const variables = { ...TAG_OWNED.commercial, notebook_policy: { base_policy_json: mlspacePolicy("notebook-policy", "commercial") } };
    const message = oversizeInTypeScript("notebook", { ...defaults, ...variables });
    expect(message).toMatch(/use attach mode \(notebook_policy\.attach_to_roles\): its ECR statements alone, in a policy of their own, are \d+ characters;/);
    expect(failures).toContain(foldWhitespace(message));
  });

  describe("the budget, stated", () => {
    it("reports the size of 1 and 10 listed repositories, as IAM counts it", () => {
      for (const name of ["listed_1", "listed_10"]) {
        const { policy_json: json, policy_size: sizes } = outputs[name];
        expect(sizes.app).toBe(json.app.replace(/\s/g, "").length);
      }
      expect(outputs.listed_10.policy_size.app).toBeGreaterThan(outputs.listed_1.policy_size.app);
    });

    it.each([100, 1000])("stops %i listed repositories with how many of them fit and the forms that would", (count) => {
      const message = oversizeInTypeScript("app", { ...defaults, ...installEnvironment("commercial"), read_repositories: repositoryNames(count) });
      expect(message).toMatch(new RegExp(`It lists ${count} repository ARNs in \\d+ characters; about \\d+ of that length would fit\\.`));
      expect(message).toContain('a {project} or {user} entry ("projects/{project}/*")');
      expect(failures).toContain(foldWhitespace(message));
    });

    it("stops the boundary without compaction, naming the step that makes it fit and the boundary's size with it", () => {
      const message = oversizeInTypeScript("boundary", { ...defaults, ...COMMERCIAL, compaction: {} });
      expect(message).toMatch(/set compaction\.boundary_all_ecr_actions = true: the boundary would then be 60\d\d characters, whatever the repositories;/);
      expect(failures).toContain(foldWhitespace(message));
    });
  });

  describe("inputs that could never grant together are refused at plan", () => {
    it("a region of another partition", () => {
      expect(failures).toContain(
        'Invalid region "us-east-1" for partition "aws-us-gov": that partition\'s regions look like us-gov-west-1, so the repositories named in this one could never be reached. Set region (or partition) to the install\'s.',
      );
    });

    it("a policy adopted from another partition", () => {
      expect(failures).toContain(
        'Invalid import_arn "arn:aws:iam::123456789012:policy/mlspace-app-policy": the adopted policy is in another partition than the repositories ("aws-us-gov"), so the roles it is attached to could never reach them. Adopt the install\'s own policies, or set partition to theirs.',
      );
    });

    it("AWS base images in a region without a known Deep Learning Containers registry", () => {
      expect(failures).toContain(foldWhitespace(missingRegistryMessage('"us-iso-west-1"')));
    });

    it("a repository ARN of another partition", () => {
      expect(failures).toContain(
        'Invalid read_repositories entries "arn:aws-cn:ecr:cn-north-1:123456789012:repository/base": their partition is not this install\'s ("aws"), and IAM never lets a principal reach a resource of another partition. Use ARNs in partition "aws", or drop those entries.',
      );
    });
  });
});

describe("who may do what, per an IAM policy evaluator on the planned documents, with the boundary and MLSpace's tags", () => {
  const planned = {} as Record<MlspaceInstall, Documents>;
  const uncompacted = {} as Record<MlspaceInstall, Documents>;
  let everyAction: string[];
  /** Less the actions that take no repository (the authorization token's answer is the same for every repository). */
  let onRepositories: string[];
  const VARIABLES = { commercial: COMMERCIAL, govcloud: GOVCLOUD };
  /** What the App role carries: in GovCloud the Notebook ECR policy is attached to the notebook role only. */
  const APP_POLICIES: Record<MlspaceInstall, ("app" | "notebook")[]> = { commercial: ["app", "notebook"], govcloud: ["app"] };
  const REPOSITORIES = ["projects/alpha/trainer", "projects/beta/trainer", "users/alice/notebook", "users/bob/notebook", "shared/base", "other/trainer"];
  const PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];
  const PUSH = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];

  beforeAll(async () => {
    planned.commercial = applied;
    planned.govcloud = parsed(outputs.govcloud);
    for (const install of ["commercial", "govcloud"] as MlspaceInstall[]) {
      const documents = rendered({ ...VARIABLES[install], compaction: {} }, install);
      uncompacted[install] = { app: documents.app.document, notebook: documents.notebook.document, boundary: documents.boundary.document };
    }
    everyAction = await actionsFor("ecr", "repository");
    const takesNone = await Promise.all(everyAction.map(takesNoResource));
    onRepositories = everyAction.filter((_, i) => !takesNone[i]);
  });

  describe.each(["commercial", "govcloud"] as MlspaceInstall[])("%s", (install) => {
    const arn = (name: string) => repository(install, name);
    const ask = (principal: () => Principal, action: string, name: string) => decide({ ...principal(), action, resource: action === "ecr:GetAuthorizationToken" ? "*" : arn(name) });
    const alpha = () => projectUserRole(planned[install], "alpha", "alice");

    it.each([...PULL, ...PUSH])("project alpha's role may %s in projects/alpha/…, pulling through the write entry alone", async (action) => {
      expect(await ask(alpha, action, "projects/alpha/trainer")).toBe("Allowed");
    });

    it.each([
      ["ecr:PutImage", "projects/beta/trainer"],
      ["ecr:BatchGetImage", "projects/beta/trainer"],
      ["ecr:BatchGetImage", "users/bob/notebook"],
      ["ecr:BatchGetImage", "other/trainer"],
      ["ecr:PutImage", "shared/base"],
      ["ecr:PutImage", "users/alice/notebook"],
    ])("project alpha's role is denied %s on %s", async (action, name) => {
      expect(await ask(alpha, action, name)).toBe("ImplicitlyDenied");
    });

    it("project alpha's role pulls its user's and the shared repositories, and gets the authorization token", async () => {
      expect(await ask(alpha, "ecr:BatchGetImage", "users/alice/notebook")).toBe("Allowed");
      expect(await ask(alpha, "ecr:BatchGetImage", "shared/base")).toBe("Allowed");
      expect(await ask(alpha, "ecr:GetAuthorizationToken", "*")).toBe("Allowed");
    });

    it("a role without the project and user tags gets nothing from the {project} and {user} entries", async () => {
      const untagged = await allowedFor(projectUserRole(planned[install]), onRepositories, REPOSITORIES.map(arn));
      expect(untagged.filter((cell) => /projects\/|users\//.test(cell))).toEqual([]);
      expect(untagged).toContain(`ecr:BatchGetImage on ${arn("shared/base")}`);
    });

    it("the App role reads every project's and user's repositories and pushes to none of them", async () => {
      const app = await allowedFor(appRole(planned[install], APP_POLICIES[install]), onRepositories, REPOSITORIES.map(arn));
      const expected = ["projects/alpha/trainer", "projects/beta/trainer", "users/alice/notebook", "users/bob/notebook", "shared/base"].flatMap((name) => PULL.map((a) => `${a} on ${arn(name)}`));
      expect(app).toEqual(expected.sort());
    });

    it("grants no principal more than the uncompacted documents, over every ECR action × repository, but through the documented ceiling", async () => {
      const principals = (documents: Documents) => ({
        alpha: projectUserRole(documents, "alpha", "alice"),
        beta: projectUserRole(documents, "beta", "bob"),
        untagged: projectUserRole(documents),
        app: appRole(documents, APP_POLICIES[install]),
      });
      const resources = REPOSITORIES.map(arn);
      for (const [name, principal] of Object.entries(principals(planned[install]))) {
        const before = await allowedFor(principals(uncompacted[install])[name as "alpha"], everyAction, resources);
        expect({ name, allowed: await allowedFor(principal, everyAction, resources) }).toEqual({ name, allowed: before });
      }
      // The ceiling: what any identity policy could get through the boundary, on every repository.
      const ceiling = statementList(planned[install].boundary).find((s) => s.Sid === CEILING_SID)!;
      const inCeiling = (action: string) => [ceiling.Action].flat().some((pattern) => matchesAction(String(pattern), action));
      const admin = await allowedFor(ecrAdministrator(planned[install]), everyAction, resources);
      expect(admin).toEqual(everyAction.filter(inCeiling).flatMap((action) => resources.map((r) => `${action} on ${r}`)).sort());
    });

    it("evaluates 1, 100 and 10,000 projects alike: each its own repositories, with the same documents", async () => {
      const patterns = [];
      for (const n of [1, 100, 10000]) {
        const role = projectUserRole(planned[install], `project${n}`, `user${n}`);
        const own = await allowedFor(role, [...PULL, ...PUSH], [arn(`projects/project${n}/trainer`), arn(`projects/project${n + 1}/trainer`)]);
        patterns.push(own.map((cell) => cell.replace(`project${n}/`, "OWN/")));
      }
      expect(patterns[1]).toEqual(patterns[0]);
      expect(patterns[2]).toEqual(patterns[0]);
      expect(patterns[0]).toHaveLength(PULL.length + PUSH.length);
    });
  });

  it("in GovCloud, a role pushes to the listed write repository and pulls the listed repository of another region", async () => {
    const alpha = projectUserRole(planned.govcloud, "alpha", "alice");
    expect(await decide({ ...alpha, action: "ecr:PutImage", resource: repository("govcloud", "team-images") })).toBe("Allowed");
    expect(await decide({ ...alpha, action: "ecr:BatchGetImage", resource: "arn:aws-us-gov:ecr:us-gov-east-1:123456789012:repository/shared/base-images" })).toBe("Allowed");
  });
});
