import { dlcRegistryAccount } from "../../../modules/mlspace-ecr-access/base-images";
import { hasPlaceholder, PrincipalTagKeys } from "../../../modules/mlspace-ecr-access/placeholders";
import type { PolicyDocument } from "../../../modules/mlspace-ecr-access/policy-document";
import { buildAndPushCalls } from "../../workflow/build-and-push";
import { evaluateWorkflow, WorkflowResult } from "../../workflow/evaluate-workflow";
import { PlanJson, variableValue } from "./plan-json";
import type { PolicySet } from "./policy-changes";
import { EXAMPLE_PROJECT_USER, OTHER_PROJECT_USER, principalTags } from "./principals";
import { repositoryOwnershipOf } from "./repository-ownership";
import type { EnvironmentFound } from "./repository-rows";
import { sideDocument } from "./role-access";

/**
 * The custom-algorithm workflow of the example project-user role on the planned documents (its
 * Notebook policy under the boundary), call by call: what a user of a project does to build, push
 * and train on an image, and the same against another project's repository.
 */

export interface WorkflowReview {
  /** The write entry the workflow pushes to. */
  entry: string;
  results: WorkflowResult[];
  /** Why there is no answer (no write repository, documents known only after apply, the evaluator refused). */
  unavailable?: string;
  /** aws_base_images given, but the region has no known registry. */
  baseImagesWithoutRegistry: boolean;
}

const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

export async function workflowReview(plan: PlanJson, set: PolicySet, environment: EnvironmentFound, tagKeys: PrincipalTagKeys): Promise<WorkflowReview | undefined> {
  const writes = strings(variableValue(plan, "write_repositories"));
  const entry = writes.find(hasPlaceholder) ?? writes[0];
  if (entry === undefined) return undefined;
  const baseImages = strings(variableValue(plan, "aws_base_images"));
  const baseImageAccount = dlcRegistryAccount(environment.region);
  const review = { entry, results: [], baseImagesWithoutRegistry: baseImages.length > 0 && baseImageAccount === undefined };
  const [notebook, boundary] = [sideDocument(set.policies.notebook?.after), sideDocument(set.policies.boundary?.after)];
  if (notebook === undefined || boundary === undefined) return { ...review, unavailable: "the documents are known only after apply" };
  const calls = buildAndPushCalls({
    environment,
    tagKeys,
    own: EXAMPLE_PROJECT_USER,
    other: OTHER_PROJECT_USER,
    writeEntry: entry,
    tagOwnership: repositoryOwnershipOf(plan) === "tag",
    baseImages,
    baseImageAccount,
  });
  const identities = notebook ? [notebook] : ([] as PolicyDocument[]);
  try {
    const principal = { identityPolicies: identities, ...(boundary ? { permissionBoundary: boundary } : {}), accountId: environment.accountId, tags: principalTags(tagKeys, EXAMPLE_PROJECT_USER) };
    return { ...review, results: await evaluateWorkflow(calls, principal) };
  } catch (error) {
    return { ...review, unavailable: `the IAM policy evaluator refused the documents: ${(error as Error).message.split("\n")[0]}` };
  }
}
