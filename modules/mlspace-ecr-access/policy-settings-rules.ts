import { hcl, InputRule, regexPredicate, whenGiven } from "./input-rule";
import { POLICY_NAME_PATTERN, POLICY_PATH_PATTERN } from "./naming-rules";
import { OWNED_SIDS, SID_PREFIX } from "./sids";

/** The statements of a parsed base document, or undefined when it is not a policy document. */
function baseStatements(json: string): Record<string, unknown>[] | undefined {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) return undefined;
  const statement = (document as Record<string, unknown>).Statement;
  if (statement === undefined) return undefined;
  const statements = [statement].flat(Infinity);
  const valid = statements.every(
    (s) => typeof s === "object" && s !== null && ["Allow", "Deny"].includes((s as Record<string, unknown>).Effect as string),
  );
  return valid ? (statements as Record<string, unknown>[]) : undefined;
}

function foreignSidsWithOurPrefix(json: string): string[] {
  return (baseStatements(json) ?? [])
    .map((s) => (typeof s.Sid === "string" ? s.Sid : ""))
    .filter((sid) => sid.startsWith(SID_PREFIX) && !OWNED_SIDS.includes(sid));
}

function reservedSidMessage(input: string, sids: string): string {
  return (
    `Invalid ${input}.base_policy_json: statement Sids ${sids} use the prefix "${SID_PREFIX}" that this project ` +
    `reserves for its own statements (${OWNED_SIDS.join(", ")}). Rename those statements in the base document.`
  );
}

/** The rules of `app_policy`, `notebook_policy` and `permission_boundary`. */
export function policySettingsRules(input: string): InputRule[] {
  const base = `var.${input}.base_policy_json`;
  const statementsOf = `flatten([jsondecode(${base}).Statement])`;
  const sidOf = (s: string) => `try(tostring(${s}.Sid), "")`;
  const isForeign = (s: string) => `startswith(${sidOf(s)}, ${hcl(SID_PREFIX)}) && !contains(${hcl(OWNED_SIDS)}, ${sidOf(s)})`;
  return [
    whenGiven(
      `${input}.name`,
      regexPredicate(POLICY_NAME_PATTERN),
      (value) =>
        `Invalid ${input}.name ${value}: an IAM policy name is 1-128 letters, digits and + = , . @ _ -. Choose a name of those characters.`,
    ),
    whenGiven(
      `${input}.path`,
      regexPredicate(POLICY_PATH_PATTERN),
      (value) =>
        `Invalid ${input}.path ${value}: an IAM path is "/" or starts and ends with "/" (e.g. "/mlspace/"), printable ASCII, at most 512 characters.`,
    ),
    whenGiven(
      `${input}.base_policy_json`,
      {
        terraform: () => `try(alltrue([for s in ${statementsOf} : contains(["Allow", "Deny"], s.Effect)]), false)`,
        typescript: (json) => baseStatements(json) !== undefined,
      },
      () =>
        `Invalid ${input}.base_policy_json: it is not a JSON IAM policy document (an object whose "Statement" is a ` +
        'statement or a list of statements, each with "Effect" "Allow" or "Deny"). Give the current policy\'s ' +
        'document, e.g. file("policy.json") after aws iam get-policy-version --query PolicyVersion.Document, or null for none.',
    ),
    {
      condition: `\${${base} == null ? true : try(!anytrue([for s in ${statementsOf} : ${isForeign("s")}]), true)}`,
      errorMessage: reservedSidMessage(
        input,
        `\${try(join(", ", [for s in ${statementsOf} : jsonencode(s.Sid) if ${isForeign("s")}]), "")}`,
      ),
      check(value) {
        const json = (value as Record<string, unknown> | undefined)?.base_policy_json;
        const foreign = typeof json === "string" ? foreignSidsWithOurPrefix(json) : [];
        return foreign.length ? reservedSidMessage(input, foreign.map((sid) => JSON.stringify(sid)).join(", ")) : undefined;
      },
    },
  ];
}
