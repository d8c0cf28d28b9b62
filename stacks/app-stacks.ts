import { App } from "cdktf";
import { readInstalls } from "./installs/installs-file";
import { MlspaceEcrAccessStack } from "./mlspace-ecr-access-stack";
import { stateBackendFromEnvironment } from "./state-backend";

/** The stack's name without an installs file, as before there was one. */
export const SINGLE_STACK_ID = "mlspace-ecr-access";

/**
 * The app's stacks: one per install of the installs file, each with its own state and provider, or
 * without one the single stack of before (state chosen by MLSPACE_ECR_ACCESS_STATE_*). Returns the
 * stacks' names, and the installs file they come from.
 */
export function addStacks(app: App, environment: Record<string, string | undefined>, projectRoot: string): { stacks: string[]; installsFile?: string } {
  const read = readInstalls(environment, projectRoot);
  if (!read) {
    new MlspaceEcrAccessStack(app, SINGLE_STACK_ID, { stateBackend: stateBackendFromEnvironment(environment) });
    return { stacks: [SINGLE_STACK_ID] };
  }
  for (const install of read.installs) new MlspaceEcrAccessStack(app, install.name, { inputs: install.inputs, stateBackend: install.state, access: install.access });
  return { stacks: read.installs.map((install) => install.name), installsFile: read.file };
}
