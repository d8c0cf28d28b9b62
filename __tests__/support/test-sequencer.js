const Sequencer = require("@jest/test-sequencer").default;

/**
 * Jest's order (failed first, then slowest first by the durations it remembers, else largest file
 * first), with the slow files moved ahead so that none starts last and keeps one worker busy long
 * after the other is done: first the cdktf deploy files (`deploy-*.terraform.test.ts`, each cdktf
 * run costs seconds), then the other files that run Terraform, then the rest. A fresh clone, as in
 * CI, has no remembered durations.
 */
const rank = (test) => {
  if (/[\\/]deploy-[^\\/]*\.terraform\.test\.ts$/.test(test.path)) return 0;
  return test.path.endsWith(".terraform.test.ts") ? 1 : 2;
};

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [0, 1, 2].flatMap((group) => sorted.filter((test) => rank(test) === group));
  }
}

module.exports = SlowFirstSequencer;
