import { renderPolicies } from "../modules/mlspace-ecr-access/documents";
import { terraformValues, literalInputs } from "../modules/mlspace-ecr-access/literal-inputs";
import { reviewPlan } from "../tools/plan-review/analysis/review";
import { renderFullReview } from "../tools/plan-review/render/render-review";
import { RECOMMENDED_ACCESS } from "../tools/mlspace-installs";
import { planOf } from "./support/hand-written-plan";

/**
 * The review's custom-algorithm workflow section on hand-written plans of the module's own
 * documents: one row per call, ✔ where the evaluator decides it as the step needs, and the
 * statements that decide it.
 */

const environment = { partition: "aws", region: "us-east-1", accountId: "123456789012" };
const variables = (access: Record<string, unknown>) => ({ ...access, partition: "aws", region: "us-east-1", account_id: "123456789012" });

async function reviewOf(access: Record<string, unknown>) {
  const policies = renderPolicies(terraformValues(literalInputs(access)), environment);
  const plan = planOf({ notebook: { before: null, after: policies.notebook.document }, boundary: { before: null, after: policies.boundary.document } }, variables(access));
  return reviewPlan(plan);
}

describe("the review's custom-algorithm workflow", () => {
  it("in the recommended setup: every step decided as the workflow needs, each with its statement", async () => {
    // given; when
    const review = await reviewOf(RECOMMENDED_ACCESS);
    const markdown = renderFullReview(review);
    // then
    const workflow = review.sets[0].workflow!;
    expect(workflow.results.filter((result) => !result.ok)).toEqual([]);
    expect(workflow.results.map((result) => result.step)).toEqual(expect.arrayContaining(["ECR login", "Pull FROM AWS's pytorch-training", "Describe own repository", "Push to own repository", "Tag another's repository as own"]));
    expect(markdown).toContain("### The custom-algorithm workflow");
    expect(markdown).toMatch(/\| ✔ \| Create own repository \(tags authorized as TagResource\) \| `ecr:TagResource` \| .* \| identity: MlspaceEcrAccessCreateByProject; boundary: MlspaceEcrAccessCreateByProject \|/);
    expect(markdown).toContain(`All ${workflow.results.length} calls are decided as the workflow needs.`);
    expect(markdown).toContain("claimed by whoever tags it first");
  });

  it("without describe_actions and aws_base_images: those rows are ✘ and the section says how many", async () => {
    // given
    const { describe_actions: _d, aws_base_images: _b, ...before } = RECOMMENDED_ACCESS as Record<string, unknown>;
    // when
    const review = await reviewOf(before);
    const markdown = renderFullReview(review);
    // then
    const failing = review.sets[0].workflow!.results.filter((result) => !result.ok).map((result) => `${result.step} ${result.action}`);
    expect(failing).toEqual(["Describe own repository ecr:DescribeRepositories", "List own images ecr:ListImages", "List own images ecr:DescribeImages"]);
    expect(markdown).toMatch(/\| ✘ \| Describe own repository \| `ecr:DescribeRepositories` \| .* \| refused \(must be allowed\) \| no identity policy allows it; the boundary does not allow it \|/);
    expect(markdown).toContain(`**3 of ${review.sets[0].workflow!.results.length} calls are not decided as the workflow needs.**`);
  });
});
