import { existsSync } from "node:fs";
import { join } from "node:path";
import { INPUTS } from "../modules/mlspace-ecr-access";
import { startCli } from "./support/cli-process";
import { ProjectCopy } from "./support/project-copy";

/**
 * `npx cdktf synth` right after `npm ci`, in a copy of the project with nothing built: cdktf.json's
 * app runs the TypeScript sources, so the synth works without a build and an edit to a module shows
 * in the next synth (no stale dist/ can be deployed). No Terraform is needed.
 */

const INPUTS_FILE = join("modules", "mlspace-ecr-access", "inputs.ts");
const TAGS_DESCRIPTION = INPUTS.find((input) => input.name === "tags")!.description;

describe("npx cdktf synth in a fresh copy of the project", () => {
  let copy: ProjectCopy;
  // The project's own variables (state backend, installs file) are not inherited: the default stack is synthesized.
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("MLSPACE_ECR_ACCESS_"))), CHECKPOINT_DISABLE: "1", FORCE_COLOR: "0" };
  const synth = async () => {
    const run = await startCli("npx", ["cdktf", "synth"], { cwd: copy.directory, env }).result;
    expect(run).toMatchObject({ code: 0 }); // on failure, Jest shows the received output whole
    return copy.synthesizedStack();
  };

  beforeAll(() => {
    copy = ProjectCopy.create();
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
});
