import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { Testing } from "cdktf";
import { STACK_ID } from "../tools/terraform/offline-stack";
import { MlspaceEcrAccessStack } from "../stacks/mlspace-ecr-access-stack";
import { localStatePath, stateBackendFromEnvironment } from "../stacks/state-backend";

/**
 * Where the deployable stack keeps its state, chosen by MLSPACE_ECR_ACCESS_STATE_* at synth: the
 * backend block as synthesized, for every way the variables may be set, and the local state's
 * files kept out of git. No AWS is needed: nothing here talks to S3.
 */

const REPOSITORY = join(__dirname, "..");
const LOCAL = { local: { path: "../../../terraform.mlspace-ecr-access.tfstate" } };

function synthesizedBackend(environment: Record<string, string>): unknown {
  const stack = new MlspaceEcrAccessStack(Testing.app(), STACK_ID, { stateBackend: stateBackendFromEnvironment(environment) });
  return JSON.parse(Testing.synth(stack)).terraform.backend;
}

interface BackendCase {
  name: string;
  environment: Record<string, string>;
  expected: unknown;
}

describe("the state backend chosen by environment variables", () => {
  it.each<BackendCase>([
    { name: "nothing set: a local state file at the project's top", environment: {}, expected: LOCAL },
    { name: "local, explicitly", environment: { MLSPACE_ECR_ACCESS_STATE_BACKEND: "local" }, expected: LOCAL },
    { name: "an empty backend counts as unset", environment: { MLSPACE_ECR_ACCESS_STATE_BACKEND: "" }, expected: LOCAL },
    {
      name: "s3 with bucket and region: the default key, encrypted, locked with S3's lock file",
      environment: { MLSPACE_ECR_ACCESS_STATE_BACKEND: "s3", MLSPACE_ECR_ACCESS_STATE_BUCKET: "team-state", MLSPACE_ECR_ACCESS_STATE_REGION: "eu-west-1" },
      expected: { s3: { bucket: "team-state", key: "mlspace-ecr-access/terraform.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true } },
    },
    {
      name: "s3 with a key of its own and a KMS key",
      environment: {
        MLSPACE_ECR_ACCESS_STATE_BACKEND: "s3",
        MLSPACE_ECR_ACCESS_STATE_BUCKET: "team-state",
        MLSPACE_ECR_ACCESS_STATE_REGION: "eu-west-1",
        MLSPACE_ECR_ACCESS_STATE_KEY: "prod/mlspace-ecr-access.tfstate",
        MLSPACE_ECR_ACCESS_STATE_KMS_KEY_ID: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      },
      expected: {
        s3: {
          bucket: "team-state",
          key: "prod/mlspace-ecr-access.tfstate",
          region: "eu-west-1",
          encrypt: true,
          use_lockfile: true,
          kms_key_id: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        },
      },
    },
    {
      name: "s3 with the optional variables exported empty, as CI systems do: their defaults",
      environment: {
        MLSPACE_ECR_ACCESS_STATE_BACKEND: "s3",
        MLSPACE_ECR_ACCESS_STATE_BUCKET: "team-state",
        MLSPACE_ECR_ACCESS_STATE_REGION: "eu-west-1",
        MLSPACE_ECR_ACCESS_STATE_KEY: "",
        MLSPACE_ECR_ACCESS_STATE_KMS_KEY_ID: "",
      },
      expected: { s3: { bucket: "team-state", key: "mlspace-ecr-access/terraform.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true } },
    },
  ])("$name", ({ environment, expected }) => {
    // when
    const backend = synthesizedBackend(environment);

    // then
    expect(backend).toEqual(expected);
  });

  it.each<BackendCase & { expected: string }>([
    {
      name: "an unknown backend",
      environment: { MLSPACE_ECR_ACCESS_STATE_BACKEND: "S3" },
      expected: 'Invalid MLSPACE_ECR_ACCESS_STATE_BACKEND "S3": use "local" (the default, a state file in this folder) or "s3".',
    },
    {
      name: "s3 without a bucket",
      environment: { MLSPACE_ECR_ACCESS_STATE_BACKEND: "s3", MLSPACE_ECR_ACCESS_STATE_REGION: "eu-west-1" },
      expected: "MLSPACE_ECR_ACCESS_STATE_BACKEND=s3 needs MLSPACE_ECR_ACCESS_STATE_BUCKET: set the state bucket's name and its region.",
    },
    {
      name: "s3 with an empty bucket and no region",
      environment: { MLSPACE_ECR_ACCESS_STATE_BACKEND: "s3", MLSPACE_ECR_ACCESS_STATE_BUCKET: "" },
      expected:
        "MLSPACE_ECR_ACCESS_STATE_BACKEND=s3 needs MLSPACE_ECR_ACCESS_STATE_BUCKET and MLSPACE_ECR_ACCESS_STATE_REGION: set the state bucket's name and its region.",
    },
  ])("refuses $name, naming the variables", ({ environment, expected }) => {
    // when / then
    expect(() => stateBackendFromEnvironment(environment)).toThrow(expected);
  });
});

describe("the app, main.ts, run with the backend variables set", () => {
  let outdir: string;
  /** Runs the app as cdktf does (cdktf.json's command) with these variables on top of a clean environment, writing into `outdir`. */
  const runApp = (variables: Record<string, string>) => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("MLSPACE_ECR_ACCESS_STATE_")));
    const app: string = JSON.parse(readFileSync(join(REPOSITORY, "cdktf.json"), "utf8")).app;
    return spawnSync(app, {
      cwd: REPOSITORY,
      env: { ...inherited, CDKTF_OUTDIR: outdir, ...variables },
      encoding: "utf8",
      shell: true,
    });
  };

  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-backend-"));
  });

  afterEach(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it("synthesizes the S3 backend the environment asks for", () => {
    // when
    const run = runApp({ MLSPACE_ECR_ACCESS_STATE_BACKEND: "s3", MLSPACE_ECR_ACCESS_STATE_BUCKET: "team-state", MLSPACE_ECR_ACCESS_STATE_REGION: "eu-west-1" });

    // then
    expect(run.status).toBe(0);
    const stack = JSON.parse(readFileSync(join(outdir, "stacks", STACK_ID, "cdk.tf.json"), "utf8"));
    expect(stack.terraform.backend).toEqual({
      s3: { bucket: "team-state", key: "mlspace-ecr-access/terraform.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true },
    });
  });

  it("stops with the message naming the variable when the S3 backend lacks its bucket", () => {
    // when
    const run = runApp({ MLSPACE_ECR_ACCESS_STATE_BACKEND: "s3", MLSPACE_ECR_ACCESS_STATE_REGION: "eu-west-1" });

    // then
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("MLSPACE_ECR_ACCESS_STATE_BACKEND=s3 needs MLSPACE_ECR_ACCESS_STATE_BUCKET");
  });
});

describe("the local state's files", () => {
  const statePath = relative(REPOSITORY, resolve(REPOSITORY, "cdktf.out", "stacks", STACK_ID, localStatePath(STACK_ID)));
  /** `git check-ignore`: 0 ignored, 1 not ignored, anything else an error (no git, no repository). */
  const ignoredByGit = (path: string) => {
    const check = spawnSync("git", ["check-ignore", "--quiet", "--no-index", path], { cwd: REPOSITORY, encoding: "utf8" });
    if (check.error || (check.status !== 0 && check.status !== 1)) {
      throw new Error(`git check-ignore could not run in ${REPOSITORY} (${check.error?.message ?? check.stderr}): these tests need git and the repository.`);
    }
    return check.status === 0;
  };

  it("lie at the project's top", () => {
    expect(statePath).toBe("terraform.mlspace-ecr-access.tfstate");
  });

  it.each([
    { name: "the state", path: statePath },
    { name: "its backup", path: `${statePath}.backup` },
    { name: "the lock's info, which a killed deploy leaves behind", path: `.${basename(statePath)}.lock.info` },
  ])("keeps $name out of git", ({ path }) => {
    expect(ignoredByGit(path)).toBe(true);
  });

  it("still lets git see the project's own files", () => {
    expect(ignoredByGit("main.ts")).toBe(false);
  });
});
