/**
 * The files `npm run plan` writes: to the out folder, and with an installs file per install to
 * out/<install>/ (plan, JSON, outcome), with the reviews and the summary covering all of them.
 */
export const PLAN_FILES = {
  plan: "plan.tfplan",
  json: "plan.json",
  review: "review.md",
  fullReview: "review-full.md",
  summary: "summary.json",
  /** An install's: its name and what its plan came to (its failure whole), for npm run plan:merge. */
  outcome: "outcome.json",
} as const;
