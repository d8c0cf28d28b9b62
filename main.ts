import { App } from "cdktf";
import { MlspaceEcrAccessStack } from "./stacks/mlspace-ecr-access-stack";
import { stateBackendFromEnvironment } from "./stacks/state-backend";

const app = new App();
new MlspaceEcrAccessStack(app, "mlspace-ecr-access", { stateBackend: stateBackendFromEnvironment(process.env) });
app.synth();
