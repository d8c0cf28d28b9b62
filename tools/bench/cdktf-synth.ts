/**
 * `npm run bench:synth [-- --runs N]`: the whole `cdktf synth` command, timed side by side in turns
 * (one run of each per round, so a machine that slows down slows all three alike):
 *
 * - prebuilt: the app as it used to be, `node dist/main.js` after `tsc` (the build not timed);
 * - fresh clone: cdktf.json's app on a new copy of the project, nothing built;
 * - after an edit: the same app on one copy, main.ts and a module file changed before each run.
 *
 * Prints medians and each variant's ratio to the prebuilt one, round by round. Numbers only.
 */
import { mkdtempSync, readFileSync, appendFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../project-root";
import { seconds, summarize, timeOnce } from "./measure";
import { copyProjectFiles } from "./project-files";

/** Files a developer edits: the app and the module's entry. */
const EDITED = ["main.ts", join("modules", "mlspace-ecr-access", "index.ts")];
const PREBUILT_APP = "node dist/main.js";

interface Variant {
  name: string;
  /** Before each run, untimed; returns the folder to synthesize in. */
  prepare(round: number): string;
  env: NodeJS.ProcessEnv;
}

const freshCopy = (label: string) => {
  const directory = mkdtempSync(join(tmpdir(), `mlspace-ecr-access-bench-${label}-`));
  copyProjectFiles(PROJECT_ROOT, directory);
  return directory;
};

function variants(): Variant[] {
  const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
  const prebuilt = freshCopy("prebuilt");
  timeOnce("npx", ["tsc", "-p", "."], { cwd: prebuilt, env });
  const cdktfJson = join(prebuilt, "cdktf.json");
  writeFileSync(cdktfJson, JSON.stringify({ ...JSON.parse(readFileSync(cdktfJson, "utf8")), app: PREBUILT_APP }, null, 2));
  const edited = freshCopy("edited");
  return [
    { name: `prebuilt dist/ (${PREBUILT_APP})`, prepare: () => prebuilt, env },
    { name: "fresh clone (nothing built)", prepare: () => freshCopy("fresh"), env },
    {
      name: `after an edit (${EDITED.join(", ")})`,
      prepare: (round) => {
        for (const file of EDITED) appendFileSync(join(edited, file), `// edited before bench round ${round}\n`);
        return edited;
      },
      env,
    },
  ];
}

function main(): void {
  const runsArgument = process.argv.indexOf("--runs");
  const runs = runsArgument > 0 ? Number(process.argv[runsArgument + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${process.argv[runsArgument + 1]}: give a whole number of runs, 1 or more.`);
  const all = variants();
  const samples = all.map(() => [] as number[]);
  // Round 0 warms the page cache and is not counted.
  for (let round = 0; round <= runs; round++) {
    all.forEach((variant, i) => {
      const directory = variant.prepare(round);
      const time = timeOnce(join(directory, "node_modules", ".bin", "cdktf"), ["synth"], { cwd: directory, env: variant.env });
      if (round > 0) samples[i].push(time);
    });
  }
  console.log(`cdktf synth, the whole command (node_modules/.bin/cdktf synth), ${runs} rounds after a warm-up, in turns`);
  const width = Math.max(...all.map((variant) => variant.name.length));
  all.forEach((variant, i) => {
    const ratios = samples[i].map((time, round) => time / samples[0][round]);
    const ratio = i === 0 ? "" : `   ratio to prebuilt: ${ratioText(summarize(ratios))}`;
    console.log(`  ${variant.name.padEnd(width)} ${seconds(summarize(samples[i]))}${ratio}`);
  });
}

const ratioText = (timing: ReturnType<typeof summarize>) => `median ${timing.median.toFixed(2)} (min ${timing.min.toFixed(2)}, max ${timing.max.toFixed(2)})`;

main();
