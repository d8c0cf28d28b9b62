/** The parts of the IAM policy grammar this project reads and writes. */

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  [other: string]: unknown;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
  [other: string]: unknown;
}

export const POLICY_VERSION = "2012-10-17";

/** IAM's quota for a customer managed policy, in characters without whitespace. */
export const MANAGED_POLICY_SIZE_LIMIT = 6144;

/** IAM counts a document's characters without whitespace. */
export function policySize(json: string): number {
  return json.replace(/\s/g, "").length;
}

/** `Statement` may be one object or a list; this always gives the list. */
export function statementList(document: PolicyDocument): PolicyStatement[] {
  return ([] as PolicyStatement[]).concat(document.Statement ?? []);
}
