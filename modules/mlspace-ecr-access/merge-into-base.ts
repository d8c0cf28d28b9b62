import { POLICY_VERSION, PolicyDocument, PolicyStatement, statementList } from "./policy-document";
import { OWNED_SIDS } from "./sids";

/**
 * The base document with this project's statements appended. Base statements carrying one of our
 * Sids (left there by an earlier apply, then exported) are dropped first, so nothing is duplicated;
 * everything else in the base is kept as it is.
 */
export function mergeIntoBase(base: PolicyDocument | undefined, statements: PolicyStatement[]): PolicyDocument {
  const kept = base ? statementList(base).filter((statement) => !OWNED_SIDS.includes(String(statement.Sid ?? ""))) : [];
  return { ...base, Version: base?.Version ?? POLICY_VERSION, Statement: [...kept, ...statements] };
}
