/**
 * `npm run --silent plan:matrix`: the GitHub Actions matrix of the installs file, one job per
 * install, as JSON on one line: {"include":[{"install":"dev","role_arn":"arn:…","region":"us-east-1"}]},
 * or {"include":[]} without an installs file (the workflow then runs its single job).
 *
 * `role_arn` is the read-only plan role the install's job assumes by OIDC: the install's entry in
 * MLSPACE_ECR_ACCESS_PLAN_ROLE_ARNS (a JSON object, install name → role ARN, a repository
 * variable), else MLSPACE_ECR_ACCESS_PLAN_ROLE_ARN. The job plans with that role alone
 * (`npm run plan -- --job-credentials`), never with the install's `assume_role`, which is its
 * deploy role: pull-request code must not reach apply rights. An install that names a profile or
 * a role is reached some other way than the default plan role's account, so it needs its entry.
 */
import { readInstalls } from "../../../stacks/installs/installs-file";
import { ROLE_ARN_PATTERN } from "../../../stacks/installs/install-fields";
import { PROJECT_ROOT } from "../../project-root";

export const PLAN_ROLE_VARIABLE = "MLSPACE_ECR_ACCESS_PLAN_ROLE_ARN";
export const PLAN_ROLES_VARIABLE = "MLSPACE_ECR_ACCESS_PLAN_ROLE_ARNS";

export interface MatrixJob {
  install: string;
  role_arn: string;
  /** The install's region when it sets one, for the credentials step. */
  region?: string;
}

/** The matrix, or every problem at once (each naming the install and the variable to set). */
export function planMatrix(env: Record<string, string | undefined>, root: string): { include: MatrixJob[] } {
  const read = readInstalls(env, root);
  if (!read) return { include: [] };
  const problems: string[] = [];
  let roles: Record<string, unknown> = {};
  if (env[PLAN_ROLES_VARIABLE]) {
    try {
      roles = JSON.parse(env[PLAN_ROLES_VARIABLE]!);
      if (typeof roles !== "object" || roles === null || Array.isArray(roles)) throw new Error("not an object");
    } catch (error) {
      problems.push(`${PLAN_ROLES_VARIABLE} is not a JSON object (${(error as Error).message}): give {"<install>": "arn:aws:iam::<account>:role/<plan role>", …}.`);
      roles = {};
    }
  }
  const names = read.installs.map((install) => install.name);
  for (const name of Object.keys(roles).filter((key) => !names.includes(key))) problems.push(`${PLAN_ROLES_VARIABLE} names ${name}, which ${read.file} does not have (its installs are ${names.join(", ")}).`);
  const fallback = env[PLAN_ROLE_VARIABLE] || undefined;
  const include = read.installs.map((install): MatrixJob => {
    const own = roles[install.name];
    const accountId = install.inputs.accountId;
    if (own !== undefined && (typeof own !== "string" || !new RegExp(ROLE_ARN_PATTERN).test(own))) {
      problems.push(`${PLAN_ROLES_VARIABLE}.${install.name} ${JSON.stringify(own)} is not a role ARN: give arn:<partition>:iam::<12-digit account>:role/<name>.`);
    } else if (typeof own === "string" && typeof accountId === "string" && own.split(":")[4] !== accountId) {
      problems.push(`${PLAN_ROLES_VARIABLE}.${install.name} is a role of account ${own.split(":")[4]}, but ${install.name} is in account ${accountId}: give its plan role in its own account.`);
    } else if (own === undefined && (install.access.profile || install.access.assumeRole)) {
      problems.push(
        `${install.name} is reached by its ${install.access.profile ? `profile ${install.access.profile}` : `role ${install.access.assumeRole!.roleArn}`}, which CI does not use: give its read-only plan role in ${PLAN_ROLES_VARIABLE} ({"${install.name}": "arn:…"}).`,
      );
    } else if (own === undefined && !fallback) {
      problems.push(`${install.name} has no plan role: set ${PLAN_ROLE_VARIABLE}, or its entry in ${PLAN_ROLES_VARIABLE}.`);
    }
    const region = typeof install.inputs.region === "string" ? install.inputs.region : undefined;
    return { install: install.name, role_arn: typeof own === "string" ? own : (fallback ?? ""), ...(region ? { region } : {}) };
  });
  if (problems.length) throw new Error(`${read.file}: no matrix, ${problems.length} problem(s):\n- ${problems.join("\n- ")}`);
  return { include };
}

if (require.main === module) {
  try {
    console.log(JSON.stringify(planMatrix(process.env, PROJECT_ROOT)));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
