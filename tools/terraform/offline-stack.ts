import { join } from "node:path";
import { App } from "cdktf";
import { SINGLE_STACK_ID } from "../../stacks/app-stacks";
import { MlspaceEcrAccessStack } from "../../stacks/mlspace-ecr-access-stack";
import { makeOffline } from "./offline-plan";

/** The deployable stack's name without an installs file. */
export const STACK_ID = SINGLE_STACK_ID;

/**
 * Synthesizes the deployable stack into `outdir` (never the deploy folder cdktf.out, which must not
 * get the offline override) and makes it plannable without AWS. Returns the stack's folder.
 */
export function synthesizeOfflineStack(outdir: string): string {
  const app = new App({ outdir });
  new MlspaceEcrAccessStack(app, STACK_ID);
  app.synth();
  const directory = join(outdir, "stacks", STACK_ID);
  makeOffline(directory, join(outdir, "terraform.tfstate"));
  return directory;
}
