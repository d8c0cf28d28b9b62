import { limitExceeded, malformedPolicyDocument } from "./errors";

/**
 * What IAM checks of a managed policy document before storing it, with IAM's messages. Written
 * here independently of the project's own checks: a fake AWS that reused the code under test
 * would agree with it by construction.
 */

/** IAM's quota for a customer managed policy: characters, whitespace not counted. */
export const POLICY_SIZE_QUOTA = 6144;

export function checkPolicyDocument(document: string): void {
  if (document.replace(/\s/g, "").length > POLICY_SIZE_QUOTA) {
    throw limitExceeded(`Cannot exceed quota for PolicySize: ${POLICY_SIZE_QUOTA}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformedPolicyDocument("This policy contains invalid Json");
  }
  if (!isObject(parsed)) throw malformedPolicyDocument("Syntax errors in policy.");
  const statements = ([] as unknown[]).concat(parsed.Statement ?? []);
  if (statements.length === 0) throw malformedPolicyDocument("Syntax errors in policy.");
  for (const statement of statements) checkStatement(statement);
}

function checkStatement(statement: unknown): void {
  if (!isObject(statement) || (statement.Effect !== "Allow" && statement.Effect !== "Deny")) {
    throw malformedPolicyDocument("Syntax errors in policy.");
  }
  if ("Principal" in statement || "NotPrincipal" in statement) {
    throw malformedPolicyDocument("Policy document should not specify a principal.");
  }
  if (!("Action" in statement) && !("NotAction" in statement)) {
    throw malformedPolicyDocument("Policy statement must contain actions.");
  }
  if (!("Resource" in statement) && !("NotResource" in statement)) {
    throw malformedPolicyDocument("Policy statement must contain resources.");
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
