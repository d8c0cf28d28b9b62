import { eachEntry, hcl, InputRule, noDuplicates, Predicate } from "./input-rule";
import {
  ARN_REGION_IN_PARTITION_PATTERN,
  REPOSITORY_ARN_PATTERN,
  REPOSITORY_NAME_MAX_LENGTH,
  REPOSITORY_NAME_PATTERN,
} from "./naming-rules";
import { PLACEHOLDER_KEYS, placeholder } from "./placeholders";

const FORMS =
  'Each entry is a repository name ("custom-repo1", "team/trainer"), a name prefix ending in "*" ' +
  '("mlspace-*"), "*" for every repository, or a repository ARN of another account or region; ' +
  '{project} and {user} stand for the principal\'s MLSpace tags ("projects/{project}/*").';

/** The entry with each known placeholder replaced, in Terraform and TypeScript. */
const replacePlaceholders = {
  terraform: (x: string, by: string) => PLACEHOLDER_KEYS.reduce((text, key) => `replace(${text}, ${hcl(placeholder(key))}, ${hcl(by)})`, x),
  typescript: (x: string, by: string) => PLACEHOLDER_KEYS.reduce((text, key) => text.split(placeholder(key)).join(by), x),
};

/**
 * The entry with every "{…}" replaced by a valid name, for the syntax checks: placeholders, known or
 * not, are the other rules' business, so each rule reports one thing.
 */
const SAMPLE = "ab";
const withSample = {
  terraform: (x: string) => `replace(${x}, "/\\\\{[^}]*\\\\}/", ${hcl(SAMPLE)})`,
  typescript: (x: string) => x.replace(/\{[^}]*\}/g, SAMPLE),
};

/** Only {project} and {user}: no other brace is left once they are taken out. */
const onlyKnownPlaceholders: Predicate = {
  terraform: (x) => `length(regexall("[{}]", ${replacePlaceholders.terraform(x, "")})) == 0`,
  typescript: (x) => !/[{}]/.test(replacePlaceholders.typescript(x, "")),
};

/** In an ARN, placeholders only in the repository name: IAM compares partition, region and account as written. */
const placeholdersOnlyInName: Predicate = {
  terraform: (x) => `!startswith(${x}, "arn:") || !strcontains(split(":repository/", ${x})[0], "{")`,
  typescript: (x) => !x.startsWith("arn:") || !x.split(":repository/")[0].includes("{"),
};

/**
 * A placeholder is followed by "/" or ends the entry, and no "*" comes before it: otherwise the
 * entry of project "a" ("projects/{project}*") would also match project "ab"'s repositories.
 * (Placeholders outside an ARN's name are `placeholdersOnlyInName`'s to report.)
 */
const placeholdersAsSegments: Predicate = {
  terraform: (x) => `!(${placeholdersOnlyInName.terraform(x)}) || (!can(regex("\\\\}[^/]", ${x})) && !can(regex("\\\\*.*\\\\{", ${x})))`,
  typescript: (x) => !placeholdersOnlyInName.typescript(x) || (!/\}[^/]/.test(x) && !/\*.*\{/.test(x)),
};

/** Names and prefixes follow ECR's naming rule; ARNs are checked by `isWellFormedArn`. */
const isNameOrPrefix: Predicate = {
  terraform: (raw) => {
    const x = withSample.terraform(raw);
    return `${raw} == "*" || startswith(${raw}, "arn:") || (length(${x}) >= 2 && length(${x}) <= ${REPOSITORY_NAME_MAX_LENGTH} && can(regex(${hcl(REPOSITORY_NAME_PATTERN)}, ${x})))`;
  },
  typescript: (raw) => {
    const x = withSample.typescript(raw);
    return raw === "*" || raw.startsWith("arn:") || (x.length >= 2 && x.length <= REPOSITORY_NAME_MAX_LENGTH && new RegExp(REPOSITORY_NAME_PATTERN).test(x));
  },
};

/** (An ARN with a placeholder outside its name is `placeholdersOnlyInName`'s to report.) */
const isWellFormedArn: Predicate = {
  terraform: (x) => `!(${placeholdersOnlyInName.terraform(x)}) || !startswith(${x}, "arn:") || can(regex(${hcl(REPOSITORY_ARN_PATTERN)}, ${withSample.terraform(x)}))`,
  typescript: (x) => !placeholdersOnlyInName.typescript(x) || !x.startsWith("arn:") || new RegExp(REPOSITORY_ARN_PATTERN).test(withSample.typescript(x)),
};

const regionInArnPartition: Predicate = {
  terraform: (x) => `!can(regex(${hcl(REPOSITORY_ARN_PATTERN)}, ${withSample.terraform(x)})) || can(regex(${hcl(ARN_REGION_IN_PARTITION_PATTERN)}, ${x}))`,
  typescript: (x) => !new RegExp(REPOSITORY_ARN_PATTERN).test(withSample.typescript(x)) || new RegExp(ARN_REGION_IN_PARTITION_PATTERN).test(x),
};

/** The rules of `read_repositories` and `write_repositories`, each on every entry. */
export function repositoryRules(input: string): InputRule[] {
  return [
    eachEntry(
      input,
      onlyKnownPlaceholders,
      (bad) =>
        `Invalid ${input} entry ${bad}: the placeholders are {project} and {user}, the principal's MLSpace project and user tags ` +
        "(see principal_tag_keys). Write one of them, or no braces.",
    ),
    eachEntry(
      input,
      placeholdersOnlyInName,
      (bad) =>
        `Invalid ${input} entry ${bad}: in an ARN, {project} and {user} may stand only in the repository name, not in the partition, ` +
        "region or account, which IAM compares as written. Give those literally.",
    ),
    eachEntry(
      input,
      placeholdersAsSegments,
      (bad) =>
        `Invalid ${input} entry ${bad}: a placeholder must be followed by "/" or end the entry, and no "*" may come before it ` +
        '("projects/{project}/*"): otherwise the entry of project "a" would also match the repositories of project "ab".',
    ),
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
    eachEntry(
      input,
      regionInArnPartition,
      (bad) =>
        `Invalid ${input} entry ${bad}: its region is not in its partition (GovCloud regions are us-gov-…, China's cn-…), ` +
        "so it names a repository that cannot exist. Correct the partition or the region.",
    ),
    noDuplicates(
      input,
      { terraform: (x) => x, typescript: (x) => x },
      (duplicates) => `Duplicate ${input} entries ${duplicates}: list each repository once.`,
    ),
  ];
}
