import "cdktf/lib/testing/adapters/jest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { addStacks } from "../stacks/app-stacks";
import { PROJECT_ROOT } from "../tools/project-root";
import { inParallel, installTerraformEnvironment, pluginCacheConfigured, turns } from "../tools/plan-review/cli/parallel-plans";
import { DEFAULT_PARALLEL, parsePlanOptions } from "../tools/plan-review/cli/plan-options";
import { mergePlans } from "../tools/plan-review/cli/plan-merge";
import { PLAN_FILES } from "../tools/plan-review/cli/plan-files";
import { prefixedLines } from "../tools/terraform/prefixed-output";
import { JOB_CREDENTIALS_OVERRIDE, useJobCredentials } from "../tools/terraform/job-credentials";

/**
 * The parts of planning installs side by side that need no Terraform: the pool, the turns, the
 * prefixed lines, what keeps installs' Terraform apart, the options and the choice of installs.
 * parallel-plans.terraform.test.ts plans four installs with the real Terraform.
 */

const EXAMPLE = join(PROJECT_ROOT, "examples", "installs", "installs.json");
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("inParallel", () => {
  it("runs at most `limit` tasks at once and keeps the items' order in its results", async () => {
    // given tasks that finish in the opposite order to their start
    let running = 0;
    let most = 0;
    const task = async (n: number) => {
      running++;
      most = Math.max(most, running);
      await later(5 * (6 - n));
      running--;
      return n * 10;
    };
    // when
    const results = await inParallel([1, 2, 3, 4, 5], 2, task);
    // then
    expect({ results, most }).toEqual({ results: [10, 20, 30, 40, 50], most: 2 });
  });

  it.each([0, 1.5, -1])("refuses a limit of %p", async (limit) => {
    await expect(inParallel([1], limit, async (n) => n)).rejects.toThrow("limit must be a positive integer");
  });
});

