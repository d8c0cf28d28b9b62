import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The project's top folder (the one holding cdktf.json), found from this file's folder upwards:
 * the same answer whether the tools run from their TypeScript sources or compiled into dist/.
 */
export const PROJECT_ROOT = ((): string => {
  for (let folder = __dirname; ; folder = dirname(folder)) {
    if (existsSync(join(folder, "cdktf.json"))) return folder;
    if (dirname(folder) === folder) throw new Error(`No cdktf.json above ${__dirname}: the tools must run inside the project.`);
  }
})();
