import { POLICIES, POLICY_KEYS, PolicyKey } from "./inputs";
import { mergeIntoBase } from "./merge-into-base";
import { PolicyDocument, policySize } from "./policy-document";
import { Environment } from "./repositories";
import { policyStatements } from "./statements";

export type PerPolicy<T> = Record<PolicyKey, T>;

/**
 * The three rendered documents for literal Terraform variable values: what the module's
 * `policy_json` output holds for the same inputs (compared as data in the Terraform tests).
 */
export function renderDocuments(values: Record<string, unknown>, environment: Environment): PerPolicy<PolicyDocument> {
  const statements = policyStatements(
    {
      readRepositories: values.read_repositories as string[],
      writeRepositories: values.write_repositories as string[],
      writeActions: values.write_actions as string[],
    },
    environment,
  );
  const documents = {} as PerPolicy<PolicyDocument>;
  for (const key of POLICY_KEYS) {
    const base = (values[POLICIES[key].input] as { base_policy_json?: string | null }).base_policy_json;
    documents[key] = mergeIntoBase(base ? JSON.parse(base) : undefined, statements[key]);
  }
  return documents;
}

export function documentSizes(documents: PerPolicy<PolicyDocument>): PerPolicy<number> {
  const sizes = {} as PerPolicy<number>;
  for (const key of POLICY_KEYS) sizes[key] = policySize(JSON.stringify(documents[key]));
  return sizes;
}
