/**
 * Bad inputs and the exact message each must produce, as Terraform variable values. The same table
 * drives the TypeScript checks (literal values at synth) and real Terraform plans (values given at
 * plan, to the deployable stack and to the HCL module).
 */
export interface BadInputCase {
  name: string;
  input: Record<string, unknown>;
  expected: string;
}

const notebookBase = (statements: unknown) => ({ base_policy_json: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });

export const BAD_INPUTS: BadInputCase[] = [
  {
    name: "unknown partition",
    input: { partition: "aws-moon" },
    expected: 'Unknown partition "aws-moon". Allowed values: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc; or null to use the provider\'s.',
  },
  {
    name: "malformed region",
    input: { region: "US-EAST-1" },
    expected: 'Invalid region "US-EAST-1": a region is lowercase words joined by "-" and ending in a number, like "us-east-1" or "us-gov-west-1"; or null to use the provider\'s.',
  },
  {
    name: "account id not 12 digits",
    input: { account_id: "12345" },
    expected: 'Invalid account_id "12345": an AWS account id is exactly 12 digits, as a string with its leading zeros ("012345678901"); or null to use the caller\'s.',
  },
  {
    name: "repository name breaking ECR's naming rule",
    input: { read_repositories: ["custom-repo1", "Custom_Repo", "-x"] },
    expected:
      'Invalid read_repositories entry "Custom_Repo", "-x": ECR repository names are 2-256 lowercase letters, digits and ".", "_", "-", "/" separators, starting and ending with a letter or digit. Each entry is a repository name ("custom-repo1", "team/trainer"), a name prefix ending in "*" ("mlspace-*"), "*" for every repository, or a repository ARN of another account or region; {project} and {user} stand for the principal\'s MLSpace tags ("projects/{project}/*").',
  },
  {
    name: "the source document's ARN with an empty account",
    input: { write_repositories: ["arn:aws:ecr:us-east-1::repository/custom-repo1"] },
    expected:
      'Invalid write_repositories entry "arn:aws:ecr:us-east-1::repository/custom-repo1": a repository ARN is arn:<partition>:ecr:<region>:<12-digit account>:repository/<name>. The account is required: an ARN with an empty account field matches no repository. Give the full ARN, or just the name for a repository in this account and region.',
  },
  {
    name: "a placeholder that does not exist",
    input: { read_repositories: ["projects/{team}/*", "users/{user}/*"] },
    expected:
      'Invalid read_repositories entry "projects/{team}/*": the placeholders are {project} and {user}, the principal\'s MLSpace project and user tags (see principal_tag_keys). Write one of them, or no braces.',
  },
  {
    name: "a placeholder in an ARN's account",
    input: { write_repositories: ["arn:aws:ecr:us-east-1:{project}:repository/images"] },
    expected:
      'Invalid write_repositories entry "arn:aws:ecr:us-east-1:{project}:repository/images": in an ARN, {project} and {user} may stand only in the repository name, not in the partition, region or account, which IAM compares as written. Give those literally.',
  },
  {
    name: "a placeholder followed by a wildcard (project a would reach project ab)",
    input: { write_repositories: ["projects/{project}*"] },
    expected:
      'Invalid write_repositories entry "projects/{project}*": a placeholder must be followed by "/" or end the entry, and no "*" may come before it ("projects/{project}/*"): otherwise the entry of project "a" would also match the repositories of project "ab".',
  },
  {
    name: "an ARN whose region is not in its partition",
    input: { read_repositories: ["arn:aws-us-gov:ecr:us-east-1:123456789012:repository/shared"] },
    expected:
      'Invalid read_repositories entry "arn:aws-us-gov:ecr:us-east-1:123456789012:repository/shared": its region is not in its partition (GovCloud regions are us-gov-…, China\'s cn-…), so it names a repository that cannot exist. Correct the partition or the region.',
  },
  {
    name: "a principal tag key IAM does not allow",
    input: { principal_tag_keys: { project: "mlspace project!" } },
    expected:
      'Invalid principal_tag_keys.project "mlspace project!": a tag key is 1-128 letters, digits and _ . : / = + - @. Give the key of the tag MLSpace sets on its project-user roles (default "project").',
  },
  {
    name: "duplicate repositories",
    input: { read_repositories: ["a1", "b2", "a1"] },
    expected: 'Duplicate read_repositories entries "a1": list each repository once.',
  },
  {
    name: "unknown write action",
    input: { write_actions: ["PutImage", "ecr:DescribeImages"] },
    expected:
      'Unknown write_actions entry "ecr:DescribeImages". Allowed values (with or without "ecr:"): SetRepositoryPolicy, CompleteLayerUpload, BatchDeleteImage, UploadLayerPart, DeleteRepositoryPolicy, InitiateLayerUpload, DeleteRepository, PutImage, CreateRepository. Read actions are always granted on read_repositories; do not list them here.',
  },
  {
    name: "duplicate write action in both spellings",
    input: { write_actions: ["PutImage", "ecr:PutImage"] },
    expected: 'Duplicate write_actions entries "PutImage": list each action once.',
  },
  {
    name: "base document that is not JSON",
    input: { app_policy: { base_policy_json: "{not json" } },
    expected:
      'Invalid app_policy.base_policy_json: it is not a JSON IAM policy document (an object whose "Statement" is a statement or a list of statements, each with "Effect" "Allow" or "Deny"). Give the current policy\'s document, e.g. file("policy.json") after aws iam get-policy-version --query PolicyVersion.Document, or null for none.',
  },
  {
    name: "base document without statements",
    input: { permission_boundary: { base_policy_json: '{"Version":"2012-10-17"}' } },
    expected:
      'Invalid permission_boundary.base_policy_json: it is not a JSON IAM policy document (an object whose "Statement" is a statement or a list of statements, each with "Effect" "Allow" or "Deny"). Give the current policy\'s document, e.g. file("policy.json") after aws iam get-policy-version --query PolicyVersion.Document, or null for none.',
  },
  {
    name: "base statement using the project's Sid prefix",
    input: { notebook_policy: notebookBase([{ Sid: "MlspaceEcrAccessPull", Effect: "Allow", Action: "ecr:*", Resource: "*" }]) },
    expected:
      'Invalid notebook_policy.base_policy_json: statement Sids "MlspaceEcrAccessPull" use the prefix "MlspaceEcrAccess" that this project reserves for its own statements ' +
      "(MlspaceEcrAccessAuth, MlspaceEcrAccessRead, MlspaceEcrAccessWrite, MlspaceEcrAccessCreate, MlspaceEcrAccessBase, MlspaceEcrAccessCeiling, and their combinations such as MlspaceEcrAccessReadWriteByProject). " +
      "Rename those statements in the base document.",
  },
  {
    name: "policy name with a space",
    input: { notebook_policy: { name: "mlspace notebook" } },
    expected: 'Invalid notebook_policy.name "mlspace notebook": an IAM policy name is 1-128 letters, digits and + = , . @ _ -. Choose a name of those characters.',
  },
  {
    name: "path without slashes",
    input: { permission_boundary: { path: "mlspace" } },
    expected: 'Invalid permission_boundary.path "mlspace": an IAM path is "/" or starts and ends with "/" (e.g. "/mlspace/"), printable ASCII, at most 512 characters.',
  },
  {
    name: "malformed import ARN",
    input: { app_policy: { import_arn: "arn:aws:iam:::policy/mlspace-app-policy" } },
    expected:
      'Invalid app_policy.import_arn "arn:aws:iam:::policy/mlspace-app-policy": a managed policy ARN is arn:<partition>:iam::<12-digit account>:policy/<path><name>, e.g. "arn:aws:iam::123456789012:policy/mlspace-app-policy". Copy it from aws iam list-policies or the console.',
  },
  {
    name: "adopting a policy under another name (a replacement)",
    input: { permission_boundary: { name: "mlspace-boundary", import_arn: "arn:aws:iam::123456789012:policy/mlspace/mlspace-project-user-permission-boundary" } },
    expected:
      'Invalid permission_boundary.import_arn "arn:aws:iam::123456789012:policy/mlspace/mlspace-project-user-permission-boundary": it names the policy "/mlspace/mlspace-project-user-permission-boundary", but permission_boundary has path "/" and name "mlspace-boundary". Adopting it under another name or path would replace it (delete, then create): set permission_boundary.path and permission_boundary.name to the adopted policy\'s.',
  },
  {
    name: "role ARN where a role name belongs",
    input: { notebook_policy: { attach_to_roles: ["arn:aws:iam::123456789012:role/mlspace-notebook-role"] } },
    expected:
      'Invalid notebook_policy.attach_to_roles entry "arn:aws:iam::123456789012:role/mlspace-notebook-role": an IAM role name is 1-64 letters, digits and + = , . @ _ -. Give role names, not ARNs.',
  },
  {
    name: "attach mode with a base document",
    input: { app_policy: { attach_to_roles: ["mlspace-app-role"], base_policy_json: '{"Statement":[]}' } },
    expected:
      "Invalid app_policy: with attach_to_roles, a separate policy holding only the ECR statements is created and attached, so base_policy_json must be null. Drop base_policy_json, or drop attach_to_roles to edit the policy itself.",
  },
  {
    name: "empty tag key",
    input: { tags: { "": "x" } },
    expected: "Invalid tags: IAM allows at most 50 tags, keys of 1-128 characters and values of at most 256. Shorten or drop tags.",
  },
  {
    name: "unknown repository ownership",
    input: { repository_ownership: "owner" },
    expected:
      'Unknown repository_ownership "owner". Allowed values: "name", "tag": "tag" to own repositories by their project and user tags, ' +
      '"name" to own them by the names {project} and {user} fill in.',
  },
  {
    name: "describe action that is not a Read or List action on a repository",
    input: { describe_actions: ["DescribeImages", "ecr:PutImage", "ecr:DescribeRegistry"] },
    expected:
      'Unknown describe_actions entry "ecr:PutImage", "ecr:DescribeRegistry". Allowed values (ECR\'s Read and List actions on a repository, with or without "ecr:"): ' +
      "DescribeRepositories, DescribeImages, ListImages, DescribeImageScanFindings, ListTagsForResource, BatchGetRepositoryScanningConfiguration, " +
      "DescribeImageReplicationStatus, DescribeImageSigningStatus, GetImageCopyStatus, GetLifecyclePolicy, GetLifecyclePolicyPreview, GetRepositoryPolicy. " +
      "The pull actions are always granted; write actions go in write_actions.",
  },
  {
    name: "AWS base image given as an image URI",
    input: { aws_base_images: ["pytorch-training", "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3"] },
    expected:
      'Invalid aws_base_images entry "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3": give a repository name of AWS\'s Deep Learning Containers registry ("pytorch-training") ' +
      'or a name prefix ending in "*" ("huggingface-*"), lowercase, without the registry host, tag or ARN: the account is the install region\'s registry. ' +
      "Images of other accounts go in read_repositories as full ARNs.",
  },
  {
    name: "duplicate AWS base image",
    input: { aws_base_images: ["pytorch-training", "pytorch-training"] },
    expected: 'Duplicate aws_base_images entries "pytorch-training": list each image once.',
  },
];

/** Groups cases so that no two in a group set the same input: one Terraform plan reports them all. */
export function disjointBatches(cases: BadInputCase[]): BadInputCase[][] {
  const batches: BadInputCase[][] = [];
  for (const badCase of cases) {
    const keys = Object.keys(badCase.input);
    const batch = batches.find((b) => b.every((other) => Object.keys(other.input).every((key) => !keys.includes(key))));
    if (batch) batch.push(badCase);
    else batches.push([badCase]);
  }
  return batches;
}

/** Terraform wraps its messages; compare with all whitespace runs folded to one space. */
export const foldWhitespace = (text: string) => text.replace(/\s+/g, " ");
