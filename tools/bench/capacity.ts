/**
 * Capacity of MLSpace's real policies, commercial and GovCloud, with the README's recommended setup
 * (tag ownership, the Notebook ECR policy in attach mode):
 * the characters each policy has left, how many listed repositories would still fit in it, and the
 * cost of the `{project}` entry for 1 and for 10,000 projects. From the TypeScript core, which the
 * Terraform tests prove renders what Terraform plans.
 */
import { INPUTS, MANAGED_POLICY_SIZE_LIMIT, POLICY_KEYS, PolicyKey, renderPolicies } from "../../modules/mlspace-ecr-access";
import { installEnvironment, RECOMMENDED_ACCESS, recommendedInstall } from "../mlspace-installs";
import { MLSPACE_INSTALLS, mlspacePolicy, MlspaceInstall } from "../mlspace-policies";
import { repositoryNames } from "./repositories";

const defaults = Object.fromEntries(INPUTS.map((input) => [input.name, input.default]));
const BASE_NAMES: Record<PolicyKey, "app-policy" | "notebook-policy" | "permission-boundary"> = { app: "app-policy", notebook: "notebook-policy", boundary: "permission-boundary" };

function sizes(install: MlspaceInstall, variables: Record<string, unknown>): Record<PolicyKey, number> {
  const { partition, region, accountId } = MLSPACE_INSTALLS[install];
  const policies = renderPolicies({ ...defaults, ...variables }, { partition, region, accountId });
  return { app: policies.app.size, notebook: policies.notebook.size, boundary: policies.boundary.size };
}

/** The most listed read repositories (names like mlspace-team-0001/trainer) that still fit beside the setup, up to `cap`. */
function listedThatFit(install: MlspaceInstall, key: PolicyKey, cap = 2000): number | "any" {
  const withListed = (n: number) => {
    const variables = recommendedInstall(install);
    return sizes(install, { ...variables, read_repositories: [...(variables.read_repositories as string[]), ...repositoryNames(n)] })[key];
  };
  if (withListed(cap) <= MANAGED_POLICY_SIZE_LIMIT) return withListed(cap) === withListed(0) ? "any" : cap;
  let [low, high] = [0, cap];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (withListed(middle) <= MANAGED_POLICY_SIZE_LIMIT) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The Notebook policy's size with per-project write access: one `{project}` entry, or each project's prefix listed. */
function projectCost(install: MlspaceInstall, projects: number) {
  const variables = { ...installEnvironment(install), write_actions: RECOMMENDED_ACCESS.write_actions };
  const listed = Array.from({ length: projects }, (_, i) => `projects/project${i + 1}/*`);
  return {
    placeholder: sizes(install, { ...variables, write_repositories: ["projects/{project}/*"] }).notebook,
    listed: sizes(install, { ...variables, write_repositories: listed }).notebook,
  };
}

export function capacityReport(): void {
  console.log("\nCapacity with the recommended setup (README), MLSpace's default documents as bases");
  console.log("  install     policy     MLSpace's  with setup  left   listed repositories that still fit");
  for (const install of ["commercial", "govcloud"] as MlspaceInstall[]) {
    const after = sizes(install, recommendedInstall(install));
    for (const key of POLICY_KEYS) {
      const before = mlspacePolicy(BASE_NAMES[key], install).replace(/\s/g, "").length;
      const fit = listedThatFit(install, key);
      const mode = key === "notebook" ? " (attach mode: a policy of its own)" : "";
      console.log(
        `  ${install.padEnd(11)} ${key.padEnd(10)} ${String(before).padStart(9)}  ${String(after[key]).padStart(10)}  ${String(MANAGED_POLICY_SIZE_LIMIT - after[key]).padStart(4)}   ${fit === "any" ? "any number (the boundary's ceiling lists none)" : fit}${mode}`,
      );
    }
  }
  console.log("\nPer-project write access in the Notebook policy (no base): one {project} entry, or each project's prefix listed");
  console.log("  projects   {project} entry   listed prefixes");
  for (const projects of [1, 100, 10000]) {
    const cost = projectCost("commercial", projects);
    console.log(`  ${String(projects).padEnd(10)} ${`${cost.placeholder} chars`.padEnd(17)} ${cost.listed} chars${cost.listed > MANAGED_POLICY_SIZE_LIMIT ? " (over IAM's 6,144)" : ""}`);
  }
}

if (require.main === module) capacityReport();
