import { App } from "cdktf";
import { addStacks } from "./stacks/app-stacks";

// cdktf runs the app in the project's folder: installs.json (or MLSPACE_ECR_ACCESS_INSTALLS) is read from there.
const app = new App();
addStacks(app, process.env, process.cwd());
app.synth();
