import { mlspacePolicy, MlspaceInstall, MlspacePolicyName } from "../../tools/mlspace-policies";

/** MLSpace's real default policies, from the project's own copy (examples/mlspace-policies). */
export function fixture(name: MlspacePolicyName, install: MlspaceInstall = "commercial"): string {
  return mlspacePolicy(name, install);
}

export const ENVIRONMENT = { partition: "aws", region: "us-east-1", accountId: "123456789012" };
export const ENVIRONMENT_VARIABLES = { partition: "aws", region: "us-east-1", account_id: "123456789012" };
