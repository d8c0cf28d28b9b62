/**
 * Jest's globalSetup, run once before the test files (their workers inherit the environment): Go's
 * garbage collector off, up to a memory limit, for every Terraform and AWS provider process the
 * tests start. Each such process lives for seconds and allocates ~100 MB while the provider builds
 * its schema; collecting that cost a third of each run's CPU on a 2-core machine, and nothing the
 * tests check depends on it. An environment that sets GOGC or GOMEMLIMIT itself keeps its values.
 */
module.exports = () => {
  process.env.GOGC ??= "off";
  process.env.GOMEMLIMIT ??= "1GiB";
};
