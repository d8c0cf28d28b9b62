import { nameOwnedInstall } from "../tools/mlspace-installs";
import { terraform } from "../tools/terraform/terraform-cli";
import { hclRoot, PROVIDER_BLOCK } from "./support/hcl-root";
import { reattaches, ReattachedProvider, startReattachedProvider } from "./support/reattached-provider";
import { PlanJson, synthesizeDeployableStack, TerraformProject } from "./support/terraform-project";

/**
 * Where the tests reattach to providers they start (the provider mirror is there, as on this
 * machine and in CI), their Terraform reaches the AWS provider through a proxy that serves the
 * schema of the types the tests use (support/provider-schema-proxy/). Proven here against the
 * provider itself, both reattached: the same plan, and a type left out fails loudly rather than
 * planning otherwise. Otherwise every command starts its own provider, with its whole schema.
 */

/** What differs between two plans of the same inputs by nature: the time, and the order Terraform lists relevant attributes in. */
const comparable = ({ timestamp: _time, relevant_attributes: relevant, ...plan }: PlanJson) => ({
  ...plan,
  relevant_attributes: [...((relevant as unknown[]) ?? [])].map((entry) => JSON.stringify(entry)).sort(),
});

function servedSchema() {
  let full: ReattachedProvider | undefined;
  afterAll(() => full?.stop());

  /** The same working directory, reattached to a provider of its own with its whole schema. */
  const withFullSchema = (project: TerraformProject) => {
    const { TF_REATTACH_PROVIDERS: _served, ...env } = project.env;
    full ??= startReattachedProvider(env, { schema: "full" });
    if (!full) throw new Error("No AWS provider was started to reattach to (see support/reattached-provider.ts).");
    return new TerraformProject(project.directory, { ...full.environment });
  };

  it("plans the stack exactly as the whole schema does: the same plan JSON", () => {
    // given MLSpace's real documents as bases, commercial
    const served = synthesizeDeployableStack().init();
    const inputs = nameOwnedInstall("commercial");
    // when
    const throughProxy = served.plan(inputs, "served");
    const direct = withFullSchema(served).plan(inputs, "full");
    // then
    expect(throughProxy.resource_changes?.length).toBeGreaterThan(0);
    expect(comparable(throughProxy)).toEqual(comparable(direct));
  });

  it("fails a configuration with a type it does not serve, naming the type and the fix; the whole schema validates it", () => {
    // given
    const root = hclRoot(`${PROVIDER_BLOCK}\nresource "aws_s3_bucket" "logs" {}\n`).init();
    // when
    const served = (() => {
      try {
        root.validate();
        return "validated";
      } catch (error) {
        return (error as Error).message.replace(/\s+/g, " ");
      }
    })();
    const direct = terraform(["validate"], root.directory, withFullSchema(root).env);
    // then
    expect(served).toContain('The provider hashicorp/aws does not support resource type "aws_s3_bucket".');
    expect(served).toContain('add "aws_s3_bucket" in __tests__/support/provider-schema-proxy/served-schema.ts (servesType)');
    expect({ code: direct.code, stderr: direct.stderr }).toEqual({ code: 0, stderr: "" });
  });
}

function noReattaching() {
  it("reattaches to nothing: Terraform starts its own provider, with its whole schema", () => {
    expect(synthesizeDeployableStack().env.TF_REATTACH_PROVIDERS).toBeUndefined();
  });
}

// The claim that holds where the tests run: reattaching (as in CI), or each command with its own provider.
if (reattaches()) describe("the provider schema served to the tests, by a provider started for reattaching", servedSchema);
else describe("the provider schema, each command with its own provider", noReattaching);
