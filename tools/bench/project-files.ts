import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The project as a fresh clone has it: the files git tracks and the new ones it does not ignore,
 * copied into `destination`, with the project's node_modules linked in (standing in for `npm ci`).
 * Nothing built comes along: dist/, cdktf.out/ and caches are ignored by git.
 */
export function copyProjectFiles(root: string, destination: string): void {
  const listing = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" });
  if (listing.status !== 0) throw new Error(`git ls-files failed in ${root} (${listing.error?.message ?? listing.stderr.trim()}): copying the project needs git and its repository.`);
  // A node_modules that is itself a link is not matched by .gitignore's "node_modules/": never copy it.
  // Files deleted in the working tree are still listed as tracked: a clone of the change has none.
  const files = listing.stdout.split("\0").filter((file) => file && file !== "node_modules" && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(destination, file)), { recursive: true });
    cpSync(join(root, file), join(destination, file));
  }
  symlinkSync(join(root, "node_modules"), join(destination, "node_modules"), "dir");
}
