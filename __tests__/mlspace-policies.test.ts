import { readFileSync } from "node:fs";
import { join } from "node:path";
import { policySize } from "../modules/mlspace-ecr-access";
import { MLSPACE_POLICIES_DIRECTORY, mlspacePolicy, MlspacePolicyName } from "../tools/mlspace-policies";

/** The project's copy of MLSpace's default documents is what its README says it is. */

const NAMES: MlspacePolicyName[] = ["app-policy", "notebook-policy", "permission-boundary"];
const README = readFileSync(join(MLSPACE_POLICIES_DIRECTORY, "README.md"), "utf8");
/** "| `govcloud/app-policy.json` | 4,960 |…" → 4960 */
const documentedSize = (file: string) => Number(new RegExp(`\\| \`${file}\` \\|[^|]*?\\|? ?([0-9,]+) \\|`).exec(README)![1].replace(/,/g, ""));

describe("examples/mlspace-policies", () => {
  it.each(NAMES)("GovCloud's %s is the commercial one rendered for aws-us-gov / us-gov-west-1", (name) => {
    const rendered = mlspacePolicy(name).replace(/arn:aws:/g, "arn:aws-us-gov:").replace(/us-east-1/g, "us-gov-west-1");
    expect(mlspacePolicy(name, "govcloud")).toBe(rendered);
  });

  it.each(NAMES)("%s has the size its README gives, in both installs", (name) => {
    expect(policySize(mlspacePolicy(name))).toBe(documentedSize(`${name}.json`));
    expect(policySize(mlspacePolicy(name, "govcloud"))).toBe(documentedSize(`govcloud/${name}.json`));
  });

  it("has no Sid in any statement (so nothing there looks like this project's)", () => {
    for (const install of ["commercial", "govcloud"] as const) {
      for (const name of NAMES) expect(mlspacePolicy(name, install)).not.toContain('"Sid"');
    }
  });
});
