import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** MLSpace's real default policies (../shared/fixtures/mlspace, see its README). */
export const FIXTURES_DIRECTORY = process.env.MLSPACE_FIXTURES ?? join(__dirname, "..", "..", "..", "shared", "fixtures", "mlspace");

export function fixture(name: "app-policy" | "notebook-policy" | "permission-boundary"): string {
  const file = join(FIXTURES_DIRECTORY, `${name}.json`);
  if (!existsSync(file)) {
    throw new Error(`MLSpace fixture ${file} not found: check out the shared folder beside this repository, or set MLSPACE_FIXTURES to its fixtures/mlspace folder.`);
  }
  return readFileSync(file, "utf8");
}

export const ENVIRONMENT = { partition: "aws", region: "us-east-1", accountId: "123456789012" };
export const ENVIRONMENT_VARIABLES = { partition: "aws", region: "us-east-1", account_id: "123456789012" };
