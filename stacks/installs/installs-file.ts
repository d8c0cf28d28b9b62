import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { consistencyProblems } from "../../modules/mlspace-ecr-access/input-consistency";
import { INPUTS, POLICIES } from "../../modules/mlspace-ecr-access/inputs";
import { inputProblems, literalInputs, MlspaceEcrAccessInputs, terraformValues } from "../../modules/mlspace-ecr-access/literal-inputs";
import { StateBackend } from "../state-backend";
import { duplicateKeys } from "./duplicate-keys";
import { BASE_POLICY_FILE, EXTERNAL_ID_PATTERN, INSTALL_FIELDS, INSTALL_NAME_PATTERN, ROLE_ARN_PATTERN } from "./install-fields";
import { isObject, typeProblems, unknownFieldMessage } from "./terraform-types";

/**
 * An installs file (installs.json beside cdktf.json, or MLSPACE_ECR_ACCESS_INSTALLS): one stack per
 * MLSpace install, each field named as the stack's Terraform variable it sets, plus how to reach the
 * account and where the state lives. Installs inherit `defaults` field by field. Every problem is
 * found before anything is synthesized, each naming the install and the field.
 */

export const INSTALLS_FILE_VARIABLE = "MLSPACE_ECR_ACCESS_INSTALLS";
export const DEFAULT_INSTALLS_FILE = "installs.json";

/** The provider's way into the install's account. */
export interface InstallAccess {
  profile?: string;
  assumeRole?: { roleArn: string; externalId?: string; sessionName?: string };
}

export interface Install {
  name: string;
  /** The install's values, the defaults of its stack's Terraform variables. */
  inputs: MlspaceEcrAccessInputs;
  access: InstallAccess;
  state: StateBackend;
}

export class InstallsFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length} problem(s), nothing was synthesized:\n- ${problems.join("\n- ")}`);
    this.name = "InstallsFileError";
  }
}

const TOP_LEVEL = ["$schema", "defaults", "installs"];
const KNOWN_FIELDS = INSTALL_FIELDS.map((field) => field.name);

/** Where the installs file is: the variable's path (relative to the project), else installs.json there if it exists. */
export function installsFilePath(environment: Record<string, string | undefined>, projectRoot: string): string | undefined {
  const given = environment[INSTALLS_FILE_VARIABLE];
  if (given) {
    const path = isAbsolute(given) ? given : join(projectRoot, given);
    if (!existsSync(path)) throw new InstallsFileError(given, [`${INSTALLS_FILE_VARIABLE} names a file that does not exist: give the path of the installs file, or unset it.`]);
    return path;
  }
  const path = join(projectRoot, DEFAULT_INSTALLS_FILE);
  return existsSync(path) ? path : undefined;
}

/** The installs file and its installs, or undefined without one (the single stack of before). Throws InstallsFileError. */
export function readInstalls(environment: Record<string, string | undefined>, projectRoot: string): { file: string; installs: Install[] } | undefined {
  const file = installsFilePath(environment, projectRoot);
  return file === undefined ? undefined : { file, installs: parseInstalls(readText(file, file, INSTALLS_FILE_VARIABLE), file) };
}

/** An editor's UTF-8 byte-order mark is not part of the JSON. */
const withoutByteOrderMark = (text: string) => text.replace(/^\uFEFF/, "");

/** A file's text; a directory or an unreadable file is an InstallsFileError naming `what` and the path. */
function readText(path: string, file: string, what: string): string {
  try {
    return withoutByteOrderMark(readFileSync(path, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EISDIR" ? "is a directory" : code === "EACCES" ? "cannot be read (permission denied)" : `cannot be read (${code ?? (error as Error).message})`;
    throw new InstallsFileError(file, [`${what} ${JSON.stringify(path)} ${why}: give the path of a JSON file this user can read.`]);
  }
}

export function parseInstalls(text: string, file: string): Install[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InstallsFileError(file, [`it is not JSON (${(error as Error).message}). Fix the syntax; installs.schema.json lets an editor check it as you type.`]);
  }
  const problems = duplicateKeys(text).map((path) => `${path} is given twice: each install, and each field, once.`);
  if (!isObject(document) || !isObject(document.installs) || Object.keys(document.installs).length === 0) {
    throw new InstallsFileError(file, [...problems, 'it needs "installs", an object with one entry per install: {"defaults": {…}, "installs": {"dev": {…}}}.']);
  }
  problems.push(...Object.keys(document).filter((key) => !TOP_LEVEL.includes(key)).map((key) => unknownFieldMessage(key, key, TOP_LEVEL)));
  const defaults = document.defaults ?? {};
  if (!isObject(defaults)) problems.push("defaults must be an object of install fields.");
  else problems.push(...fieldProblems(defaults, "defaults"));
  const installs = Object.entries(document.installs).map(([name, fields]) => {
    if (!new RegExp(INSTALL_NAME_PATTERN).test(name)) {
      problems.push(`installs.${name}: an install name is its stack's name: 1-64 letters, digits, "-" and "_", starting with a letter or digit.`);
    }
    if (!isObject(fields)) {
      problems.push(`installs.${name} must be an object of install fields.`);
      return undefined;
    }
    problems.push(...fieldProblems(fields, `installs.${name}`));
    return { name, fields: { ...(isObject(defaults) ? defaults : {}), ...fields } };
  });
  if (problems.length) throw new InstallsFileError(file, problems);
  const resolved = installs.map((install) => resolve(install!.name, withBaseFiles(install!.name, install!.fields, dirname(file), problems), problems));
  problems.push(...sharedStateProblems(resolved));
  if (problems.length) throw new InstallsFileError(file, problems);
  return resolved;
}

