const { readFileSync } = require("node:fs");
const Sequencer = require("@jest/test-sequencer").default;

/**
 * Jest's order (failed first, then slowest first by the durations it remembers, else largest file
 * first), with the slow files moved ahead so that none starts last and keeps one worker busy long
 * after the other is done: first the Terraform files that run the cdktf CLI (each cdktf command
 * costs seconds), then the other files that run Terraform, then the rest. A fresh clone, as in CI,
 * has no remembered durations.
 */
const runsCdktf = (path) => /from "\.\/support\/cdktf-(cli|deployment)"/.test(readFileSync(path, "utf8"));

const rank = ({ path }) => {
  if (!path.endsWith(".terraform.test.ts")) return 2;
  return runsCdktf(path) ? 0 : 1;
};

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const ranks = new Map(sorted.map((test) => [test, rank(test)]));
    return [0, 1, 2].flatMap((group) => sorted.filter((test) => ranks.get(test) === group));
  }
}

module.exports = SlowFirstSequencer;
