const Sequencer = require("@jest/test-sequencer").default;

/**
 * Jest's order (failed first, then slowest first by the durations it remembers, else largest file
 * first), with the files that run Terraform ahead of the rest: they take ten to a hundred times
 * longer, and one started last would keep a worker busy long after the other finished. A fresh
 * clone, as in CI, has no remembered durations.
 */
class TerraformFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const runsTerraform = (test) => test.path.endsWith(".terraform.test.ts");
    return [...sorted.filter(runsTerraform), ...sorted.filter((test) => !runsTerraform(test))];
  }
}

module.exports = TerraformFirstSequencer;
