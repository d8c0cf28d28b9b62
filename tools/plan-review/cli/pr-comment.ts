/**
 * Posts the review as the pull request's review comment, or updates the one posted before
 * (`.github/workflows/plan-review.yml` runs it after `npm run plan`). Usage: pr-comment REVIEW_MD
 * When REVIEW_MD does not exist (npm ci or the build failed before the plan), the comment says so,
 * so that an old review never stands for the new commit.
 */
import { existsSync, readFileSync } from "node:fs";
import { pullRequestContext, upsertReviewComment } from "./github-comment";
import { TITLE } from "../render/title";

export const NO_REVIEW_NOTE = `${TITLE}\n\n🛑 **No review for this commit**: the job failed before \`npm run plan\` wrote one (see the job log).\n`;

/** The review npm run plan wrote, or the note that there is none. */
export function commentText(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : NO_REVIEW_NOTE;
}

async function main(): Promise<number> {
  const [file] = process.argv.slice(2);
  if (!file) {
    console.error("Usage: pr-comment REVIEW_MD (the review.md that npm run plan wrote, e.g. out/plan/review.md)");
    return 2;
  }
  const review = commentText(file);
  const { action, url } = await upsertReviewComment(pullRequestContext(process.env), review);
  console.log(`Review comment ${action}${url ? `: ${url}` : ""}`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
