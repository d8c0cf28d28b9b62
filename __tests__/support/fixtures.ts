import { readFileSync } from "node:fs";
import { join } from "node:path";

/** MLSpace's real default policies (../shared/fixtures/mlspace, see its README). */
export const FIXTURES_DIRECTORY = process.env.MLSPACE_FIXTURES ?? join(__dirname, "..", "..", "..", "shared", "fixtures", "mlspace");

export function fixture(name: "app-policy" | "notebook-policy" | "permission-boundary"): string {
  return readFileSync(join(FIXTURES_DIRECTORY, `${name}.json`), "utf8");
}

export const ENVIRONMENT = { partition: "aws", region: "us-east-1", accountId: "123456789012" };
export const ENVIRONMENT_VARIABLES = { partition: "aws", region: "us-east-1", account_id: "123456789012" };
