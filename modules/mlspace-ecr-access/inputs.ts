import { COMPACTION_STEPS } from "./compaction";
import { WRITE_ACTION_NAMES } from "./ecr-actions";
import { hcl, InputRule, regexPredicate, whenGiven } from "./input-rule";
import { DEFAULT_REPOSITORY_OWNERSHIP, REPOSITORY_OWNERSHIPS } from "./ownership";
import { DEFAULT_PRINCIPAL_TAG_KEYS, PLACEHOLDER_KEYS } from "./placeholders";
import { ACCOUNT_ID_PATTERN, PARTITIONS, REGION_PATTERN } from "./naming-rules";
import { attachmentRules, policySettingsRules, projectUserRoleRules } from "./policy-settings-rules";
import { repositoryRules } from "./repository-rules";
import { writeActionRules } from "./write-action-rules";
import { baseImageRules } from "./base-image-rules";
import { describeActionRules } from "./describe-action-rules";

/**
 * The inputs of the contract: the single definition of each Terraform variable that the deployable
 * stack, the generated HCL module and the module's README tables all come from. Extend, never rename.
 */
export interface InputDefinition {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly default: unknown;
  readonly nullable: boolean;
  readonly rules: readonly InputRule[];
}

/** The three managed policies, by the short key used in outputs (`policy_json.app`, …). */
export const POLICIES = {
  app: { input: "app_policy", defaultName: "mlspace-app-policy", title: "MLSpace App Policy" },
  notebook: { input: "notebook_policy", defaultName: "mlspace-notebook-policy", title: "MLSpace Notebook Policy" },
  boundary: {
    input: "permission_boundary",
    defaultName: "mlspace-project-user-permission-boundary",
    title: "MLSpace Permission Boundary",
  },
} as const;

export type PolicyKey = keyof typeof POLICIES;
export const POLICY_KEYS = Object.keys(POLICIES) as PolicyKey[];

function lookedUpWhenNull(name: string, what: string, source: string, rule: InputRule): InputDefinition {
  return {
    name,
    type: "string",
    description: `${what}. Null (the default) looks it up from the provider with ${source}; set it to plan without that AWS call.`,
    default: null,
    nullable: true,
    rules: [rule],
  };
}

const PROJECT_USER_ROLES_DESCRIPTION =
  "; attach_to_project_user_roles, with attach_to_roles: also attach it to MLSpace's existing project-user roles, found at every plan " +
  "(roles whose permissions boundary is permission_boundary and that carry the principal_tag_keys tags, MLSpace's own application roles " +
  "aside), as MLSpace copies the notebook role's policies onto project-user roles outside Terraform; project_user_role_name_regex narrows " +
  'which roles are read (e.g. "^MLSpace-"; null: every role of the account).';

/** The boundary cannot be attached to roles (a role has one boundary): only edited. */
const attachable = (key: PolicyKey) => key !== "boundary";

function policySettings(key: PolicyKey): InputDefinition {
  const { input, defaultName, title } = POLICIES[key];
  const attributes = [
    `name = optional(string, ${hcl(defaultName)})`,
    'path = optional(string, "/")',
    "description = optional(string)",
    "base_policy_json = optional(string)",
    "import_arn = optional(string)",
    "allow_dropping_live_statements = optional(bool, false)",
    ...(attachable(key) ? ["attach_to_roles = optional(list(string), [])"] : []),
    ...(key === "notebook" ? ["attach_to_project_user_roles = optional(bool, false)", "project_user_role_name_regex = optional(string)"] : []),
  ];
  return {
    name: input,
    type: `object({ ${attributes.join(", ")} })`,
    description:
      `The ${title}: its name, path, description; base_policy_json, the document the ECR statements are added to ` +
      "(statements with this project's Sids in it are replaced, not duplicated); import_arn, the ARN of the existing " +
      "policy being adopted (checked against name and path, which must not change; the CDKTF stack imports it, HCL callers add an import block). " +
      "An adopted policy edited in place follows its live document: its base is the policy's current default version in IAM, read at every plan " +
      "(less this project's statements), so an MLSpace upgrade is kept and never undone; base_policy_json, when given, pins the base instead " +
      "(null: the live document when adopted, else none), and a plan that would drop from the policy a statement, action or resource IAM holds now " +
      "and this project did not write stops, unless allow_dropping_live_statements is true" +
      (attachable(key)
        ? "; attach_to_roles, role names: when given, the policy itself is left alone and a separate policy named name, holding only " +
          "the ECR statements, is created and attached to exactly those roles, any other attachment of it removed at the next apply (for a policy another tool, such as MLSpace's CloudFormation stack, owns)" +
          (key === "notebook" ? PROJECT_USER_ROLES_DESCRIPTION : ".")
        : ". The boundary cannot be attached, only edited."),
    default: {},
    nullable: false,
    rules: [...policySettingsRules(input), ...(attachable(key) ? attachmentRules(input) : []), ...(key === "notebook" ? projectUserRoleRules(input) : [])],
  };
}

