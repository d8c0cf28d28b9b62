import type { SetReview } from "../analysis/review";
import { cellChange, changedCells } from "../analysis/role-access";
import type { StackOutcome } from "../analysis/stack-outcome";
import { Block, Fitted, fitBlocks, REVIEW_LIMIT } from "./comment-fit";
import { failureReport } from "./failure-report";
import { code, count, listing, table } from "./markdown";
import { footer, RenderOptions, setBlocks } from "./render-review";
import { TITLE } from "./title";

/**
 * One review for every install of the installs file: a summary table (what changes where, and the
 * budget each has left), the installs that do not change in one line, and a section per install
 * that changes or failed. A failed install is reported in its section and hides nothing else.
 */

const isChanged = (set: SetReview) => set.policies.some((policy) => policy.change.fate !== "no-op" || policy.change.attachments.some((a) => a.fate !== "no-op"));

/** "2 gained, 1 lost" over both roles' cells. */
function accessText(set: SetReview): string {
  const cells = Object.values(set.access.roles).flatMap(changedCells);
  const gained = cells.filter((cell) => cellChange(cell) === "gained").length;
  const lost = cells.filter((cell) => cellChange(cell) === "lost").length;
  return gained + lost === 0 ? "no change" : [gained && `🟢 ${count(gained)} gained`, lost && `🔴 ${count(lost)} lost`].filter(Boolean).join(", ");
}

/** The policy with the least room left after the plan, e.g. "boundary: 26". */
function budgetText(set: SetReview): string {
  const known = set.policies.filter((policy) => policy.size.left !== undefined);
  if (!known.length) return "—";
  const tightest = known.reduce((a, b) => (b.size.left! < a.size.left! ? b : a));
  return `${tightest.change.key}: ${tightest.size.left! < 0 ? `**${count(-tightest.size.left!)} over**` : `${count(tightest.size.left!)} left`}`;
}

function summaryRow(outcome: StackOutcome): string[] {
  if ("failure" in outcome) return [code(outcome.name), `🛑 **${outcome.failure.step} failed** (exit code ${outcome.failure.code})`, "—", "—"];
  const [set] = outcome.review.sets;
  const changed = set.policies.filter((policy) => policy.change.fate !== "no-op").map((policy) => policy.change.key);
  return [code(outcome.name), changed.length ? listing(changed) : "none", accessText(set), budgetText(set)];
}

function installBlocks(outcomes: StackOutcome[]): Block[] {
  const blocks: Block[] = [{ text: TITLE }];
  blocks.push({ text: table(["Install", "Policies changed", "ECR access (both roles' cells)", "Budget, tightest policy"], outcomes.map(summaryRow)) });
  const unchanged = outcomes.filter((outcome) => "review" in outcome && !isChanged(outcome.review.sets[0])).map((outcome) => code(outcome.name));
  if (unchanged.length) blocks.push({ text: `No change in ${listing(unchanged)}.` });
  for (const outcome of outcomes) {
    if ("failure" in outcome) {
      const { step, code: exitCode, output } = outcome.failure;
      blocks.push({ text: `## Install ${code(outcome.name)}\n\n${failureReport(step, exitCode, output).replace(`${TITLE}\n\n`, "")}`, expendable: { rank: 5, what: `Terraform's output for ${outcome.name}` } });
    } else if (isChanged(outcome.review.sets[0])) {
      blocks.push({ text: `## Install ${code(outcome.name)}` }, ...setBlocks(outcome.review.sets[0], ` (${code(outcome.name)})`));
    }
  }
  const sets = outcomes.flatMap((outcome) => ("review" in outcome ? [[outcome.name, outcome.review.sets[0]] as [string, SetReview]] : []));
  if (sets.length) blocks.push({ text: footer(sets) });
  return blocks;
}

export function renderInstallsReview(outcomes: StackOutcome[], options: RenderOptions = {}): Fitted {
  return fitBlocks(installBlocks(outcomes), options.limit ?? REVIEW_LIMIT, options.whereFull);
}

export function renderFullInstallsReview(outcomes: StackOutcome[]): string {
  return fitBlocks(installBlocks(outcomes), Number.MAX_SAFE_INTEGER).markdown;
}
