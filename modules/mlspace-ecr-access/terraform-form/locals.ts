import { COMPACTION_STEPS } from "../compaction";
import { BUDGET_LOCALS } from "./budget";
import { COMPACTION_LOCALS, STEP_NAMES } from "./compaction";
import { DOCUMENT_LOCALS } from "./documents";
import { LIVE_DOCUMENT_LOCALS } from "./live-document";
import { STATEMENT_LOCALS } from "./statements";
import { hcl } from "../input-rule";

/**
 * The Terraform form of the pure core (one file here per part of it), for values only known at plan:
 * local values in dependency order, name → HCL expression. The tests plan them with Terraform and
 * compare the results with the TypeScript core's as data.
 */
export const LOCALS: Record<string, string> = {
  partition: "var.partition != null ? var.partition : one(data.aws_partition.current[*].partition)",
  region: "var.region != null ? var.region : one(data.aws_region.current[*].name)",
  account_id: "var.account_id != null ? var.account_id : one(data.aws_caller_identity.current[*].account_id)",
  ...STATEMENT_LOCALS,
  ...COMPACTION_LOCALS,
  ...LIVE_DOCUMENT_LOCALS,
  ...DOCUMENT_LOCALS,
  ...BUDGET_LOCALS,
  compaction_used:
    `{ for k, i in local.chosen : k => [for si, name in ${STEP_NAMES} : name if var.compaction[name] && local.compaction_levels[i] >= si + 1 && ` +
    `(!contains(${hcl(COMPACTION_STEPS.filter((step) => step.boundaryOnly).map((step) => step.name))}, name) || k == "boundary")] }`,
};

/** Count for a data source that is only read when its input is null. */
export const lookupCount = (input: string) => `\${var.${input} == null ? 1 : 0}`;