/** Unknown fields and wrong types, where they are written (an install's own, or the defaults). */
function fieldProblems(fields: Record<string, unknown>, path: string): string[] {
  return Object.entries(fields).flatMap(([name, value]) => {
    const field = INSTALL_FIELDS.find((candidate) => candidate.name === name);
    return field ? typeProblems(value, field.type, `${path}.${name}`) : [unknownFieldMessage(`${path}.${name}`, name, KNOWN_FIELDS)];
  });
}

/** The policies' `base_policy_file`s read into their `base_policy_json`. */
function withBaseFiles(name: string, fields: Record<string, unknown>, folder: string, problems: string[]): Record<string, unknown> {
  const read = Object.values(POLICIES).map(({ input }) => {
    const settings = fields[input] as Record<string, unknown> | null | undefined;
    const file = settings?.[BASE_POLICY_FILE];
    if (typeof file !== "string") return [input, settings];
    const path = isAbsolute(file) ? file : join(folder, file);
    const where = `installs.${name}.${input}`;
    const { [BASE_POLICY_FILE]: _file, ...rest } = settings!;
    if (settings!.base_policy_json != null) problems.push(`${where}: give base_policy_json or ${BASE_POLICY_FILE}, not both.`);
    else if (!existsSync(path)) problems.push(`${where}.${BASE_POLICY_FILE} ${JSON.stringify(file)} does not exist: give a path relative to the installs file.`);
    else {
      try {
        return [input, { ...rest, base_policy_json: readText(path, "", `${where}.${BASE_POLICY_FILE}`) }];
      } catch (error) {
        problems.push(...(error as InstallsFileError).problems);
      }
    }
    return [input, rest];
  });
  return { ...fields, ...Object.fromEntries(read) };
}

