import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { STACK_ID } from "../../tools/terraform/offline-stack";
import { localStatePath } from "../../stacks/state-backend";

/** What a deploy needs of this repository: the app and its sources, cdktf.json, the package files. No dist/: cdktf runs the sources. */
const DEPLOYABLE_FILES = ["cdktf.json", "main.ts", "stacks", "modules", "tools", "package.json", "package-lock.json", "tsconfig.json"];
const REPOSITORY = join(__dirname, "..", "..");

/**
 * A copy of the project in a temporary folder, where tests run `npx cdktf …` as a user does right
 * after `npm ci`, so they never touch the developer's own cdktf.out/ or state file. The copy links
 * the repository's node_modules (standing in for `npm ci`) and has nothing built.
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

  /** Copies the project's sources into a new temporary folder. */
  static create(): ProjectCopy {
    const directory = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-project-"));
    for (const file of DEPLOYABLE_FILES) cpSync(join(REPOSITORY, file), join(directory, file), { recursive: true });
    symlinkSync(join(REPOSITORY, "node_modules"), join(directory, "node_modules"), "dir");
    return new ProjectCopy(directory);
  }

  /** Rewrites a source file of the copy, e.g. `edit("main.ts", (text) => …)`; throws if `change` changes nothing. */
  edit(file: string, change: (text: string) => string): void {
    const path = join(this.directory, file);
    const before = readFileSync(path, "utf8");
    const after = change(before);
    if (after === before) throw new Error(`The edit of ${file} in the project copy changed nothing: the text it replaces is no longer in ${file}.`);
    writeFileSync(path, after);
  }

  /** The synthesized stack's Terraform JSON (cdktf.out/stacks/<stack>/cdk.tf.json), parsed. */
  synthesizedStack(): any {
    return JSON.parse(readFileSync(join(this.stackDirectory, "cdk.tf.json"), "utf8"));
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
