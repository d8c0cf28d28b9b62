import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyProjectFiles } from "../tools/bench/project-files";

/**
 * The drift check CI runs (`npm run check:generated`), run for real on a copy of this project:
 * it passes as committed, and fails once the TypeScript changes without regenerating the module.
 */
const root = join(__dirname, "..");

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" } });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The project's files as git sees them (tracked and new, not ignored), committed in a new repository. */
function projectCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-drift-"));
  copyProjectFiles(root, copy);
  writeFileSync(join(copy, ".gitignore"), `${readFileSync(join(root, ".gitignore"), "utf8")}\nnode_modules\n`);
  run("git", ["init", "-q"], copy);
  run("git", ["add", "-A"], copy);
  run("git", ["commit", "-qm", "copy"], copy);
  return copy;
}

describe("the generated-files drift check", () => {
  let copy: string;
  beforeAll(() => {
    copy = projectCopy();
  });

  it("passes when the committed module is what the build makes", () => {
    const { code, output } = run("npm", ["run", "--silent", "check:generated"], copy);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining("Generated files are up to date.") });
  });

  it("fails, naming the stale files, when an input's definition changes and the module is not regenerated", () => {
    // given: a description changed in TypeScript and committed without `npm run generate`
    const inputs = join(copy, "modules", "mlspace-ecr-access", "inputs.ts");
    writeFileSync(inputs, readFileSync(inputs, "utf8").replace('"Tags for the three policies."', '"Tags for each of the three policies."'));
    run("git", ["commit", "-qam", "change a description only"], copy);
    // when
    const { code, output } = run("npm", ["run", "--silent", "check:generated"], copy);
    // then
    expect(code).not.toBe(0);
    expect(output).toContain("modules/mlspace-ecr-access/mlspace-ecr-access.tf.json");
    expect(output).toContain("modules/mlspace-ecr-access/hcl/mlspace-ecr-access.tf");
    expect(output).toContain("modules/mlspace-ecr-access/README.md");
  });
});
