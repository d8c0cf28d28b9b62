import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planMatrix, PLAN_ROLE_VARIABLE, PLAN_ROLES_VARIABLE } from "../tools/plan-review/cli/plan-matrix";

/**
 * `npm run plan:matrix`: the workflows' job per install, and the read-only plan role each assumes
 * by OIDC (never the install's own assume_role, its deploy role).
 */

const root = (installs?: Record<string, object | undefined>) => {
  const folder = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-matrix-"));
  if (installs) writeFileSync(join(folder, "installs.json"), JSON.stringify({ installs }));
  return folder;
};
const DEV = { partition: "aws", region: "us-east-1", account_id: "111111111111" };
const PROD = { partition: "aws", region: "eu-west-1", account_id: "333333333333", assume_role: { role_arn: "arn:aws:iam::333333333333:role/mlspace-ecr-access-deploy" } };
const BASE = "arn:aws:iam::111111111111:role/plan";
const PROD_PLAN = "arn:aws:iam::333333333333:role/plan";

describe("npm run plan:matrix", () => {
  it("is empty without an installs file: the workflow runs its single job", () => {
    expect(planMatrix({ [PLAN_ROLE_VARIABLE]: BASE }, root())).toEqual({ include: [] });
  });

  it.each([
    {
      name: "an install on the standard chain takes the default plan role; one with a role, its entry",
      installs: { dev: DEV, prod: PROD },
      env: { [PLAN_ROLE_VARIABLE]: BASE, [PLAN_ROLES_VARIABLE]: JSON.stringify({ prod: PROD_PLAN }) },
      expected: [
        { install: "dev", role_arn: BASE, region: "us-east-1" },
        { install: "prod", role_arn: PROD_PLAN, region: "eu-west-1" },
      ],
    },
    {
      name: "every install by its entry, no default needed",
      installs: { dev: DEV },
      env: { [PLAN_ROLES_VARIABLE]: JSON.stringify({ dev: "arn:aws:iam::111111111111:role/dev-plan" }) },
      expected: [{ install: "dev", role_arn: "arn:aws:iam::111111111111:role/dev-plan", region: "us-east-1" }],
    },
  ])("$name", ({ installs, env, expected }) => {
    expect(planMatrix(env, root(installs))).toEqual({ include: expected });
  });

  it.each([
    { name: "an install reached by its deploy role, with no plan role of its own", installs: { prod: PROD }, env: { [PLAN_ROLE_VARIABLE]: BASE }, message: "prod is reached by its role arn:aws:iam::333333333333:role/mlspace-ecr-access-deploy, which CI does not use" },
    { name: "no plan role at all", installs: { dev: DEV }, env: {}, message: `dev has no plan role: set ${PLAN_ROLE_VARIABLE}` },
    { name: "a plan role in another account", installs: { prod: PROD }, env: { [PLAN_ROLES_VARIABLE]: JSON.stringify({ prod: BASE }) }, message: "is a role of account 111111111111, but prod is in account 333333333333" },
    { name: "an entry for no install", installs: { dev: DEV }, env: { [PLAN_ROLE_VARIABLE]: BASE, [PLAN_ROLES_VARIABLE]: JSON.stringify({ staging: BASE }) }, message: "names staging, which" },
    { name: "a mapping that is not JSON", installs: { dev: DEV }, env: { [PLAN_ROLE_VARIABLE]: BASE, [PLAN_ROLES_VARIABLE]: "dev=arn" }, message: `${PLAN_ROLES_VARIABLE} is not a JSON object` },
    { name: "an entry that is not a role ARN", installs: { dev: DEV }, env: { [PLAN_ROLES_VARIABLE]: JSON.stringify({ dev: "plan" }) }, message: `${PLAN_ROLES_VARIABLE}.dev "plan" is not a role ARN` },
  ])("refuses $name, naming the install and the variable", ({ installs, env, message }) => {
    expect(() => planMatrix(env, root(installs))).toThrow(message);
  });
});
