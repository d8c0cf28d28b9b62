import { POLICIES, POLICY_KEYS, PolicyKey } from "../../../modules/mlspace-ecr-access/inputs";
import type { PolicyDocument } from "../../../modules/mlspace-ecr-access/policy-document";
import { PlanJson, ResourceChange } from "./plan-json";

/** What the plan does to one of the three policies, in the words a reviewer uses. */
export type PolicyFate = "create" | "update" | "replace" | "delete" | "forget" | "no-op";

/** One side (before or after) of a policy: what IAM holds, or will hold. */
export interface PolicySide {
  name?: string;
  path?: string;
  arn?: string;
  /** The document as Terraform sends or read it; undefined when not known until apply. */
  text?: string;
  document?: PolicyDocument;
  /** Terraform knows the document only after apply (it depends on something not yet created). */
  unknown: boolean;
}

export interface PolicyChange {
  key: PolicyKey;
  title: string;
  address: string;
  fate: PolicyFate;
  /** The import id when the plan adopts an existing policy (an `import` block). */
  importId?: string;
  /** The address it had before a `moved` block. */
  movedFrom?: string;
  /** Attributes whose change forces the replacement, e.g. ["name"]. */
  replaceBecause: string[];
  /** Absent when the policy does not exist before (create) or after (delete). */
  before?: PolicySide;
  after?: PolicySide;
  /** The document Terraform last applied, when it was changed outside Terraform since (drift). */
  driftedFrom?: PolicySide;
  /** Roles this configuration attaches the policy to (attach mode), and what happens to each attachment. */
  attachments: RoleAttachment[];
}

export interface RoleAttachment {
  role: string;
  fate: PolicyFate;
}

/** The three policies of one instance of the stack or module (a plan may hold several). */
export interface PolicySet {
  /** "" for the root module, else the module instance, e.g. `module.mlspace_ecr_access["prod"]`. */
  moduleAddress: string;
  policies: Partial<Record<PolicyKey, PolicyChange>>;
}

const isPolicyResource = (change: ResourceChange) =>
  change.mode === "managed" && change.type === "aws_iam_policy" && (POLICY_KEYS as string[]).includes(change.name) && change.index === undefined;

function fateOf(actions: ResourceChange["change"]["actions"]): PolicyFate {
  const joined = [...actions].sort().join(",");
  if (joined === "create,delete") return "replace";
  if (joined === "create" || joined === "delete" || joined === "update" || joined === "forget" || joined === "no-op") return joined;
  // "read" is for data sources only; anything else is a Terraform this review does not know yet.
  throw new Error(`Unexpected change actions [${actions.join(", ")}]: this review knows create, update, delete, replace, forget and no-op.`);
}

function parseDocument(text: unknown): PolicyDocument | undefined {
  if (typeof text !== "string") return undefined;
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === "object" ? (parsed as PolicyDocument) : undefined;
  } catch {
    return undefined;
  }
}

function side(values: Record<string, unknown> | null, unknownValues?: Record<string, unknown>): PolicySide | undefined {
  if (!values) return undefined;
  const text = typeof values.policy === "string" ? values.policy : undefined;
  const str = (value: unknown) => (typeof value === "string" ? value : undefined);
  return {
    name: str(values.name),
    path: str(values.path),
    arn: str(values.arn),
    text,
    document: parseDocument(text),
    unknown: unknownValues?.policy === true,
  };
}

function policyChange(change: ResourceChange, drift?: ResourceChange): PolicyChange {
  const key = change.name as PolicyKey;
  const fate = fateOf(change.change.actions);
  const before = side(change.change.before);
  const driftedFrom = drift ? side(drift.change.before) : undefined;
  return {
    key,
    title: POLICIES[key].title,
    address: change.address,
    fate,
    importId: change.change.importing ? (change.change.importing.id ?? "(by identity)") : undefined,
    movedFrom: change.previous_address,
    replaceBecause: (change.change.replace_paths ?? []).map((path) => path.join(".")),
    before,
    // Forget leaves the policy in IAM as it is: only Terraform stops managing it.
    after: fate === "forget" ? before : side(change.change.after, change.change.after_unknown),
    driftedFrom: driftedFrom?.text !== undefined && driftedFrom.text !== before?.text ? driftedFrom : undefined,
    attachments: [],
  };
}

