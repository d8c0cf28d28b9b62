import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { STACK_ID } from "../../tools/terraform/offline-stack";
import { localStatePath } from "../../stacks/state-backend";
import { startCli } from "./cli-process";

/** What a deploy needs of this repository: the app, its sources and build, and cdktf.json. */
const DEPLOYABLE_FILES = ["cdktf.json", "main.ts", "stacks", "modules", "tools", "package.json", "package-lock.json", "tsconfig.json"];
const REPOSITORY = join(__dirname, "..", "..");

/**
 * A copy of the project in a temporary folder, where tests run `npm run build` and `npx cdktf …`
 * as a user does, so they never touch the developer's own cdktf.out/ or state file. The copy links
 * the repository's node_modules (standing in for `npm ci`) and leaves the tests out of its build.
 */
export class ProjectCopy {
  /** Where cdktf runs Terraform: cdktf.out/stacks/<stack>. */
  readonly stackDirectory: string;
  /** The local state file, where the stack's backend puts it (the project's top). */
  readonly statePath: string;
  /** What Terraform writes next to a local state while it holds the lock. */
  readonly lockInfoPath: string;

  private constructor(readonly directory: string) {
    this.stackDirectory = join(directory, "cdktf.out", "stacks", STACK_ID);
    this.statePath = resolve(this.stackDirectory, localStatePath(STACK_ID));
    this.lockInfoPath = join(dirname(this.statePath), `.${basename(this.statePath)}.lock.info`);
  }

  /** Copies the project and runs `npm run build` in the copy; throws with its output if that fails. */
  static async build(): Promise<ProjectCopy> {
    const directory = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-project-"));
    for (const file of DEPLOYABLE_FILES) cpSync(join(REPOSITORY, file), join(directory, file), { recursive: true });
    symlinkSync(join(REPOSITORY, "node_modules"), join(directory, "node_modules"), "dir");
    const build = await startCli("npm", ["run", "build"], { cwd: directory, env: process.env }).result;
    if (build.code !== 0) throw new Error(`npm run build failed (exit ${build.code}) in ${directory}:\n${build.output}`);
    return new ProjectCopy(directory);
  }

  /** Writes a var file at the project's top; returns its name, for `--var-file=<name>`. */
  writeVarFile(values: Record<string, unknown>, name = "inputs.tfvars.json"): string {
    writeFileSync(join(this.directory, name), JSON.stringify(values, null, 2));
    return name;
  }

  /** Whether a lock's info file is there: Terraform removes it when it lets go of the lock. */
  lockInfoExists(): boolean {
    return existsSync(this.lockInfoPath);
  }

  remove(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}
