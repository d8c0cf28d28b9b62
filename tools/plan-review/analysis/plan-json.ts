/**
 * The parts of `terraform show -json <planfile>` (format 1.x) that the review reads. Only the JSON
 * is needed, so a plan made on another machine or in CI can be reviewed anywhere.
 */

export type ChangeAction = "no-op" | "create" | "read" | "update" | "delete" | "forget";

export interface ResourceChange {
  address: string;
  module_address?: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: string | number;
  previous_address?: string;
  action_reason?: string;
  change: {
    actions: ChangeAction[];
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    after_unknown?: Record<string, unknown>;
    replace_paths?: (string | number)[][];
    importing?: { id?: string; identity?: unknown };
  };
}

export interface PlanJson {
  format_version: string;
  terraform_version?: string;
  variables?: Record<string, { value: unknown }>;
  resource_changes?: ResourceChange[];
  resource_drift?: ResourceChange[];
  prior_state?: { values?: { root_module?: StateModule } };
  planned_values?: { root_module?: StateModule; [other: string]: unknown };
  errored?: boolean;
  [other: string]: unknown;
}

export interface StateModule {
  resources?: { address: string; mode: string; type: string; name: string; values?: Record<string, unknown> }[];
  child_modules?: StateModule[];
}

const HOW_TO_MAKE = "Make it with `terraform plan -out=plan.tfplan` then `terraform show -json plan.tfplan > plan.json`, and review plan.json.";

/** Parses a plan's JSON, with an error that says how to make the right file when it is not one. */
export function parsePlanJson(text: string, source = "the plan"): PlanJson {
  if (text.startsWith("PK")) {
    throw new Error(
      `${source} is a binary plan file, not its JSON: run \`terraform show -json ${source} > plan.json\` in the folder where it was made, then review plan.json.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON (${(error as Error).message}). ${HOW_TO_MAKE}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(`${source} is not a JSON object. ${HOW_TO_MAKE}`);
  const plan = parsed as PlanJson;
  if (typeof plan.format_version !== "string" || !plan.format_version.startsWith("1.")) {
    throw new Error(`${source} has no format_version 1.x: it is not \`terraform show -json\` output of Terraform 0.12 or later. ${HOW_TO_MAKE}`);
  }
  if (!("planned_values" in plan) && !("resource_changes" in plan)) {
    throw new Error(`${source} is the JSON of a state, not of a plan (it has no resource_changes). ${HOW_TO_MAKE}`);
  }
  if (plan.errored) {
    throw new Error(`${source} is an errored plan: Terraform stopped before it knew every change. Fix the errors terraform plan printed, and plan again.`);
  }
  return plan;
}

/** A variable's value as the plan holds it (undefined when the plan does not have it). */
export function variableValue(plan: PlanJson, name: string): unknown {
  return plan.variables?.[name]?.value;
}

const walk = (module: StateModule | undefined): NonNullable<StateModule["resources"]> =>
  module ? [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap(walk)] : [];

/** Every resource of the prior state, child modules included. */
export function priorResources(plan: PlanJson): NonNullable<StateModule["resources"]> {
  return walk(plan.prior_state?.values?.root_module);
}

/** Every resource of the planned values (data sources read during the plan among them), child modules included. */
export function plannedResources(plan: PlanJson): NonNullable<StateModule["resources"]> {
  return walk(plan.planned_values?.root_module);
}