/**
 * Attach mode: `aws_iam_policy_attachment.app[0]` and `.notebook[0]` attach the separate policy to
 * exactly their `roles` (the Notebook's with MLSpace's project-user roles); `roles` before (every
 * role IAM had it attached to, as the refresh read it) and after gives each role's fate. Plans of
 * releases before that have `aws_iam_role_policy_attachment.app["role-name"]`, one per role
 * (`.notebook_project_user_roles` too), and an upgrade's plan forgets them.
 */
const ATTACHMENT_POLICIES: Record<string, PolicyKey> = { app: "app", notebook: "notebook", notebook_project_user_roles: "notebook" };
const ATTACHMENT_TYPES = ["aws_iam_policy_attachment", "aws_iam_role_policy_attachment"];
const isAttachment = (change: ResourceChange) => change.mode === "managed" && ATTACHMENT_TYPES.includes(change.type) && change.name in ATTACHMENT_POLICIES;

function attachmentsOf(change: ResourceChange): RoleAttachment[] {
  const fate = fateOf(change.change.actions);
  if (change.type === "aws_iam_role_policy_attachment") {
    const values = (change.change.after ?? change.change.before ?? {}) as { role?: unknown };
    return [{ role: typeof change.index === "string" ? change.index : typeof values.role === "string" ? values.role : change.address, fate }];
  }
  const rolesOf = (values: Record<string, unknown> | null) => (Array.isArray(values?.roles) ? values.roles.filter((role): role is string => typeof role === "string") : []);
  const before = rolesOf(change.change.before);
  // Roles known only at apply: the plan cannot say which roles gain or lose the policy.
  if (change.change.after_unknown?.roles === true) return before.map((role) => ({ role, fate: "update" }));
  const after = fate === "forget" ? before : rolesOf(change.change.after);
  const kept: PolicyFate = fate === "replace" || fate === "forget" ? fate : "no-op";
  return [...new Set([...before, ...after])].map((role) => ({ role, fate: !before.includes(role) ? "create" : !after.includes(role) ? "delete" : kept }));
}

/** The policy sets of the plan, root module first. Throws when the plan holds none of the policies. */
export function policySets(plan: PlanJson): PolicySet[] {
  const changes = (plan.resource_changes ?? []).filter(isPolicyResource);
  if (changes.length === 0) {
    throw new Error(
      "The plan changes none of aws_iam_policy.app, .notebook, .boundary: it is not a plan of this project's stack or module. " +
        "Plan the stack with `npm run plan`, or give the plan of a root module that uses modules/mlspace-ecr-access.",
    );
  }
  const drifts = new Map((plan.resource_drift ?? []).filter(isPolicyResource).map((drift) => [drift.address, drift]));
  const sets = new Map<string, PolicySet>();
  for (const change of changes) {
    const moduleAddress = change.module_address ?? "";
    const set = sets.get(moduleAddress) ?? { moduleAddress, policies: {} };
    set.policies[change.name as PolicyKey] = policyChange(change, drifts.get(change.address));
    sets.set(moduleAddress, set);
  }
  for (const change of (plan.resource_changes ?? []).filter(isAttachment)) {
    const policy = sets.get(change.module_address ?? "")?.policies[ATTACHMENT_POLICIES[change.name]];
    policy?.attachments.push(...attachmentsOf(change));
  }
  return [...sets.values()].sort((a, b) => a.moduleAddress.localeCompare(b.moduleAddress));
}

/** What the reviewer is told happens, e.g. "import, then update in place". */
export function fateLabel(change: Pick<PolicyChange, "fate" | "importId" | "movedFrom">): string {
  const base: Record<PolicyFate, string> = {
    create: "create",
    update: "update in place",
    replace: "replace",
    delete: "delete",
    forget: "forget (stays in IAM, no longer managed)",
    "no-op": "no change",
  };
  const steps: string[] = [];
  if (change.movedFrom) steps.push(`move from \`${change.movedFrom}\``);
  if (change.importId !== undefined) steps.push("import");
  if (steps.length === 0 || change.fate !== "no-op") steps.push(base[change.fate]);
  return steps.join(", then ");
}
