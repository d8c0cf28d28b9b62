import { MANAGED_POLICY_SIZE_LIMIT } from "../../../modules/mlspace-ecr-access/policy-document";
import { Block, Fitted, fitBlocks, REVIEW_LIMIT } from "./comment-fit";
import { code, count, table } from "./markdown";
import { accessSection, accessSummary, LEGEND } from "./render-access";
import { driftText, fateText, policyHeading, sizeText, statementDiffText } from "./render-policy";
import { foldedWarningsText, newWarningsText } from "./render-warnings";
import type { Review, SetReview } from "../analysis/review";
import { changedCells } from "../analysis/role-access";
import { TITLE } from "./title";
import { workflowSection } from "./render-workflow";

/**
 * The review as Markdown for a pull-request comment: the summary, the warnings and what each role
 * gains or loses come first and are never left out; the access tables, statement diffs and the
 * warnings that were already true are folded and give way, with a note, if the comment would be
 * too long.
 */

export { TITLE };

export interface RenderOptions {
  /** Where the reader finds the whole review if the comment is truncated (one sentence). */
  whereFull?: string;
  limit?: number;
}

export function setBlocks(set: SetReview, label: string): Block[] {
  const blocks: Block[] = [];
  const rows = set.policies.map((policy) => {
    const name = policy.change.after?.name ?? policy.change.before?.name;
    return [policy.change.title, name ? code(name) : "—", fateText(policy), sizeText(policy.size, policy.change.after?.unknown, false)];
  });
  blocks.push({ text: table(["Policy", "Name", "Change", `Characters (IAM's limit: ${count(MANAGED_POLICY_SIZE_LIMIT)})`], rows) });

  const roles = Object.values(set.access.roles);
  blocks.push({ text: `### Who gains or loses what in ECR${label}\n\n${roles.map((role) => `- ${accessSummary(role)}`).join("\n")}` });

  blocks.push({ text: `### What to look at first${label}\n\n${newWarningsText(set.warnings)}` });
  const folded = foldedWarningsText(set.warnings);
  if (folded) blocks.push({ text: folded, expendable: { rank: 1, what: "the warnings in the base documents and those already true before this plan" } });

  blocks.push({ text: `### Effective ECR access, before → after${label}\n\n${LEGEND}` });
  for (const role of roles) {
    const changed = changedCells(role).length > 0;
    blocks.push({ text: accessSection(role), expendable: { rank: changed ? 4 : 3, what: `the access table of the ${role.title}` } });
  }

  if (set.workflow) {
    const failing = set.workflow.results.some((result) => !result.ok);
    blocks.push({ text: workflowSection(set.workflow, label), expendable: { rank: failing ? 4 : 3, what: "the custom-algorithm workflow table" } });
  }

  blocks.push({ text: `### The policies${label}` });
  for (const policy of set.policies) {
    blocks.push({ text: policyHeading(policy) });
    const drift = driftText(policy);
    if (drift) blocks.push({ text: drift, expendable: { rank: 2, what: `the changes made outside Terraform to the ${policy.change.title}` } });
    blocks.push({ text: statementDiffText(policy.statements), expendable: { rank: 2, what: `the statement changes of the ${policy.change.title}` } });
  }
  return blocks;
}

/** The footer, for sets each named by a prefix (a module address, an install) or by nothing. */
export function footer(sets: [name: string, set: SetReview][]): string {
  const environments = sets.map(([name, set]) => {
    const where = `${set.environment.partition} / ${set.environment.region} / ${set.environment.accountId}`;
    const source = set.environment.source === "assumed" ? "assumed: the plan does not say; names may resolve elsewhere" : `from the plan's ${set.environment.source}`;
    return `${name ? `${code(name)}: ` : ""}${where} (${source})`;
  });
  const tagged = sets.some(([, set]) => set.rows.some((row) => row.resourceTags));
  return (
    "<sub>Made from the plan's JSON alone (`npm run review -- plan.json`). Access is what an offline IAM policy evaluator " +
    "(@cloud-copilot/iam-simulate) decides on the planned documents: identity policy and permission boundary only, with no SCP, " +
    `resource policy, session policy or request context${tagged ? " other than the repository tags the access tables name" : ""}. A repository given by pattern is asked through one repository it matches. ` +
    `Repository names resolve in ${environments.join("; ")}.</sub>`
  );
}

export function reviewBlocks(review: Review): Block[] {
  const blocks: Block[] = [{ text: TITLE }];
  for (const set of review.sets) {
    const label = set.moduleAddress ? ` (${code(set.moduleAddress)})` : "";
    if (set.moduleAddress) blocks.push({ text: `## ${code(set.moduleAddress)}` });
    blocks.push(...setBlocks(set, label));
  }
  blocks.push({ text: footer(review.sets.map((set) => [set.moduleAddress, set])) });
  return blocks;
}

/** The review within a comment's limit, and what had to be left out. */
export function renderReview(review: Review, options: RenderOptions = {}): Fitted {
  return fitBlocks(reviewBlocks(review), options.limit ?? REVIEW_LIMIT, options.whereFull);
}

/** The whole review, nothing left out (for a file or a job summary, which have no such limit). */
export function renderFullReview(review: Review): string {
  return fitBlocks(reviewBlocks(review), Number.MAX_SAFE_INTEGER).markdown;
}
