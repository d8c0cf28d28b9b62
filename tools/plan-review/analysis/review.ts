import { POLICY_KEYS, PolicyKey } from "../../../modules/mlspace-ecr-access/inputs";
import type { PolicyDocument } from "../../../modules/mlspace-ecr-access/policy-document";
import { boundaryWarnings } from "./boundary-warnings";
import { PlanJson } from "./plan-json";
import { fateLabel, PolicyChange, PolicySet, policySets } from "./policy-changes";
import { CLOSE_TO_LIMIT_PERCENT, SizeReport, sizeReport } from "./policy-size";
import { principalTagKeysOf } from "./principals";
import { environmentOf, EnvironmentFound, RepositoryRow, repositoryRows } from "./repository-rows";
import { AccessReview, accessReview } from "./role-access";
import { diffStatements, StatementDiff } from "./statement-diff";
import { count } from "./numbers";
import { OutsideChanges, outsideChanges } from "./outside-changes";
import { outsideWarnings, statementFindings } from "./outside-warnings";
import { unnameableOwnerWarnings } from "./unnameable-owners";
import { planWarning, sortWarnings, Warning } from "./warning";
import { WorkflowReview, workflowReview } from "./workflow-steps";

/**
 * The review of a plan as data: for each set of the three policies, what happens to each, its
 * statements diffed by Sid, its size against IAM's limit, the effective ECR access of the App and
 * notebook roles before and after, and the warnings. Markdown is rendered from this, and tests
 * assert on it.
 */

export interface PolicyReview {
  change: PolicyChange;
  /** e.g. "import, then update in place". */
  fate: string;
  statements: StatementDiff;
  /** What changed outside Terraform since the last apply (the document in IAM now against the one last applied), and what this plan does with it. */
  outside?: OutsideChanges;
  /**
   * No change, though the configuration writes the document in another order (statements, actions,
   * resources): the AWS provider compares documents as IAM reads them and keeps the current one.
   */
  reorderedInConfiguration: boolean;
  size: SizeReport;
}

export interface SetReview {
  moduleAddress: string;
  environment: EnvironmentFound;
  policies: PolicyReview[];
  rows: RepositoryRow[];
  access: AccessReview;
  /** The custom-algorithm workflow on the planned documents; undefined without write repositories. */
  workflow?: WorkflowReview;
  warnings: Warning[];
}

export interface Review {
  sets: SetReview[];
}

function planWarnings(review: PolicyReview): Warning[] {
  const { change, size } = review;
  const warnings: Warning[] = [];
  const policy = change.key;
  if (change.fate === "replace") {
    const because = change.replaceBecause.length
      ? ` because ${change.replaceBecause.map((path) => `\`${path}\``).join(", ")} cannot change in place${change.replaceBecause.includes("name") && change.before?.name && change.after?.name ? ` ("${change.before.name}" → "${change.after.name}")` : ""}`
      : "";
    warnings.push(
      planWarning({
        kind: "replace",
        severity: "danger",
        policy,
        message:
          `**replace**: Terraform deletes this policy and creates a new one${because}. The new policy has a new ARN; IAM refuses to delete a policy ` +
          "that is attached to a role or is a role's permissions boundary, so the apply fails half-way, and if it is detached first the roles go without it " +
          "until they get the new ARN (the access tables assume they have it). Keep the old name, or move in steps: create the new policy, attach it, then remove the old.",
        items: [],
      }),
    );
  }
  if (change.fate === "delete") {
    warnings.push(
      planWarning({ kind: "delete", severity: "danger", policy, message: "**delete**: the roles lose everything this policy grants (IAM refuses while it is still attached)", items: [] }),
    );
  }
  if (size.left !== undefined && size.left < 0) {
    warnings.push(
      planWarning({
        kind: "over-limit",
        severity: "danger",
        policy,
        message: `${count(size.after!)} characters, ${count(-size.left)} over IAM's limit of ${count(size.limit)}: the apply will fail`,
        items: [],
      }),
    );
  } else if (size.percent !== undefined && size.percent >= CLOSE_TO_LIMIT_PERCENT) {
    warnings.push(
      planWarning({
        kind: "close-to-limit",
        severity: "warning",
        policy,
        message: `${count(size.after!)} of ${count(size.limit)} characters (${size.percent}%): ${count(size.left!)} left for later grants`,
        items: [],
      }),
    );
  }
  warnings.push(...outsideWarnings(policy, review.outside));
  const roles = (fates: string[]) => change.attachments.filter((a) => fates.includes(a.fate)).map((a) => a.role);
  const attached = roles(["create", "replace"]);
  const detached = roles(["delete"]);
  if (attached.length) {
    warnings.push(
      planWarning({ kind: "attach", severity: "warning", policy, message: "attached to these roles: they gain what this policy grants (the access tables show it)", items: attached }),
    );
  }
  if (detached.length) {
    warnings.push(planWarning({ kind: "detach", severity: "danger", policy, message: "detached from these roles: they lose what this policy grants", items: detached }));
  }
  if (change.after?.unknown) {
    warnings.push(planWarning({ kind: "unknown-document", severity: "notice", policy, message: "the document is known only after apply: its statements and access cannot be reviewed here", items: [] }));
  }
  return warnings;
}

