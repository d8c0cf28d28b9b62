import { MANAGED_POLICY_SIZE_LIMIT, policySize } from "../../../modules/mlspace-ecr-access/policy-document";
import type { PolicySide } from "./policy-changes";

/** How much of IAM's 6,144-character budget a policy uses before and after the plan. */
export interface SizeReport {
  limit: number;
  /** Characters without whitespace, as IAM counts; undefined where the policy does not exist or is not known. */
  before?: number;
  after?: number;
  /** Characters left after the plan (negative: over the limit, IAM rejects it at apply). */
  left?: number;
  /** After as a share of the limit, 0-100+ (whole percent, rounded down). */
  percent?: number;
}

/** The share of the budget from which a policy is reported as close to its limit. */
export const CLOSE_TO_LIMIT_PERCENT = 90;

export function sizeReport(before: PolicySide | undefined, after: PolicySide | undefined, limit = MANAGED_POLICY_SIZE_LIMIT): SizeReport {
  const measure = (side?: PolicySide) => (side?.text !== undefined ? policySize(side.text) : undefined);
  const report: SizeReport = { limit, before: measure(before), after: measure(after) };
  if (report.after !== undefined) {
    report.left = limit - report.after;
    report.percent = Math.floor((report.after * 100) / limit);
  }
  return report;
}
