import { withCeiling, withoutCeiling } from "./boundary-ceiling";
import { POLICY_VERSION, PolicyDocument, PolicyStatement, statementList } from "./policy-document";
import { OWNED_SIDS } from "./sids";

/**
 * The base's statements without anything of ours: statements with our Sids (left there by an
 * earlier apply, then exported) are dropped and the ceiling's mark is undone, so nothing is ever
 * duplicated; everything else in the base is kept as it is.
 */
export function keptBaseStatements(base: PolicyDocument | undefined): PolicyStatement[] {
  if (!base) return [];
  return statementList(base)
    .map(withoutCeiling)
    .filter((statement): statement is PolicyStatement => statement !== undefined && !OWNED_SIDS.includes(String(statement.Sid ?? "")));
}

/** The base document with this project's statements appended, and the boundary's ceiling actions if any. */
export function mergeIntoBase(base: PolicyDocument | undefined, statements: PolicyStatement[], ceiling: string[] = []): PolicyDocument {
  const kept = withCeiling(keptBaseStatements(base), ceiling);
  return { ...base, Version: base?.Version ?? POLICY_VERSION, Statement: [...kept, ...statements] };
}
