import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { providerMirror } from "../../tools/terraform/terraform-cli";
import { startAndAwait } from "./awaited-process";

/**
 * The AWS provider started once for one stream of Terraform commands, which reattach to it
 * (TF_REATTACH_PROVIDERS: the mechanism of Terraform's own provider test framework) instead of
 * each starting the 700 MB binary and building its schema: about 1 s of CPU less for every plan,
 * apply, validate and show. The provider reads credentials and endpoints from its own environment,
 * not Terraform's, so it is started with the environment of the stream it serves, and a stream
 * with other endpoints gets a provider of its own; two commands never use one provider at once.
 *
 * Terraform reaches it through a proxy that serves the schema of the types the tests use
 * (provider-schema-proxy/): about 1.7 s of Terraform's CPU less again for every command. `schema:
 * "full"` reattaches to the provider itself.
 *
 * Only where the mirror holds the provider (this machine, CI); elsewhere, or with
 * MLSPACE_ECR_ACCESS_TEST_OWN_PROVIDERS=1, every command starts its own, as Terraform does by default.
 */
export interface ReattachedProvider {
  /** TF_REATTACH_PROVIDERS for the commands of the stream. */
  readonly environment: Readonly<Record<string, string>>;
  stop(): void;
}

export interface ProviderOptions {
  /** "served" (the default): the types the tests use, through the proxy; "full": every type, from the provider itself. */
  schema?: "served" | "full";
}

/** How go-plugin says where a provider started with -debug listens. */
interface ReattachConfig {
  Protocol: string;
  ProtocolVersion: number;
  Pid: number;
  Test: boolean;
  Addr: { Network: string; String: string };
}

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

const PROXY_SERVER = join(__dirname, "provider-schema-proxy", "proxy-server.ts");

/** Whether streams reattach to a provider started for them: where the mirror holds it, unless MLSPACE_ECR_ACCESS_TEST_OWN_PROVIDERS is set. */
export const reattaches = (env: NodeJS.ProcessEnv = process.env): boolean => providerBinary() !== undefined && !env.MLSPACE_ECR_ACCESS_TEST_OWN_PROVIDERS;

/** The proxy in front of a provider's socket (provider-schema-proxy/), on a socket of its own, in a folder that goes with it. */
function startSchemaProxy(providerSocket: string): { socket: string; stop(): void } {
  const folder = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-schema-proxy-"));
  const socket = join(folder, "provider.sock");
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  try {
    const proxy = startAndAwait("The provider's schema proxy", process.execPath, ["--require", require.resolve("sucrase/register/ts"), PROXY_SERVER, providerSocket, socket], {}, /^listening$/m);
    return {
      socket,
      stop: () => {
        proxy.stop();
        removeFolder();
      },
    };
  } catch (error) {
    removeFolder();
    throw error;
  }
}

/**
 * Starts the provider with `env` (the stream's AWS credentials, region and endpoints) and waits
 * until it says where to reattach; then, unless the schema is "full", the proxy in front of it.
 * AWS_CA_BUNDLE is left out: a provider configured a second time with a CA bundle fails ("unable to
 * add custom RootCAs HTTPClient"), and the tests' endpoints are plain HTTP on loopback.
 */
export function startReattachedProvider(env: NodeJS.ProcessEnv, { schema = "served" }: ProviderOptions = {}): ReattachedProvider | undefined {
  if (!reattaches(env)) return undefined;
  const { AWS_CA_BUNDLE: _bundle, TF_REATTACH_PROVIDERS: _inherited, ...providerEnv } = env;
  const provider = startAndAwait("The AWS provider, started for reattaching,", providerBinary()!, ["-debug"], providerEnv, /TF_REATTACH_PROVIDERS='([^']+)'/);
  if (schema === "full") return { environment: { TF_REATTACH_PROVIDERS: provider.ready[1] }, stop: provider.stop };
  const [[address, config]] = Object.entries(JSON.parse(provider.ready[1]) as Record<string, ReattachConfig>);
  let proxy: ReturnType<typeof startSchemaProxy>;
  try {
    proxy = startSchemaProxy(config.Addr.String);
  } catch (error) {
    provider.stop();
    throw error;
  }
  const proxied = { [address]: { ...config, Addr: { Network: "unix", String: proxy.socket } } };
  const stop = () => {
    proxy.stop();
    provider.stop();
  };
  return { environment: { TF_REATTACH_PROVIDERS: JSON.stringify(proxied) }, stop };
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
