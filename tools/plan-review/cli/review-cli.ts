/**
 * `npm run review -- path/to/plan.json`: the Markdown review of a plan's JSON (`terraform show -json`),
 * made anywhere, with no Terraform and no AWS. Prints it, or writes it with --out.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parsePlanJson } from "../analysis/plan-json";
import { renderFullReview, renderReview } from "../render/render-review";
import { reviewPlan } from "../analysis/review";

export const REVIEW_USAGE = `Usage: npm run --silent review -- PLAN_JSON [--out FILE] [--full]

Reviews what a Terraform plan changes in MLSpace's three IAM policies. PLAN_JSON is the output of
terraform show -json PLANFILE (use - for standard input).

  --out FILE  write the Markdown to FILE instead of standard output
  --full      leave nothing out (by default the review fits a pull-request comment, 65,535 characters,
              and says what it leaves out)`;

export async function reviewCli(args: string[], readStdin: () => string = () => readFileSync(0, "utf8")): Promise<{ code: number; stdout: string; stderr: string }> {
  let values: { out?: string; full?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { out: { type: "string" }, full: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
    }));
  } catch (error) {
    return { code: 2, stdout: "", stderr: `${(error as Error).message}\n\n${REVIEW_USAGE}\n` };
  }
  if (values.help) return { code: 0, stdout: `${REVIEW_USAGE}\n`, stderr: "" };
  if (positionals.length !== 1) return { code: 2, stdout: "", stderr: `Give exactly one plan JSON file (got ${positionals.length}).\n\n${REVIEW_USAGE}\n` };
  const [source] = positionals;
  try {
    let bytes: Buffer;
    try {
      bytes = source === "-" ? Buffer.from(readStdin(), "utf8") : readFileSync(source);
    } catch (error) {
      throw new Error(`Cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Give the path of the file terraform show -json wrote.`);
    }
    // A binary plan is a zip ("PK"): parsePlanJson says how to turn it into JSON.
    const text = bytes.subarray(0, 2).toString("latin1") === "PK" ? "PK" : bytes.toString("utf8");
    const review = await reviewPlan(parsePlanJson(text, source === "-" ? "standard input" : source));
    const markdown = values.full ? renderFullReview(review) : renderReview(review).markdown;
    if (values.out) {
      writeFileSync(values.out, markdown);
      return { code: 0, stdout: "", stderr: `Review written to ${values.out}\n` };
    }
    return { code: 0, stdout: markdown, stderr: "" };
  } catch (error) {
    return { code: 1, stdout: "", stderr: `${(error as Error).message}\n` };
  }
}

if (require.main === module) {
  reviewCli(process.argv.slice(2)).then(({ code, stdout, stderr }) => {
    process.stdout.write(stdout);
    process.stderr.write(stderr);
    process.exitCode = code;
  });
}
