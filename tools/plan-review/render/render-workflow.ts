import { EXAMPLE_PROJECT_USER, OTHER_PROJECT_USER } from "../analysis/principals";
import type { WorkflowReview } from "../analysis/workflow-steps";
import { code, table } from "./markdown";

/** The custom-algorithm workflow, one row per call: ✔ where the decision is the one the step needs. */

const TAG_OWNERSHIP_RESIDUAL =
  "Tag ownership lets a user tag a repository only as their own project's, and only one that has no owner tag yet or theirs: " +
  "an existing repository without an owner tag is claimed by whoever tags it first, so tag existing repositories before turning it on.";

const resourceText = (resource: string) => (resource === "*" ? "*" : code(resource.split(":").slice(4).join(":")));
const tagsText = (tags?: Record<string, string>) => (tags ? Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(", ") : "");

export function workflowSection(review: WorkflowReview, label: string): string {
  const heading = `### The custom-algorithm workflow${label}`;
  const subject =
    `A project-user role of project ${code(EXAMPLE_PROJECT_USER.project)} (user ${code(EXAMPLE_PROJECT_USER.user)}), Notebook policy under the boundary, ` +
    `pushing to ${code(review.entry)}; project ${code(OTHER_PROJECT_USER.project)}'s repository must stay out of reach. AWS's base-image repositories are ` +
    "modelled as letting any principal pull, so their rows show what the role's own policies allow.";
  if (review.unavailable) return `${heading}\n\n${subject}\n\nNot evaluated: ${review.unavailable}.`;
  const rows = review.results.map((r) => [
    r.ok ? "✔" : "✘",
    r.step,
    code(r.action),
    resourceText(r.resource),
    [tagsText(r.resourceTags) && `tags ${tagsText(r.resourceTags)}`, tagsText(r.requestTags) && `sets ${tagsText(r.requestTags)}`].filter(Boolean).join("; "),
    `${r.decision === "Allowed" ? "allowed" : "refused"} (must be ${r.expected})`,
    r.decidedBy,
  ]);
  const failing = review.results.filter((r) => !r.ok).length;
  const notes = [
    failing ? `**${failing} of ${review.results.length} calls are not decided as the workflow needs.**` : `All ${review.results.length} calls are decided as the workflow needs.`,
    ...(review.baseImagesWithoutRegistry ? ["aws_base_images is set, but this region has no known Deep Learning Containers registry: the plan stops."] : []),
    ...(review.results.some((r) => r.action === "ecr:TagResource") ? [TAG_OWNERSHIP_RESIDUAL] : []),
  ];
  return `${heading}\n\n${subject}\n\n${table(["", "Step", "Call", "Repository", "Tags", "Decision", "Decided by"], rows)}\n\n${notes.join(" ")}`;
}
