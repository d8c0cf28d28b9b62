/**
 * The test suite's tiers, by what a file runs: one rule for Jest's sequencer (which starts the
 * slowest tiers first) and for `npm run bench:suite` (which prints what each tier costs). Plain
 * JavaScript: Jest loads its sequencer without a transform.
 */
const { readFileSync } = require("node:fs");

/** Slowest first: each cdktf command costs seconds before Terraform starts; Terraform costs seconds per command. */
const TIERS = ["cdktf CLI", "Terraform", "unit"];

/** A test file that imports the cdktf CLI helpers runs `npx cdktf …`. */
const runsCdktf = (path) => /from "\.\/support\/cdktf-(cli|deployment)"/.test(readFileSync(path, "utf8"));

/** The tier of a test file, by its imports and its path. */
function tierOf(path) {
  if (runsCdktf(path)) return "cdktf CLI";
  return path.endsWith(".terraform.test.ts") ? "Terraform" : "unit";
}

module.exports = { TIERS, tierOf };
