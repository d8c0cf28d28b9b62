import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/**
 * Golden files: the expected output, committed, compared strictly. `UPDATE_GOLDEN=1 npx jest …`
 * rewrites them from the current output instead; review the diff before committing it.
 */
export const GOLDEN_DIRECTORY = join(__dirname, "..", "golden");

export function expectGolden(path: string, actual: string): void {
  const file = join(GOLDEN_DIRECTORY, path);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(`No golden file ${relative(process.cwd(), file)}: run the test with UPDATE_GOLDEN=1 to write it, read it, and commit it.`);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}
