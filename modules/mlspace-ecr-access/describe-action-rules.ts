import { DESCRIBE_ACTION_NAMES } from "./ecr-actions";
import { eachEntry, hcl, InputRule, noDuplicates } from "./input-rule";

const ALLOWED = DESCRIBE_ACTION_NAMES.join(", ");
const bare = { terraform: (x: string) => `trimprefix(${x}, "ecr:")`, typescript: (x: string) => x.replace(/^ecr:/, "") };

export const describeActionRules: InputRule[] = [
  eachEntry(
    "describe_actions",
    {
      terraform: (x) => `contains(${hcl(DESCRIBE_ACTION_NAMES)}, ${bare.terraform(x)})`,
      typescript: (x) => (DESCRIBE_ACTION_NAMES as readonly string[]).includes(bare.typescript(x)),
    },
    (bad) =>
      `Unknown describe_actions entry ${bad}. Allowed values (ECR's Read and List actions on a repository, with or without "ecr:"): ${ALLOWED}. ` +
      "The pull actions are always granted; write actions go in write_actions.",
  ),
  noDuplicates("describe_actions", bare, (duplicates) => `Duplicate describe_actions entries ${duplicates}: list each action once.`),
];
