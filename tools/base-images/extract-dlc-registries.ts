import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { DlcRegistryExtract, EXTRACT_PATH } from "./dlc-registry-table";

/**
 * Refreshes dlc-registry-source.json from a git directory of aws/sagemaker-python-sdk:
 * `node --require sucrase/register/ts tools/base-images/extract-dlc-registries.ts --git-dir DIR [--commit SHA]`.
 * Every config file's distinct `registries` maps are kept, so the table's selection rule is applied
 * by the generator, from the committed extract, where the tests can check it.
 */

const DIRECTORY = "sagemaker-core/src/sagemaker/core/image_uri_config";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function registriesIn(value: unknown, found: Record<string, string>[]): Record<string, string>[] {
  if (Array.isArray(value)) value.forEach((v) => registriesIn(v, found));
  else if (value && typeof value === "object") {
    const object = value as Record<string, unknown>;
    const map = object.registries;
    if (map && typeof map === "object" && !Array.isArray(map) && !found.some((m) => JSON.stringify(m) === JSON.stringify(map))) found.push(map as Record<string, string>);
    Object.values(object).forEach((v) => registriesIn(v, found));
  }
  return found;
}

const gitDir = argument("--git-dir");
if (!gitDir) {
  console.error("Give --git-dir: a clone (or bare git directory) of aws/sagemaker-python-sdk.");
  process.exit(2);
}
const git = (...args: string[]) => execFileSync("git", [`--git-dir=${gitDir}`, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const commit = git("rev-parse", argument("--commit") ?? "HEAD").trim();
const extract: DlcRegistryExtract = { repository: "aws/sagemaker-python-sdk", commit, directory: DIRECTORY, files: {} };
for (const line of git("ls-tree", `${commit}:${DIRECTORY}/`).trim().split("\n")) {
  const [meta, name] = line.split("\t");
  if (!name.endsWith(".json")) continue;
  const blob = meta.split(" ")[2];
  extract.files[name] = { blob, registries: registriesIn(JSON.parse(git("cat-file", "blob", blob)), []) };
}
writeFileSync(EXTRACT_PATH, `${JSON.stringify(extract, null, 1)}\n`);
console.log(`wrote ${EXTRACT_PATH}: ${Object.keys(extract.files).length} files at ${commit}`);
