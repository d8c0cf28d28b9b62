import { count } from "./markdown";
import { TITLE } from "./title";

/**
 * What the pull request is told when there is no plan to review: which step failed, with Terraform's
 * own words (within the comment limit, saying so when cut), so an old review never stands for a
 * new commit.
 */

/** Terraform's output shown in a comment: the rest is in the job log. */
export const MAX_ERROR_CHARACTERS = 50_000;

export function failureReport(step: string, exitCode: number, output: string): string {
  const text = output.trim() || "(Terraform printed nothing)";
  const shown = text.length > MAX_ERROR_CHARACTERS ? text.slice(0, MAX_ERROR_CHARACTERS) : text;
  const cut =
    shown.length < text.length ? `\n\n> ✂️ **Truncated:** the first ${count(shown.length)} of ${count(text.length)} characters are shown; the whole output is in the job log.` : "";
  // A fence longer than any run of backticks in the output, so nothing in it can close the block.
  const longest = Math.max(2, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return [
    TITLE,
    "",
    `🛑 **${step} failed** (exit code ${exitCode}): there is no plan to review for this commit. Terraform said:`,
    "",
    `${fence}text\n${shown}\n${fence}${cut}`,
    "",
  ].join("\n");
}
