import { eachEntry, InputRule, noDuplicates, Predicate, hcl } from "./input-rule";
import { REPOSITORY_ARN_PATTERN, REPOSITORY_NAME_MAX_LENGTH, REPOSITORY_NAME_PATTERN } from "./naming-rules";

const FORMS =
  'Each entry is a repository name ("custom-repo1", "team/trainer"), a name prefix ending in "*" ' +
  '("mlspace-*"), "*" for every repository, or a repository ARN of another account or region.';

/** Names and prefixes follow ECR's naming rule; ARNs are checked by `isWellFormedArn`. */
const isNameOrPrefix: Predicate = {
  terraform: (x) =>
    `${x} == "*" || startswith(${x}, "arn:") || (length(${x}) >= 2 && length(${x}) <= ${REPOSITORY_NAME_MAX_LENGTH} && can(regex(${hcl(REPOSITORY_NAME_PATTERN)}, ${x})))`,
  typescript: (x) =>
    x === "*" ||
    x.startsWith("arn:") ||
    (x.length >= 2 && x.length <= REPOSITORY_NAME_MAX_LENGTH && new RegExp(REPOSITORY_NAME_PATTERN).test(x)),
};

const isWellFormedArn: Predicate = {
  terraform: (x) => `!startswith(${x}, "arn:") || can(regex(${hcl(REPOSITORY_ARN_PATTERN)}, ${x}))`,
  typescript: (x) => !x.startsWith("arn:") || new RegExp(REPOSITORY_ARN_PATTERN).test(x),
};

/** The rules of `read_repositories` and `write_repositories`. */
export function repositoryRules(input: string): InputRule[] {
  return [
    eachEntry(
      input,
      isNameOrPrefix,
      (bad) =>
        `Invalid ${input} entry ${bad}: ECR repository names are 2-${REPOSITORY_NAME_MAX_LENGTH} lowercase letters, ` +
        `digits and ".", "_", "-", "/" separators, starting and ending with a letter or digit. ${FORMS}`,
    ),
    eachEntry(
      input,
      isWellFormedArn,
      (bad) =>
        `Invalid ${input} entry ${bad}: a repository ARN is arn:<partition>:ecr:<region>:<12-digit account>:repository/<name>. ` +
        "The account is required: an ARN with an empty account field matches no repository. " +
        "Give the full ARN, or just the name for a repository in this account and region.",
    ),
    noDuplicates(
      input,
      { terraform: (x) => x, typescript: (x) => x },
      (duplicates) => `Duplicate ${input} entries ${duplicates}: list each repository once.`,
    ),
  ];
}
