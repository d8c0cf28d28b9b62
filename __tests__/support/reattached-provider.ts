import { ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { providerMirror } from "../../tools/terraform/terraform-cli";

/**
 * The AWS provider started once for one stream of Terraform commands, which reattach to it
 * (TF_REATTACH_PROVIDERS: the mechanism of Terraform's own provider test framework) instead of
 * each starting the 700 MB binary and building its schema: about 1 s of CPU less for every plan,
 * apply, validate and show. The provider reads credentials and endpoints from its own environment,
 * not Terraform's, so it is started with the environment of the stream it serves, and a stream
 * with other endpoints gets a provider of its own; two commands never use one provider at once.
 *
 * Only where the mirror holds the provider (this machine, CI); elsewhere every command starts its
 * own, as Terraform does by default.
 */
export interface ReattachedProvider {
  /** TF_REATTACH_PROVIDERS for the commands of the stream. */
  readonly environment: Readonly<Record<string, string>>;
  stop(): void;
}

const STARTED = /TF_REATTACH_PROVIDERS='([^']+)'/;
const START_TIMEOUT_MS = 60_000;

/** The provider binary in the mirror, if it is there unpacked. */
function providerBinary(): string | undefined {
  const mirror = providerMirror();
  const versions = mirror && join(mirror, "registry.terraform.io", "hashicorp", "aws");
  if (!versions || !existsSync(versions)) return undefined;
  for (const version of readdirSync(versions)) {
    const platform = join(versions, version, "linux_amd64");
    const binary = existsSync(platform) ? readdirSync(platform).find((name) => name.startsWith("terraform-provider-aws")) : undefined;
    if (binary) return join(platform, binary);
  }
  return undefined;
}

/** Every provider still running, stopped at the latest when the test worker exits. */
const running = new Set<() => void>();
process.once("exit", () => [...running].forEach((stop) => stop()));

/** Blocks this thread for `ms`: the sync test helpers (spawnSync Terraform) wait for the provider too. */
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Starts the provider with `env` (the stream's AWS credentials, region and endpoints) and waits
 * until it says where to reattach. AWS_CA_BUNDLE is left out: a provider configured a second time
 * with a CA bundle fails ("unable to add custom RootCAs HTTPClient"), and the tests' endpoints are
 * plain HTTP on loopback.
 */
export function startReattachedProvider(env: NodeJS.ProcessEnv): ReattachedProvider | undefined {
  const binary = providerBinary();
  if (!binary || env.MLSPACE_ECR_ACCESS_TEST_OWN_PROVIDERS) return undefined;
  const folder = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-provider-"));
  const log = join(folder, "provider.log");
  const fd = openSync(log, "w");
  const { AWS_CA_BUNDLE: _bundle, TF_REATTACH_PROVIDERS: _inherited, ...providerEnv } = env;
  // Its output goes to a file: a pipe nobody reads while a sync Terraform runs would fill and block it.
  const child: ChildProcess = spawn(binary, ["-debug"], { env: providerEnv, stdio: ["ignore", fd, fd], detached: false });
  closeSync(fd);
  const stop = () => {
    running.delete(stop);
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(folder, { recursive: true, force: true });
  };
  running.add(stop);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const match = STARTED.exec(readFileSync(log, "utf8"));
    if (match) return { environment: { TF_REATTACH_PROVIDERS: match[1] }, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      const output = readFileSync(log, "utf8");
      stop();
      throw new Error(`The AWS provider (${binary} -debug) did not start for reattaching${child.exitCode !== null ? ` (exit ${child.exitCode})` : " in 60 s"}:\n${output}`);
    }
    sleep(50);
  }
}

let offline: ReattachedProvider | undefined | null = null;

/** The test file's provider for its offline Terraform runs (one stream: they run one at a time); stopped after the file. */
export function offlineProvider(env: NodeJS.ProcessEnv): Readonly<Record<string, string>> {
  if (offline === null) offline = startReattachedProvider(env);
  return offline?.environment ?? {};
}

export function stopOfflineProvider(): void {
  offline?.stop();
  offline = null;
}
