import { eachEntry, hcl, InputRule, regexPredicate, whenGiven } from "./input-rule";
import { POLICY_ARN_PATTERN, POLICY_NAME_PATTERN, POLICY_PATH_PATTERN, ROLE_NAME_PATTERN } from "./naming-rules";
import { KNOWN_SIDS, OWNER_SUFFIXES, SID_PREFIX, STATEMENT_PARTS } from "./sids";

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
    .filter((sid) => sid.startsWith(SID_PREFIX) && !KNOWN_SIDS.includes(sid));
}

function reservedSidMessage(input: string, sids: string): string {
  return (
    `Invalid ${input}.base_policy_json: statement Sids ${sids} use the prefix "${SID_PREFIX}" that this project ` +
    `reserves for its own statements (${[...STATEMENT_PARTS, "Ceiling"].map((part) => `${SID_PREFIX}${part}`).join(", ")}, and their ` +
    `combinations such as ${SID_PREFIX}ReadWrite${OWNER_SUFFIXES[1]}). Rename those statements in the base document.`
  );
}

/** What an adopted policy's ARN says its path and name are ("/mlspace/name"). */
export function pathAndNameOf(arn: string): string | undefined {
  return new RegExp(POLICY_ARN_PATTERN).exec(arn)?.[1];
}

function adoptionMessage(input: string, arn: string, pathAndName: string, path: string, name: string): string {
  return (
    `Invalid ${input}.import_arn ${arn}: it names the policy ${pathAndName}, but ${input} has path ${path} and name ${name}. ` +
    `Adopting it under another name or path would replace it (delete, then create): set ${input}.path and ${input}.name to the adopted policy's.`
  );
}

/** An existing policy is adopted only under its own name and path, never replaced. */
function adoptionRules(input: string): InputRule[] {
  const arn = `var.${input}.import_arn`;
  const pathAndName = `regex(${hcl(POLICY_ARN_PATTERN)}, ${arn})[0]`;
  return [
    whenGiven(
      `${input}.import_arn`,
      regexPredicate(POLICY_ARN_PATTERN),
      (value) =>
        `Invalid ${input}.import_arn ${value}: a managed policy ARN is arn:<partition>:iam::<12-digit account>:policy/<path><name>, ` +
        'e.g. "arn:aws:iam::123456789012:policy/mlspace-app-policy". Copy it from aws iam list-policies or the console.',
    ),
    {
      condition: `\${${arn} == null ? true : try(${pathAndName} == "\${var.${input}.path}\${var.${input}.name}", true)}`,
      errorMessage: adoptionMessage(
        input,
        `\${jsonencode(${arn})}`,
        `\${try(jsonencode(${pathAndName}), "")}`,
        `\${jsonencode(var.${input}.path)}`,
        `\${jsonencode(var.${input}.name)}`,
      ),
      check(value) {
        const { import_arn: importArn, path, name } = value as Record<string, string | undefined>;
        const actual = importArn ? pathAndNameOf(importArn) : undefined;
        const expected = `${path ?? "/"}${name}`;
        return actual === undefined || name === undefined || actual === expected
          ? undefined
          : adoptionMessage(input, JSON.stringify(importArn), JSON.stringify(actual), JSON.stringify(path ?? "/"), JSON.stringify(name));
      },
    },
  ];
}

const attachWithBaseMessage = (input: string) =>
  `Invalid ${input}: with attach_to_roles, a separate policy holding only the ECR statements is created and attached, ` +
  "so base_policy_json must be null. Drop base_policy_json, or drop attach_to_roles to edit the policy itself.";

/** App and Notebook policies owned by someone else: a separate ECR policy attached to their roles. */
export function attachmentRules(input: string): InputRule[] {
  return [
    eachEntry(
      `${input}.attach_to_roles`,
      regexPredicate(ROLE_NAME_PATTERN),
      (bad) => `Invalid ${input}.attach_to_roles entry ${bad}: an IAM role name is 1-64 letters, digits and + = , . @ _ -. Give role names, not ARNs.`,
    ),
    {
      condition: `\${length(var.${input}.attach_to_roles) == 0 || var.${input}.base_policy_json == null}`,
      errorMessage: attachWithBaseMessage(input),
      check(value) {
        const { attach_to_roles: roles, base_policy_json: base } = value as { attach_to_roles?: string[]; base_policy_json?: string };
        return roles?.length && base ? attachWithBaseMessage(input) : undefined;
      },
    },
  ];
}

const projectUserRolesWithoutAttachMessage = (input: string) =>
  `Invalid ${input}: attach_to_project_user_roles attaches the separate ECR policy of attach mode, so it needs attach_to_roles ` +
  '(the notebook role, e.g. ["mlspace-notebook-role"]). Give attach_to_roles, or drop attach_to_project_user_roles: an edited Notebook policy reaches those roles already.';

/** Finding MLSpace's project-user roles at plan: only in attach mode, with a usable name filter. */
export function projectUserRoleRules(input: string): InputRule[] {
  return [
    {
      condition: `\${!var.${input}.attach_to_project_user_roles || length(var.${input}.attach_to_roles) > 0}`,
      errorMessage: projectUserRolesWithoutAttachMessage(input),
      check(value) {
        const { attach_to_project_user_roles: find, attach_to_roles: roles } = value as { attach_to_project_user_roles?: boolean; attach_to_roles?: string[] };
        return find && !roles?.length ? projectUserRolesWithoutAttachMessage(input) : undefined;
      },
    },
    whenGiven(
      `${input}.project_user_role_name_regex`,
      {
        terraform: (x) => `can(regexall(${x}, ""))`,
        typescript: (x) => {
          try {
            return new RegExp(x) !== undefined;
          } catch {
            return false;
          }
        },
      },
      (value) => `Invalid ${input}.project_user_role_name_regex ${value}: it is not a regular expression (RE2 syntax). Give one like "^MLSpace-", or null to read every role.`,
    ),
  ];
}

/** The rules of `app_policy`, `notebook_policy` and `permission_boundary`. */
export function policySettingsRules(input: string): InputRule[] {
  const base = `var.${input}.base_policy_json`;
  const statementsOf = `flatten([jsondecode(${base}).Statement])`;
  const sidOf = (s: string) => `try(tostring(${s}.Sid), "")`;
  const isForeign = (s: string) => `startswith(${sidOf(s)}, ${hcl(SID_PREFIX)}) && !contains(${hcl(KNOWN_SIDS)}, ${sidOf(s)})`;
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
    ...adoptionRules(input),
  ];
}