/** An install with the defaults applied, checked by the module's own input rules. */
function resolve(name: string, fields: Record<string, unknown>, problems: string[]): Install {
  const variables = Object.fromEntries(INPUTS.filter((input) => fields[input.name] !== undefined && fields[input.name] !== null).map((input) => [input.name, fields[input.name]]));
  const inputs = literalInputs(variables);
  const values = terraformValues(inputs);
  // As the construct does: inputs checked together only once each is valid on its own.
  const own = inputProblems(values);
  const found = [...own, ...(own.length ? [] : consistencyProblems(values)), ...accessProblems(fields), ...stateProblems(fields)];
  problems.push(...found.map((problem) => `installs.${name}: ${problem}`));
  return { name, inputs, access: accessOf(fields), state: stateOf(name, fields) };
}

function accessProblems(fields: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (fields.profile !== undefined && fields.profile !== null && !/^[\w.+@-]{1,128}$/.test(String(fields.profile))) {
    problems.push(`Invalid profile ${JSON.stringify(fields.profile)}: give the name of a profile in your AWS config (letters, digits, . _ - + @).`);
  }
  const role = fields.assume_role as { role_arn?: string; external_id?: string } | null | undefined;
  if (role?.role_arn && !new RegExp(ROLE_ARN_PATTERN).test(role.role_arn)) {
    problems.push(`Invalid assume_role.role_arn ${JSON.stringify(role.role_arn)}: give a role ARN, arn:<partition>:iam::<12-digit account>:role/<name>.`);
  }
  if (role?.external_id && !new RegExp(EXTERNAL_ID_PATTERN).test(role.external_id)) {
    problems.push(`Invalid assume_role.external_id: STS takes 2-1224 letters, digits and + = , . @ : / - _. Give the one the role's trust policy asks for.`);
  }
  return problems;
}

function accessOf(fields: Record<string, unknown>): InstallAccess {
  const role = fields.assume_role as { role_arn: string; external_id?: string; session_name?: string } | null | undefined;
  return {
    ...(typeof fields.profile === "string" ? { profile: fields.profile } : {}),
    ...(role ? { assumeRole: { roleArn: role.role_arn, externalId: role.external_id ?? undefined, sessionName: role.session_name ?? undefined } } : {}),
  };
}

type StateFields = { backend?: string; bucket?: string; region?: string; key?: string; kms_key_id?: string };

function stateProblems(fields: Record<string, unknown>): string[] {
  const state = (fields.state ?? { backend: "local" }) as StateFields;
  if (state.backend === "local") {
    const extra = ["bucket", "region", "key", "kms_key_id"].filter((key) => state[key as keyof StateFields] != null);
    return extra.length ? [`Invalid state: ${extra.join(", ")} belong to the "s3" backend; with "local" the state is terraform.<install>.tfstate at the project's top.`] : [];
  }
  if (state.backend !== "s3") return [`Invalid state.backend ${JSON.stringify(state.backend)}: use "local" (the default) or "s3".`];
  const missing = ["bucket", "region"].filter((key) => !state[key as keyof StateFields]);
  return missing.length ? [`Invalid state: the "s3" backend needs ${missing.join(" and ")}: the state bucket's name and its region.`] : [];
}

function stateOf(name: string, fields: Record<string, unknown>): StateBackend {
  const state = (fields.state ?? { backend: "local" }) as StateFields;
  if (state.backend !== "s3") return { type: "local" };
  return { type: "s3", bucket: state.bucket!, region: state.region!, key: state.key ?? `mlspace-ecr-access/${name}/terraform.tfstate`, kmsKeyId: state.kms_key_id ?? undefined };
}

/** Two installs writing one state would overwrite each other's resources. */
function sharedStateProblems(installs: Install[]): string[] {
  const where = (install: Install) => (install.state.type === "s3" ? `s3://${install.state.bucket}/${install.state.key}` : `local:${install.name}`);
  const byLocation = new Map<string, string[]>();
  for (const install of installs) byLocation.set(where(install), [...(byLocation.get(where(install)) ?? []), install.name]);
  return [...byLocation.entries()]
    .filter(([, names]) => names.length > 1)
    .map(([location, names]) => `installs ${names.join(" and ")} share the state ${location}: give each its own state.key, or each would overwrite the other's policies.`);
}