const TAG_KEY_PATTERN = "^[a-zA-Z0-9_.:/=+@-]{1,128}$";

const principalTagKeysRules: InputRule[] = PLACEHOLDER_KEYS.map((key) =>
  whenGiven(`principal_tag_keys.${key}`, regexPredicate(TAG_KEY_PATTERN), (value) =>
    `Invalid principal_tag_keys.${key} ${value}: a tag key is 1-128 letters, digits and _ . : / = + - @. Give the key of the tag ` +
    `MLSpace sets on its project-user roles (default "${DEFAULT_PRINCIPAL_TAG_KEYS[key]}").`,
  ),
);

const repositoryOwnershipMessage = (value: string) =>
  `Unknown repository_ownership ${value}. Allowed values: ${REPOSITORY_OWNERSHIPS.map((o) => `"${o}"`).join(", ")}: "tag" to own ` +
  'repositories by their project and user tags, "name" to own them by the names {project} and {user} fill in.';

const TAGS_MESSAGE =
  "Invalid tags: IAM allows at most 50 tags, keys of 1-128 characters and values of at most 256. Shorten or drop tags.";

export const INPUTS: readonly InputDefinition[] = [
  lookedUpWhenNull(
    "partition",
    'AWS partition of the repositories ("aws", "aws-us-gov", …)',
    "aws_partition",
    whenGiven("partition", { terraform: (x) => `contains(${hcl(PARTITIONS)}, ${x})`, typescript: (x) => (PARTITIONS as readonly string[]).includes(x) }, (value) =>
      `Unknown partition ${value}. Allowed values: ${PARTITIONS.join(", ")}; or null to use the provider's.`,
    ),
  ),
  lookedUpWhenNull(
    "region",
    'AWS region of the repositories given by name ("us-east-1")',
    "aws_region",
    whenGiven("region", regexPredicate(REGION_PATTERN), (value) =>
      `Invalid region ${value}: a region is lowercase words joined by "-" and ending in a number, like "us-east-1" or "us-gov-west-1"; or null to use the provider's.`,
    ),
  ),
  lookedUpWhenNull(
    "account_id",
    "AWS account id of the repositories given by name",
    "aws_caller_identity",
    whenGiven("account_id", regexPredicate(ACCOUNT_ID_PATTERN), (value) =>
      `Invalid account_id ${value}: an AWS account id is exactly 12 digits, as a string with its leading zeros ("012345678901"); or null to use the caller's.`,
    ),
  ),
  {
    name: "read_repositories",
    type: "list(string)",
    description:
      'Repositories users pull images from: names ("custom-repo1") in this account and region, name prefixes ending in "*" ' +
      '("mlspace-*"), "*" for all, or full repository ARNs. {project} and {user} stand for the MLSpace project and user tags of ' +
      'the role asking ("users/{user}/*": each user their own), followed by "/" or at the end. Granted in all three policies; ' +
      "in the App policy, whose role acts for every project, a placeholder is any value.",
    default: [],
    nullable: false,
    rules: repositoryRules("read_repositories"),
  },
  {
    name: "write_repositories",
    type: "list(string)",
    description:
      'Repositories notebook users push images to (and pull from: write implies read), in the same forms as read_repositories ("projects/{project}/*": ' +
      "each project its own). Write in the Notebook policy and the permission boundary; read in all three.",
    default: [],
    nullable: false,
    rules: repositoryRules("write_repositories"),
  },
  {
    name: "write_actions",
    type: "list(string)",
    description:
      'ECR actions granted on write_repositories, with or without "ecr:". Default: all nine of MLSpace\'s custom-algorithms page; narrow it, e.g. to the four a docker push needs: InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload, PutImage. The Write statement also always grants ecr:BatchCheckLayerAvailability, which a push needs first.',
    default: [...WRITE_ACTION_NAMES],
    nullable: false,
    rules: writeActionRules,
  },
  {
    name: "describe_actions",
    type: "list(string)",
    description:
      'Extra ECR actions of access level Read or List (with or without "ecr:"), e.g. DescribeRepositories, DescribeImages, ListImages: AWS\'s ' +
      "build_and_push.sh starts by describing its repository. Granted with the pull actions wherever users read (read_repositories, " +
      "write_repositories, tag-owned ones under their owner condition), in the Notebook policy and the permission boundary; not in the App policy, " +
      "whose role makes no such call. Default none.",
    default: [],
    nullable: false,
    rules: describeActionRules,
  },
  {
    name: "aws_base_images",
    type: "list(string)",
    description:
      'Repositories of AWS\'s Deep Learning Containers registry that users build custom images FROM, as names or name prefixes ending in "*" ' +
      '("pytorch-training", "huggingface-*"). The pull actions on them in the install region\'s registry account (a table from ' +
      "sagemaker-python-sdk: 763104351884 in most commercial regions, 442386744353 in us-gov-west-1) go in the Notebook policy and the " +
      "permission boundary; a region the table lacks stops the plan. The App policy needs none: SageMaker pulls a job's image with the job's role.",
    default: [],
    nullable: false,
    rules: baseImageRules,
  },
  policySettings("app"),
  policySettings("notebook"),
  policySettings("boundary"),
  {
    name: "tags",
    type: "map(string)",
    description: "Tags for the three policies.",
    default: {},
    nullable: false,
    rules: [
      {
        condition: "${length(var.tags) <= 50 && alltrue([for k, v in var.tags : length(k) >= 1 && length(k) <= 128 && length(v) <= 256])}",
        errorMessage: TAGS_MESSAGE,
        check: (value) => {
          const entries = Object.entries(value as Record<string, string>);
          const valid = entries.length <= 50 && entries.every(([k, v]) => k.length >= 1 && k.length <= 128 && v.length <= 256);
          return valid ? undefined : TAGS_MESSAGE;
        },
      },
    ],
  },
  {
    name: "principal_tag_keys",
    type: `object({ ${PLACEHOLDER_KEYS.map((key) => `${key} = optional(string, ${hcl(DEFAULT_PRINCIPAL_TAG_KEYS[key])})`).join(", ")} })`,
    description:
      "The principal tags that {project} and {user} in repository entries read (IAM policy variable aws:PrincipalTag/<key>). MLSpace tags each " +
      "project-user role with project and user; a role without the tag gets nothing from an entry that uses it.",
    default: {},
    nullable: false,
    rules: principalTagKeysRules,
  },
  {
    name: "compaction",
    type: `object({ ${COMPACTION_STEPS.map((step) => `${step.name} = optional(bool, false)`).join(", ")} })`,
    description:
      "Ways to write the ECR statements in fewer characters when a policy would exceed IAM's 6,144, each used only if set to true and only " +
      "as far as a policy needs, in this order: " +
      COMPACTION_STEPS.map((step) => `${step.name}: ${step.description}`).join("; ") +
      ". The compaction output shows what each policy used.",
    default: {},
    nullable: false,
    rules: [],
  },
  {
    name: "repository_ownership",
    type: "string",
    description:
      'Whose repositories a {project} or {user} entry reaches. "tag" (recommended for MLSpace): the placeholder matches any name segment there, and the ' +
      "repository's tag of that key (principal_tag_keys) must equal the caller's principal tag of the same key, compared case-insensitively " +
      "as MLSpace compares project tags, so every project and user name MLSpace allows works (NLP, Jane.Doe@corp.example); CreateRepository " +
      "there is allowed only with a request that tags the new repository as the caller's own, and TagResource beside it under the same condition and only where the repository has no owner tag yet or the caller's (an existing untagged repository is claimed by whoever tags it first: tag existing repositories before turning this on); nothing grants UntagResource. " +
      'A repository without the tag, or a caller without it, gets nothing from such an entry. "name" (the default, what configurations without this input always meant): the placeholder is filled with the ' +
      "caller's tag in the repository's name (projects/<project tag>/*), which only project and user names that are lowercase ECR names can match. " +
      "Entries without placeholders are the same in both. The App policy reads every repository of the entries in both.",
    default: DEFAULT_REPOSITORY_OWNERSHIP,
    nullable: false,
    rules: [
      {
        condition: `\${contains(${hcl(REPOSITORY_OWNERSHIPS)}, var.repository_ownership)}`,
        errorMessage: repositoryOwnershipMessage("${jsonencode(var.repository_ownership)}"),
        check: (value) => ((REPOSITORY_OWNERSHIPS as readonly unknown[]).includes(value) ? undefined : repositoryOwnershipMessage(JSON.stringify(value))),
      },
    ],
  },
];
