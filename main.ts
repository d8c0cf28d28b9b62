import { App } from "cdktf";
import { InvalidInputError } from "./modules/mlspace-ecr-access";
import { addStacks } from "./stacks/app-stacks";
import { InstallsFileError } from "./stacks/installs/installs-file";
import { StackInputError } from "./stacks/stack-input-error";

// cdktf runs the app in the project's folder: installs.json (or MLSPACE_ECR_ACCESS_INSTALLS) is read from there.
const app = new App();
try {
  addStacks(app, process.env, process.cwd());
} catch (error) {
  // A wrong input is told in the tool's own words, under synth, diff and deploy alike; a bug keeps its stack trace.
  if (error instanceof InstallsFileError || error instanceof InvalidInputError || error instanceof StackInputError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
app.synth();