/** The document the configuration renders (the stack's `policy_json` output), which the provider may not send. */
function configuredText(plan: PlanJson, key: PolicyKey): string | undefined {
  const outputs = plan.output_changes as Record<string, { after?: unknown }> | undefined;
  const after = outputs?.policy_json?.after as Record<string, unknown> | undefined;
  return typeof after?.[key] === "string" ? (after[key] as string) : undefined;
}

function reorderedOnly(current: PolicyDocument | undefined, configured: string | undefined): boolean {
  if (!current || configured === undefined) return false;
  try {
    return diffStatements(current, JSON.parse(configured)).reorderedOnly;
  } catch {
    return false;
  }
}

async function reviewSet(plan: PlanJson, set: PolicySet): Promise<SetReview> {
  const changes = POLICY_KEYS.map((key) => set.policies[key]).filter((change): change is PolicyChange => change !== undefined);
  const documents = changes.flatMap((change) => [change.before?.document, change.after?.document]).filter((d): d is PolicyDocument => d !== undefined);
  // The plan's variables are the root module's: they configure only a set at the root.
  const scoped: PlanJson = set.moduleAddress ? { ...plan, variables: {}, output_changes: {} } : plan;
  const environment = environmentOf(scoped, documents);
  const rows = repositoryRows(scoped, documents, environment);
  const policies = changes.map(
    (change): PolicyReview => ({
      change,
      fate: fateLabel(change),
      statements: diffStatements(change.before?.document, change.after?.document),
      outside: outsideChanges(change),
      size: sizeReport(change.before, change.after),
      reorderedInConfiguration: change.fate === "no-op" && reorderedOnly(change.before?.document, configuredText(scoped, change.key)),
    }),
  );
  const access = await accessReview(set, rows, principalTagKeysOf(scoped));
  const workflow = await workflowReview(scoped, set, environment, principalTagKeysOf(scoped));
  const findings = await Promise.all(changes.map(statementFindings));
  const warnings = sortWarnings([
    ...policies.flatMap(planWarnings),
    ...findings.flat(),
    ...boundaryWarnings(set, access),
    ...unnameableOwnerWarnings(scoped, set),
  ]);
  return { moduleAddress: set.moduleAddress, environment, policies, rows, access, workflow, warnings };
}

export async function reviewPlan(plan: PlanJson): Promise<Review> {
  const sets: SetReview[] = [];
  for (const set of policySets(plan)) sets.push(await reviewSet(plan, set));
  return { sets };
}
