import "cdktf/lib/testing/adapters/jest";
import type { PolicyDocument } from "../modules/mlspace-ecr-access/policy-document";
import { Block, COMMENT_LIMIT, fitBlocks } from "../tools/plan-review/render/comment-fit";
import { failureReport, MAX_ERROR_CHARACTERS } from "../tools/plan-review/render/failure-report";
import { cell, code, count } from "../tools/plan-review/render/markdown";
import type { PlanJson } from "../tools/plan-review/analysis/plan-json";
import { renderFullReview, renderReview, TITLE } from "../tools/plan-review/render/render-review";
import { reviewPlan } from "../tools/plan-review/analysis/review";

/** The Markdown: fitting a comment, saying what is left out, and the failure note. */

const openDetails = (markdown: string) => (markdown.match(/<details/g) ?? []).length - (markdown.match(/<\/details>/g) ?? []).length;

describe("fitting a pull-request comment", () => {
  const blocks: Block[] = [
    { text: "# essential head" },
    { text: "a".repeat(3000), expendable: { rank: 2, what: "the statement changes" } },
    { text: "b".repeat(3000), expendable: { rank: 1, what: "the old warnings" } },
    { text: "c".repeat(3000), expendable: { rank: 3, what: "the access table" } },
    { text: "essential tail" },
  ];

  it.each([
    { name: "everything fits", limit: 20_000, truncated: [] },
    { name: "the lowest rank goes first", limit: 7_500, truncated: ["the old warnings"] },
    { name: "then the next", limit: 4_500, truncated: ["the old warnings", "the statement changes"] },
    { name: "then all the expendable ones", limit: 1_500, truncated: ["the old warnings", "the statement changes", "the access table"] },
  ])("$name (limit $limit)", ({ limit, truncated }) => {
    // when
    const fitted = fitBlocks(blocks, limit, "The whole review is in the job summary.");
    // then
    expect(fitted.truncated).toEqual(truncated);
    expect(fitted.markdown.length).toBeLessThanOrEqual(limit);
    expect(fitted.markdown).toContain("# essential head");
    expect(fitted.markdown).toContain("essential tail");
    for (const what of truncated) expect(fitted.markdown).toContain(`> ✂️ **Truncated:** ${what} (3,000 characters) left out`);
    if (truncated.length) expect(fitted.markdown).toContain("The whole review is in the job summary.");
  });

  it("cuts even the essentials at a line when nothing else is left, closing open <details> and saying so", () => {
    const long: Block[] = [{ text: `<details><summary>x</summary>\n\n${"line of text\n".repeat(1000)}` }];
    const fitted = fitBlocks(long, 2_000);
    expect(fitted.markdown.length).toBeLessThanOrEqual(2_000);
    expect(fitted.truncated).toEqual(["the rest of this review"]);
    expect(fitted.markdown).toMatch(/> ✂️ \*\*Truncated:\*\* the rest of this review \([0-9,]+ characters\) left out/);
    expect(openDetails(fitted.markdown)).toBe(0);
  });
});

describe("a review over the limit", () => {
  let plan: PlanJson;
  beforeAll(() => {
    // given a plan of many repositories with long names, whose statement lists are long
    const names = Array.from({ length: 70 }, (_, i) => `team-${String(i).padStart(3, "0")}/a-long-repository-name-for-images-of-project-${i}`);
    const arns = names.map((name) => `arn:aws:ecr:us-east-1:123456789012:repository/${name}`);
    const read = (resources: string[]): PolicyDocument => ({
      Version: "2012-10-17",
      Statement: [{ Sid: "MlspaceEcrAccessRead", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: resources }],
    });
    const change = (key: string, before: PolicyDocument, after: PolicyDocument) => ({
      address: `aws_iam_policy.${key}`,
      mode: "managed",
      type: "aws_iam_policy",
      name: key,
      change: { actions: ["update"], before: { name: key, policy: JSON.stringify(before) }, after: { name: key, policy: JSON.stringify(after) }, after_unknown: {} },
    });
    plan = {
      format_version: "1.2",
      variables: { partition: { value: "aws" }, region: { value: "us-east-1" }, account_id: { value: "123456789012" }, read_repositories: { value: names.slice(35) } },
      resource_changes: [change("app", read(arns.slice(0, 35)), read(arns.slice(35))), change("notebook", read(arns.slice(0, 35)), read(arns.slice(35))), change("boundary", read(arns), read(arns))],
    } as unknown as PlanJson;
  });

  it("keeps the essentials and says what it leaves out, within the limit", async () => {
    // when rendered for a comment with a small limit
    const review = await reviewPlan(plan);
    const full = renderFullReview(review);
    const fitted = renderReview(review, { limit: 12_000, whereFull: "See the job summary." });
    // then
    expect(full.length).toBeGreaterThan(12_000);
    expect(fitted.markdown.length).toBeLessThanOrEqual(12_000);
    expect(fitted.truncated.length).toBeGreaterThan(0);
    expect(fitted.markdown).toContain(TITLE);
    expect(fitted.markdown).toContain("### Who gains or loses what in ECR");
    expect(fitted.markdown).toContain("### What to look at first");
    expect(fitted.markdown).toContain("**gains** `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on `team-035/a-long-repository-name-for-images-of-project-35`, ");
    expect(fitted.markdown).toContain("… and 25 more repositories not shown");
    expect(fitted.markdown).toContain("✂️ **Truncated:**");
    expect(fitted.markdown).toContain("See the job summary.");
    expect(openDetails(fitted.markdown)).toBe(0);
    expect(renderReview(review).truncated).toEqual([]);
    expect(COMMENT_LIMIT).toBe(65_535);
  });

  it("shows at most 60 repositories in a table, and counts the others", async () => {
    const full = renderFullReview(await reviewPlan(plan));
    expect(full).toContain("… 11 more repositories not shown");
  });
});

describe("the note when there is no plan", () => {
  it("shows Terraform's output whole in a fence nothing in it can close", () => {
    const output = "Error: bad\n```\nnot the end\n````";
    const note = failureReport("terraform plan", 1, output);
    expect(note).toContain("🛑 **terraform plan failed** (exit code 1)");
    expect(note).toContain("`````text\nError: bad\n```\nnot the end\n````\n`````");
  });

  it("cuts very long output and says so", () => {
    const note = failureReport("terraform init", 1, "x".repeat(MAX_ERROR_CHARACTERS + 10));
    expect(note.length).toBeLessThan(COMMENT_LIMIT);
    expect(note).toContain(`the first ${count(MAX_ERROR_CHARACTERS)} of ${count(MAX_ERROR_CHARACTERS + 10)} characters are shown`);
  });
});

describe("Markdown pieces", () => {
  it.each([
    ["a", "`a`"],
    ["a`b", "``a`b``"],
    ["`a", "`` `a ``"],
  ])("code(%j) is %j", (text, expected) => {
    expect(code(text)).toBe(expected);
  });

  it("keeps table cells in their cell", () => {
    expect(cell("a|b\nc")).toBe("a\\|b<br>c");
  });
});
