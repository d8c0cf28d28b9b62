import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Planning installs side by side (`npm run plan --parallel N`): at most N at once, and nothing
 * shared between two installs' Terraform runs that they could both write.
 *
 * What keeps them apart:
 * - the configuration, `.terraform.lock.hcl` and the data directory are the install's own:
 *   Terraform runs in cdktf.out/stacks/<install>, and TF_DATA_DIR is set to its `.terraform` there,
 *   so an inherited TF_DATA_DIR can never make two installs share one;
 * - state and its lock are the install's own (terraform.<install>.tfstate, or its own S3 key:
 *   stacks/installs refuses two installs with one state);
 * - the provider: from the filesystem mirror Terraform links it into each data directory, read
 *   only. Terraform's plugin cache (TF_PLUGIN_CACHE_DIR, or plugin_cache_dir in the CLI
 *   configuration) is not safe for inits at the same time, so when one is configured the inits take
 *   turns (plans and shows still run side by side), and only init ever writes to it;
 * - the CLI configuration this project writes for the mirror is replaced atomically and only read.
 * Every install's output files go to its own folder, out/plan/<install>/.
 */

/** Runs `task` over `items`, at most `limit` at once; the results are in the items' order. */
export async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`inParallel: limit must be a positive integer, got ${limit}.`);
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One at a time: `run(step)` waits for the step before it to finish. */
export function turns(): <R>(step: () => Promise<R>) => Promise<R> {
  let last: Promise<unknown> = Promise.resolve();
  return <R>(step: () => Promise<R>) => {
    const result = last.then(step);
    last = result.catch(() => undefined);
    return result;
  };
}

/** Whether Terraform would use a plugin cache: TF_PLUGIN_CACHE_DIR, or plugin_cache_dir in its CLI configuration. */
export function pluginCacheConfigured(env: NodeJS.ProcessEnv): boolean {
  if (env.TF_PLUGIN_CACHE_DIR) return true;
  const file = env.TF_CLI_CONFIG_FILE ?? join(env.HOME ?? homedir(), ".terraformrc");
  return existsSync(file) && /^\s*plugin_cache_dir\s*=/m.test(readFileSync(file, "utf8"));
}

/** The environment of one install's Terraform: its own data directory, beside its configuration. */
export function installTerraformEnvironment(env: NodeJS.ProcessEnv, stackDirectory: string): NodeJS.ProcessEnv {
  return { ...env, TF_DATA_DIR: join(stackDirectory, ".terraform") };
}
