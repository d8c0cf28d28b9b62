import { App } from "cdktf";
import { DEFAULT_INSTALLS_FILE, INSTALLS_FILE_VARIABLE, readInstalls } from "./installs/installs-file";
import { MlspaceEcrAccessStack } from "./mlspace-ecr-access-stack";
import { stateBackendFromEnvironment } from "./state-backend";
import { StackInputError } from "./stack-input-error";

/** The stack's name without an installs file, as before there was one. */
export const SINGLE_STACK_ID = "mlspace-ecr-access";

/**
 * The app's stacks: one per install of the installs file, each with its own state and provider, or
 * without one the single stack of before (state chosen by MLSPACE_ECR_ACCESS_STATE_*). Returns the
 * stacks' names, and the installs file they come from. `only` keeps the stacks of those installs
 * (in the file's order; the whole file is still checked), e.g. for a plan of one install.
 */
export function addStacks(app: App, environment: Record<string, string | undefined>, projectRoot: string, only: readonly string[] = []): { stacks: string[]; installsFile?: string } {
  const read = readInstalls(environment, projectRoot);
  if (!read) {
    if (only.length) throw new StackInputError(`No installs file (${DEFAULT_INSTALLS_FILE} beside cdktf.json, or ${INSTALLS_FILE_VARIABLE}): there are no installs to choose ${only.join(", ")} from. Leave out the install names to plan the single stack.`);
    new MlspaceEcrAccessStack(app, SINGLE_STACK_ID, { stateBackend: stateBackendFromEnvironment(environment) });
    return { stacks: [SINGLE_STACK_ID] };
  }
  const names = read.installs.map((install) => install.name);
  const unknown = only.filter((name) => !names.includes(name));
  if (unknown.length) throw new StackInputError(`${read.file} has no install ${unknown.join(", ")}: its installs are ${names.join(", ")}.`);
  const chosen = only.length ? read.installs.filter((install) => only.includes(install.name)) : read.installs;
  for (const install of chosen) new MlspaceEcrAccessStack(app, install.name, { inputs: install.inputs, stateBackend: install.state, access: install.access });
  return { stacks: chosen.map((install) => install.name), installsFile: read.file };
}
