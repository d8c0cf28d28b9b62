/**
 * A synth with N repositories given as literal inputs (checked and rendered in TypeScript at synth),
 * timed as a whole process by the benchmark: `node --require sucrase/register/ts synth-literal.ts <N> <outdir>`.
 */
import { App } from "cdktf";
import { MlspaceEcrAccessStack } from "../../stacks/mlspace-ecr-access-stack";
import { repositoryNames } from "./repositories";

const [count, outdir] = process.argv.slice(2);
const app = new App({ outdir });
new MlspaceEcrAccessStack(app, "mlspace-ecr-access", {
  inputs: { partition: "aws", region: "us-east-1", accountId: "123456789012", readRepositories: repositoryNames(Number(count)) },
});
app.synth();
