import { eachEntry, hcl, InputRule, noDuplicates } from "./input-rule";
import { REPOSITORY_NAME_MAX_LENGTH, REPOSITORY_NAME_PATTERN } from "./naming-rules";

/**
 * `aws_base_images` entries name repositories of AWS's registry, not ours: a name or a name prefix
 * ending in "*", never an ARN (the account is the region's registry) or a placeholder (AWS's
 * repositories carry no MLSpace project).
 */
export const baseImageRules: InputRule[] = [
  eachEntry(
    "aws_base_images",
    {
      terraform: (x) => `length(${x}) <= ${REPOSITORY_NAME_MAX_LENGTH} && can(regex(${hcl(REPOSITORY_NAME_PATTERN)}, ${x}))`,
      typescript: (x) => x.length <= REPOSITORY_NAME_MAX_LENGTH && new RegExp(REPOSITORY_NAME_PATTERN).test(x),
    },
    (bad) =>
      `Invalid aws_base_images entry ${bad}: give a repository name of AWS's Deep Learning Containers registry ("pytorch-training") ` +
      'or a name prefix ending in "*" ("huggingface-*"), lowercase, without the registry host, tag or ARN: the account is the install ' +
      "region's registry. Images of other accounts go in read_repositories as full ARNs.",
  ),
  noDuplicates("aws_base_images", { terraform: (x) => x, typescript: (x) => x }, (duplicates) => `Duplicate aws_base_images entries ${duplicates}: list each image once.`),
];
