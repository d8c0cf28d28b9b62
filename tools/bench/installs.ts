/**
 * Synthesis time of an installs file with 1, 10 and 50 installs (MLSpace's default documents as
 * bases, the recommended access): one stack each, so it should grow no worse than linearly.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { INSTALLS_FILE_VARIABLE } from "../../stacks/installs/installs-file";
import { ATTACHED_NOTEBOOK_POLICY, RECOMMENDED_ACCESS, RECOMMENDED_COMPACTION } from "../mlspace-installs";
import { MLSPACE_POLICIES_DIRECTORY } from "../mlspace-policies";
import { seconds, timeCommand } from "./measure";

function installsFile(count: number): string {
  const folder = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-installs-bench-"));
  const base = (name: string) => ({ base_policy_file: join(MLSPACE_POLICIES_DIRECTORY, `${name}.json`) });
  const installs = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`install-${i + 1}`, { account_id: String(100000000000 + i), region: "us-east-1" }]),
  );
  const document = {
    defaults: {
      partition: "aws",
      ...RECOMMENDED_ACCESS,
      compaction: RECOMMENDED_COMPACTION,
      app_policy: base("app-policy"),
      notebook_policy: ATTACHED_NOTEBOOK_POLICY,
      permission_boundary: base("permission-boundary"),
    },
    installs,
  };
  const file = join(folder, "installs.json");
  writeFileSync(file, JSON.stringify(document, null, 2));
  return file;
}

export function installsReport(root: string, counts = [1, 10, 50]): void {
  const app: string = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).app;
  console.log(`\nSynthesis of an installs file with N installs (${app}; one stack per install)`);
  console.log("  N     synth                                              per install");
  for (const count of counts) {
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", [INSTALLS_FILE_VARIABLE]: installsFile(count), CDKTF_OUTDIR: mkdtempSync(join(tmpdir(), "mlspace-ecr-access-installs-out-")) };
    const timing = timeCommand(app, [], { cwd: root, env, shell: true, runs: 3 });
    console.log(`  ${String(count).padEnd(5)} ${seconds(timing).padEnd(50)} ${(timing.median / count).toFixed(3)} s`);
  }
}
