import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { INPUTS } from "../modules/mlspace-ecr-access";
import { CdktfCli } from "./support/cdktf-cli";
import { ProjectCopy } from "./support/project-copy";

/**
 * `npx cdktf synth` right after `npm ci`, in a copy of the project with nothing built: cdktf.json's
 * app runs the TypeScript sources, so the synth works without a build and an edit to a module shows
 * in the next synth (no stale dist/ can be deployed). Nothing is planned (the synth only asks
 * Terraform its version).
 */

const INPUTS_FILE = join("modules", "mlspace-ecr-access", "inputs.ts");
const TAGS_DESCRIPTION = INPUTS.find((input) => input.name === "tags")!.description;

describe("npx cdktf synth in a fresh copy of the project", () => {
  let copy: ProjectCopy;
  // The CLI inherits none of the project's own variables (state backend, installs file): the default stack is synthesized.
  let cli: CdktfCli;
  const synth = async () => {
    const run = await cli.run(["synth"]);
    expect(run).toMatchObject({ code: 0 }); // on failure, Jest shows the received output whole
    return copy.synthesizedStack();
  };

  beforeAll(() => {
    copy = ProjectCopy.create();
    cli = new CdktfCli(copy.directory, {});
  });

  afterAll(() => copy?.remove());

  it("synthesizes the stack from the sources, with nothing built", async () => {
    // given
    expect(existsSync(join(copy.directory, "dist"))).toBe(false);

    // when
    const stack = await synth();

    // then
    expect(Object.keys(stack.variable).sort()).toEqual(INPUTS.map((input) => input.name).sort());
    expect(stack.variable.tags.description).toBe(TAGS_DESCRIPTION);
    expect(existsSync(join(copy.directory, "dist"))).toBe(false);
  });

  it("synthesizes a module edited since, without a build", async () => {
    // given
    copy.edit(INPUTS_FILE, (text) => text.replace(JSON.stringify(TAGS_DESCRIPTION), JSON.stringify("Tags, as edited after npm ci.")));

    // when
    const stack = await synth();

    // then
    expect(stack.variable.tags.description).toBe("Tags, as edited after npm ci.");
  });

  it("tells a bad installs.json in the tool's own words: no stack trace, no object dump", async () => {
    // given an installs file with an unknown field (and an editor's byte-order mark, which is fine)
    writeFileSync(join(copy.directory, "installs.json"), `\uFEFF${JSON.stringify({ installs: { dev: { partition: "aws", read_repositorys: ["x"] } } })}`);
    try {
      // when
      const run = await cli.run(["synth"]);
      // then
      expect(run.code).not.toBe(0);
      expect(run.output).toContain("installs.json: 1 problem(s), nothing was synthesized:");
      expect(run.output).toContain("installs.dev.read_repositorys");
      expect(run.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(run.output).not.toContain("problems: [");
      expect(run.output).not.toContain("InstallsFileError");
    } finally {
      rmSync(join(copy.directory, "installs.json"));
    }
  });
});
