import { POLICIES, POLICY_KEYS, PolicyKey } from "../../modules/mlspace-ecr-access/inputs";
import { guardKey, GUARD_ADDRESS } from "../../modules/mlspace-ecr-access/adopted-policy-guard";

/**
 * What `npm run release` does to one stack, as data: from the stack's variable values (its
 * synthesized defaults, then the var file), the adopted policies and the three steps' variables
 * and state addresses. Pure, so the steps are tested without Terraform.
 */

type Settings = { import_arn?: string | null; base_policy_json?: string | null; attach_to_roles?: string[] };

export interface ReleasePlan {
  /** The adopted policies (import_arn, edited in place): given back and forgotten. */
  adopted: { key: PolicyKey; arn: string }[];
  /** Step 1, targeted at the adopted policies: no access, and each adopted policy's live document (less ours) as its base. */
  giveBack: Record<string, unknown>;
  /** Step 2: the state addresses forgotten (the adopted policies and their guards). */
  forget: string[];
  /** Step 3: what the destroy of the rest plans with: the adopted policies no longer adopted, so none of them is read or imported. */
  destroyRest: Record<string, unknown>;
}

/** Every input that grants access, emptied: the base alone is left. */
const NO_ACCESS = { read_repositories: [], write_repositories: [], aws_base_images: [], describe_actions: [] };

const isAdopted = (settings: Settings | undefined): settings is Settings & { import_arn: string } =>
  Boolean(settings?.import_arn) && (settings?.attach_to_roles ?? []).length === 0;

export function releasePlan(values: Record<string, unknown>): ReleasePlan {
  const settingsOf = (key: PolicyKey) => values[POLICIES[key].input] as Settings | undefined;
  const adopted = POLICY_KEYS.filter((key) => isAdopted(settingsOf(key))).map((key) => ({ key, arn: settingsOf(key)!.import_arn! }));
  const withSettings = (change: (settings: Settings) => Settings) =>
    Object.fromEntries(adopted.map(({ key }) => [POLICIES[key].input, change(settingsOf(key)!)]));
  return {
    adopted,
    // A pinned base may be older than IAM's document: the live one, less our statements, is what MLSpace has now.
    giveBack: { ...values, ...NO_ACCESS, ...withSettings((settings) => ({ ...settings, base_policy_json: null })) },
    forget: adopted.flatMap(({ key, arn }) => [`aws_iam_policy.${key}`, `${GUARD_ADDRESS}[${JSON.stringify(guardKey(arn))}]`]),
    destroyRest: { ...values, ...withSettings((settings) => ({ ...settings, import_arn: null, base_policy_json: null })) },
  };
}
