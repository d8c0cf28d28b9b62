/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "ts-jest" },
  globalSetup: "<rootDir>/__tests__/support/go-runtime.js",
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.js"],
  testSequencer: "<rootDir>/__tests__/support/test-sequencer.js",
  // Two test files at a time on this 2-core machine: most of a Terraform test's time is CPU (the AWS
  // provider starting and building its schema), and more workers only queue for the same cores.
  // `npm test -- --maxWorkers=N` overrides it on a bigger machine.
  maxWorkers: 2,
  // Terraform suites plan real configurations with the real AWS provider.
  testTimeout: 300000,
};
