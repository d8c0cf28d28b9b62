/**
 * `npm run bench`: prints how long synthesis takes (target: the app's synth within 1.5 s on a
 * 2-core machine), how size, synth and plan grow with the number of repositories, the capacity
 * of MLSpace's real policies, synthesis of an installs file, and `npm run plan` over 1, 3 and 6
 * installs side by side and one at a time (parallel-plans.ts; also `npm run bench:plans`). Numbers
 * only; nothing here fails on a threshold.
 * `npm run bench:synth` times the whole `cdktf synth` command (cdktf-synth.ts).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../project-root";
import { capacityReport } from "./capacity";
import { installsReport } from "./installs";
import { plansReport } from "./parallel-plans";
import { seconds, timeCommand } from "./measure";
import { scaleReport } from "./scale";

const root = PROJECT_ROOT;
const env = { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: mkdtempSync(join(tmpdir(), "mlspace-ecr-access-bench-")) };

async function main(): Promise<void> {
  const app: string = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).app;
  const bare = timeCommand("node", ["-e", "0"], { cwd: root, env });
  const synth = timeCommand(app, [], { cwd: root, env, shell: true });
  console.log(`Synthesis of the deployable stack (${app}, cdktf.json's app, as cdktf runs it)`);
  console.log(`  bare node start     ${seconds(bare)}`);
  console.log(`  app synth           ${seconds(synth)}`);
  console.log(`  synth minus start   ${(synth.median - bare.median).toFixed(3)} s; target: app synth <= 1.5 s`);
  scaleReport(root);
  capacityReport();
  installsReport(root);
  await plansReport();
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
