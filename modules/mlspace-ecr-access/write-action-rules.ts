import { WRITE_ACTION_NAMES } from "./ecr-actions";
import { eachEntry, hcl, InputRule, noDuplicates } from "./input-rule";

const ALLOWED = WRITE_ACTION_NAMES.join(", ");

export const writeActionRules: InputRule[] = [
  eachEntry(
    "write_actions",
    {
      terraform: (x) => `contains(${hcl(WRITE_ACTION_NAMES)}, trimprefix(${x}, "ecr:"))`,
      typescript: (x) => (WRITE_ACTION_NAMES as readonly string[]).includes(x.replace(/^ecr:/, "")),
    },
    (bad) =>
      `Unknown write_actions entry ${bad}. Allowed values (with or without "ecr:"): ${ALLOWED}. ` +
      "Read actions are always granted on read_repositories; do not list them here.",
  ),
  noDuplicates(
    "write_actions",
    { terraform: (x) => `trimprefix(${x}, "ecr:")`, typescript: (x) => x.replace(/^ecr:/, "") },
    (duplicates) => `Duplicate write_actions entries ${duplicates}: list each action once.`,
  ),
];