describe("turns", () => {
  it("runs one step at a time, in the order asked, and a failed step does not stop the next", async () => {
    const turn = turns();
    const events: string[] = [];
    const step = (name: string, fail = false) => async () => {
      events.push(`start ${name}`);
      await later(5);
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([turn(step("a", true)), turn(step("b")), turn(step("c"))]);
    expect(events).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
  });
});

describe("prefixedLines", () => {
  it.each([
    { name: "whole lines", chunks: ["a\nb\n"], expected: ["[dev] a\n[dev] b\n"] },
    { name: "a line split between chunks waits for its end", chunks: ["Pla", "n: 3 to add\nnext"], expected: ["[dev] Plan: 3 to add\n", "[dev] next\n"] },
    { name: "an empty line keeps its prefix", chunks: ["\n"], expected: ["[dev] \n"] },
    { name: "nothing left over: end writes nothing", chunks: ["done\n"], expected: ["[dev] done\n"] },
  ])("$name", ({ chunks, expected }) => {
    // given
    const written: string[] = [];
    const lines = prefixedLines("[dev] ", (text) => written.push(text));
    // when
    for (const chunk of chunks) lines.write(chunk);
    lines.end();
    // then
    expect(written).toEqual(expected);
  });
});

describe("what keeps two installs' Terraform apart", () => {
  it("gives each install's Terraform the data directory beside its configuration, whatever TF_DATA_DIR was", () => {
    expect(installTerraformEnvironment({ TF_DATA_DIR: "/shared", KEEP: "1" }, "/p/cdktf.out/stacks/dev")).toEqual({ TF_DATA_DIR: "/p/cdktf.out/stacks/dev/.terraform", KEEP: "1" });
  });

  it.each([
    { name: "TF_PLUGIN_CACHE_DIR", env: { TF_PLUGIN_CACHE_DIR: "/cache" }, rc: undefined, expected: true },
    { name: "plugin_cache_dir in the CLI configuration", env: {}, rc: 'plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"\n', expected: true },
    { name: "a CLI configuration without one (the mirror's)", env: {}, rc: "provider_installation {\n}\n", expected: false },
    { name: "no CLI configuration at all", env: {}, rc: undefined, expected: false },
  ])("sees a plugin cache from $name: $expected", ({ env, rc, expected }) => {
    const home = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-home-"));
    if (rc !== undefined) writeFileSync(join(home, ".terraformrc"), rc);
    expect(pluginCacheConfigured({ HOME: home, ...env })).toBe(expected);
  });
});

describe("--job-credentials", () => {
  it("empties the provider's profile and assume_role in an override beside the stack, and a plan without it removes the override", () => {
    // given
    const stack = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-job-credentials-"));
    // when, then
    useJobCredentials(stack, true);
    expect(JSON.parse(readFileSync(join(stack, JOB_CREDENTIALS_OVERRIDE), "utf8"))).toEqual({ provider: { aws: { profile: null, assume_role: [{ role_arn: "" }] } } });
    useJobCredentials(stack, false);
    expect(existsSync(join(stack, JOB_CREDENTIALS_OVERRIDE))).toBe(false);
  });
});

describe("npm run plan's --parallel and --install", () => {
  const cwd = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-parallel-options-"));

  it.each([
    { name: "defaults", args: [], expected: { parallel: DEFAULT_PARALLEL, installs: [] } },
    { name: "both", args: ["--parallel", "4", "--install", "dev", "--install", "prod", "--install", "dev"], expected: { parallel: 4, installs: ["dev", "prod"] } },
  ])("$name", ({ args, expected }) => {
    expect(parsePlanOptions(args, cwd, "/out")).toMatchObject(expected);
  });

  it.each(["0", "two", "1.5", ""])("refuses --parallel %p", (value) => {
    expect(() => parsePlanOptions(["--parallel", value], cwd, "/out")).toThrow("is not a number of installs: give a whole number, 1 or more");
  });
});

describe("the app's stacks for chosen installs", () => {
  const app = () => new App({ outdir: mkdtempSync(join(tmpdir(), "mlspace-installs-only-")) });

  it("keeps the chosen installs' stacks, in the installs file's order", () => {
    expect(addStacks(app(), { MLSPACE_ECR_ACCESS_INSTALLS: EXAMPLE }, PROJECT_ROOT, ["govcloud", "dev"]).stacks).toEqual(["dev", "govcloud"]);
  });

  it("names the installs there are when one chosen is not", () => {
    expect(() => addStacks(app(), { MLSPACE_ECR_ACCESS_INSTALLS: EXAMPLE }, PROJECT_ROOT, ["dev", "staging"])).toThrow(/has no install staging: its installs are dev, prod, govcloud\.$/);
  });

  it("refuses to choose installs without an installs file", () => {
    expect(() => addStacks(app(), {}, mkdtempSync(join(tmpdir(), "mlspace-no-installs-")), ["dev"])).toThrow("there are no installs to choose dev from");
  });
});

describe("npm run plan:merge, on outcomes alone", () => {
  /** A project with dev and prod, and a folder of each given install's failed outcome. */
  function given(outcomes: { folder: string; install: string; code: number }[]) {
    const root = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-merge-"));
    const install = (account: string) => ({ partition: "aws", region: "us-east-1", account_id: account });
    writeFileSync(join(root, "installs.json"), JSON.stringify({ installs: { dev: install("111111111111"), prod: install("222222222222") } }));
    for (const { folder, install: name, code } of outcomes) {
      mkdirSync(join(root, folder), { recursive: true });
      writeFileSync(join(root, folder, PLAN_FILES.outcome), JSON.stringify({ install: name, status: "failed", failure: { step: "terraform plan", code, output: `Error: ${name} broke` } }));
    }
    const lines: string[] = [];
    const merge = (args: string[]) => mergePlans([...args, "--out-dir", join(root, "merged")], { root, env: {}, cwd: root, say: (line) => lines.push(line), error: (line) => lines.push(line) });
    return { root, lines, merge, read: (file: string) => readFileSync(join(root, "merged", file), "utf8") };
  }

  it("orders the installs as the installs file does, whatever the folders' order, and exits with the first one's code", async () => {
    const { merge, read } = given([
      { folder: "job-prod", install: "prod", code: 5 },
      { folder: "job-dev", install: "dev", code: 3 },
    ]);
    expect(await merge(["job-prod", "job-dev"])).toBe(3);
    expect(read(PLAN_FILES.review).split("\n").filter((line) => line.startsWith("## Install "))).toEqual(["## Install `dev`", "## Install `prod`"]);
    expect(JSON.parse(read(PLAN_FILES.summary))).toEqual({ changed: false, failed: true, installs: { dev: "failed", prod: "failed" } });
  });

  it.each([
    { name: "one install's outcome twice", outcomes: [{ folder: "a/dev", install: "dev", code: 1 }, { folder: "b/dev", install: "dev", code: 1 }], args: ["a", "b"], message: "dev is in both a/dev and b/dev" },
    { name: "an install the installs file does not have", outcomes: [{ folder: "x", install: "test", code: 1 }], args: ["x"], message: "holds install test, which the installs file does not have" },
    { name: "a folder that is not there", outcomes: [], args: ["nowhere"], message: "nowhere does not exist" },
    { name: "an install --install leaves out", outcomes: [{ folder: "p", install: "prod", code: 1 }], args: ["p", "--install", "dev"], message: "holds install prod, which --install leaves out" },
  ])("merges nothing given $name, and says so", async ({ outcomes, args, message }) => {
    const { merge, lines, root } = given(outcomes);
    expect(await merge(args)).toBe(2);
    expect(lines.join("\n")).toContain(message);
    expect(existsSync(join(root, "merged", PLAN_FILES.review))).toBe(false);
  });
});
