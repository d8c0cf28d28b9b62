/**
 * `npm run bench`: prints how long synthesis takes (target: the app's synth within 1.5 s on a
 * 2-core machine) and how size, synth and plan grow with the number of repositories. Numbers
 * only; nothing here fails on a threshold.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../project-root";
import { seconds, timeCommand } from "./measure";
import { scaleReport } from "./scale";

const root = PROJECT_ROOT;
const env = { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: mkdtempSync(join(tmpdir(), "mlspace-ecr-access-bench-")) };

function main(): void {
  const bare = timeCommand("node", ["-e", "0"], { cwd: root, env });
  const synth = timeCommand("node", ["dist/main.js"], { cwd: root, env });
  console.log("Synthesis of the deployable stack (node dist/main.js, as cdktf.json's app runs it)");
  console.log(`  bare node start     ${seconds(bare)}`);
  console.log(`  app synth           ${seconds(synth)}`);
  console.log(`  synth minus start   ${(synth.median - bare.median).toFixed(3)} s; target: app synth <= 1.5 s`);
  scaleReport(root);
}

main();
