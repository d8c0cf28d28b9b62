import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * For a test's own throwaway Terraform working directory, right after its `terraform init`: keeps
 * the provider versions init selected in `.terraform.lock.hcl` and drops the checksums it recorded.
 * Before every command Terraform hashes the installed provider to compare it with those checksums:
 * 0.7 s of CPU for the 700 MB AWS provider, a third of a `terraform show`. Init has just computed
 * them from the same mirror file, so the later commands of the directory would check nothing new;
 * with no checksums in the lock, Terraform uses the installed package as it is. Plans and applies
 * are the same. Users' folders (the examples, cdktf.out) are never touched.
 */
export function trustInstalledProviders(directory: string): void {
  const lockFile = join(directory, ".terraform.lock.hcl");
  if (!existsSync(lockFile)) return;
  writeFileSync(lockFile, readFileSync(lockFile, "utf8").replace(/^ *hashes = \[[^\]]*\]\n/gm, ""));
}
