const Sequencer = require("@jest/test-sequencer").default;
const { TIERS, tierOf } = require("../../tools/bench/test-tiers.cjs");

/**
 * Jest's order (failed first, then slowest first by the durations it remembers, else largest file
 * first), with the slow tiers moved ahead so that no slow file starts last and keeps one worker busy
 * long after the other is done: first the Terraform files that run the cdktf CLI, then the other
 * files that run Terraform, then the rest. A fresh clone, as in CI, has no remembered durations.
 */
class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const tiers = new Map(sorted.map((test) => [test, tierOf(test.path)]));
    return TIERS.flatMap((tier) => sorted.filter((test) => tiers.get(test) === tier));
  }
}

module.exports = SlowFirstSequencer;
