import { IamAccount, QUOTAS } from "./iam-account";

/**
 * A change made in the AWS console behind Terraform's back: a new default version of the policy.
 * With five versions already, the console makes you delete one first; this deletes the oldest
 * non-default version, as a person would. Returns the new version's id.
 */
export function editPolicyDocument(account: IamAccount, arn: string, document: string | object): string {
  const policy = account.policy(arn);
  if (policy.versions.length >= QUOTAS.versionsPerPolicy) {
    const oldest = policy.versions.find((v) => v.versionId !== policy.defaultVersionId)!;
    account.deletePolicyVersion(arn, oldest.versionId);
  }
  const text = typeof document === "string" ? document : JSON.stringify(document, null, 4);
  return account.createPolicyVersion(arn, text, true).versionId;
}
