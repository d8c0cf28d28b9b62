import { readFileSync } from "node:fs";
import { join } from "node:path";
import { POLICIES, POLICY_KEYS, PolicyKey, SIDS } from "../../modules/mlspace-ecr-access";
import { CdktfCli } from "./cdktf-cli";
import { asInState, DeployedStack } from "./deployed-stack";
import { runTerraform } from "./terraform-async";
import { fixture } from "./fixtures";
import { IamEndpoint, PolicySnapshot, startIamEndpoint } from "./iam-endpoint";
import { ProjectCopy } from "./project-copy";
import { ReattachedProvider, startReattachedProvider } from "./reattached-provider";

/**
 * One deployment of the stack through the README's "Deploying for real" commands, `npx cdktf
 * deploy|diff|destroy`, in a copy of the project with the real Terraform CLI and AWS provider talking
 * to a local IAM endpoint of its own. Deployments share nothing, so test files can run side by side.
 */

export const VAR_FILE = "inputs.tfvars.json";
export const DEPLOY = ["deploy", "--auto-approve", "--skip-provider-lock", `--var-file=${VAR_FILE}`];
export const DIFF = ["diff", "--skip-provider-lock", `--var-file=${VAR_FILE}`];
export const DESTROY = ["destroy", "--auto-approve", "--skip-provider-lock", `--var-file=${VAR_FILE}`];

/** Not the endpoint's default account, so ARNs with it prove the account came from STS. */
export const ACCOUNT_ID = "210987654321";
export const REPOSITORY = "custom-repo1";
export const TAGS = { project: "mlspace" };
/** MLSpace's real App and Notebook policies as bases; the real boundary needs compaction to fit
 * write access (see the module README), so a small boundary stands in for it. */
const BOUNDARY_BASE = readFileSync(join(__dirname, "documents", "small-permission-boundary.json"), "utf8");
export const CONSOLE_EDIT = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }] };

export interface Inputs {
  /** The second read repository; changing it changes all three documents. */
  team: string;
  write?: boolean;
  notebookImportArn?: string;
}

/** The var file: no partition, region or account, so the provider's (STS's) are used. */
function inputs({ team, write = false, notebookImportArn }: Inputs): Record<string, unknown> {
  return {
    read_repositories: [REPOSITORY, team],
    write_repositories: write ? [REPOSITORY] : [],
    write_actions: ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage"],
    app_policy: { base_policy_json: fixture("app-policy") },
    // Adopted over a console edit (ecr:* on "*") that the pinned base is meant to replace: said explicitly, or the plan stops.
    notebook_policy: {
      base_policy_json: fixture("notebook-policy"),
      ...(notebookImportArn ? { import_arn: notebookImportArn, allow_dropping_live_statements: true } : {}),
    },
    permission_boundary: { base_policy_json: BOUNDARY_BASE },
    tags: TAGS,
  };
}

export const repositoryArn = (name: string) => `arn:aws:ecr:us-east-1:${ACCOUNT_ID}:repository/${name}`;

/** The resources of one of our statements in a document, as a list; undefined without it. */
export function statementResources(document: string | unknown, sid: string): string[] | undefined {
  const parsed: any = typeof document === "string" ? JSON.parse(document) : document;
  const statement = parsed.Statement.find((s: any) => s.Sid === sid);
  return statement && [statement.Resource].flat();
}

/** The repositories a document lets its holder pull, sorted: our Read statement's and our Write statement's (write implies read). */
export function pulledRepositories(document: string | unknown): string[] {
  return [...(statementResources(document, SIDS.read) ?? []), ...(statementResources(document, SIDS.write) ?? [])].sort();
}

export class CdktfDeployment {
  private constructor(
    readonly endpoint: IamEndpoint,
    readonly copy: ProjectCopy,
    readonly cli: CdktfCli,
    readonly deployed: DeployedStack,
    private provider?: ReattachedProvider,
  ) {}

  /** The cdktf commands reattach to one provider of the deployment's own: one stack, one command at a time. */
  static async start(): Promise<CdktfDeployment> {
    const endpoint = await startIamEndpoint({ accountId: ACCOUNT_ID });
    const copy = ProjectCopy.create();
    const cli = new CdktfCli(copy.directory, endpoint.awsEnvironment());
    const provider = startReattachedProvider(cli.env);
    Object.assign(cli.env, provider?.environment);
    return new CdktfDeployment(endpoint, copy, cli, new DeployedStack(copy.stackDirectory, copy.statePath, cli.env), provider);
  }

  /**
   * After a deploy was killed: its provider goes too, with the calls it had in flight, as a
   * provider Terraform starts itself dies with it; the next command gets a new one.
   */
  restartProvider(): void {
    this.provider?.stop();
    delete this.cli.env.TF_REATTACH_PROVIDERS;
    this.provider = startReattachedProvider(this.cli.env);
    Object.assign(this.cli.env, this.provider?.environment);
  }

  /** Writes the var file the cdktf commands read. */
  useInputs(given: Inputs): void {
    this.copy.writeVarFile(inputs(given), VAR_FILE);
  }

  /**
   * What `cdktf diff` (plan) or `cdktf deploy` (apply) runs once it has synthesized and initialized:
   * Terraform in the stack's folder, with the same arguments and the var file. For steps whose
   * claim is the plan or the apply, not cdktf: a cdktf run spends about 2.5 s of its own (npx, its
   * CLI, synth) before Terraform starts. An earlier cdktf run must have synthesized the stack from
   * these sources; the inputs are Terraform variables, so a new var file needs no new synth. The
   * plan is saved where `deployed.diffPlan()` reads it.
   */
  async terraform(command: "plan" | "apply"): Promise<{ code: number; output: string }> {
    const args = command === "plan" ? ["plan", "-input=false", "-out", "plan"] : ["apply", "-auto-approve"];
    if (command === "plan") this.deployed.clearDiffPlan();
    const { code, stdout, stderr } = await runTerraform([...args, `-var-file=${join(this.copy.directory, VAR_FILE)}`], this.copy.stackDirectory, this.cli.env);
    return { code, output: `${stdout}${stderr}` };
  }

  /** The endpoint's calls from the `start`th on. */
  callsFrom(start: number) {
    return this.endpoint.calls().slice(start);
  }

  /** The endpoint's policies by key; fails on any policy the stack does not name (a duplicate). */
  heldPolicies(): Partial<Record<PolicyKey, PolicySnapshot>> {
    const byName = new Map(this.endpoint.policies().map((policy) => [policy.name, policy]));
    const held = Object.fromEntries(POLICY_KEYS.filter((key) => byName.has(POLICIES[key].defaultName)).map((key) => [key, byName.get(POLICIES[key].defaultName)!]));
    expect(this.endpoint.policies()).toHaveLength(Object.keys(held).length);
    return held;
  }

  /** The state records exactly the policies the endpoint holds, as it holds them; returns them. */
  expectStateToMatchEndpoint(): Partial<Record<PolicyKey, PolicySnapshot>> {
    const inState = this.deployed.policies();
    const held = this.heldPolicies();
    expect(inState).toEqual(Object.fromEntries(Object.entries(held).map(([key, policy]) => [key, asInState(key as PolicyKey, policy)])));
    return held;
  }

  /** Stops any cdktf run still going (a test that timed out), then the endpoint; removes the copy. */
  async stop(): Promise<void> {
    await this.cli.stopAll();
    this.provider?.stop();
    await this.endpoint.stop();
    this.copy.remove();
  }
}
