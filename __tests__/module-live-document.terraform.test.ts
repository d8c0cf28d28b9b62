import { keptBaseStatements, statementList } from "../modules/mlspace-ecr-access";
import { previousReleasePolicy } from "../tools/mlspace-policies";
import { fixture } from "./support/fixtures";
import { foldWhitespace } from "./support/bad-inputs";
import { MODULE_DIRECTORY } from "./support/hcl-root";
import { ENDPOINT_PROVIDER_BLOCK, EndpointRoot, startEndpointRoot } from "./support/iam-endpoint/terraform-root";

/**
 * The generated module follows an adopted policy's live document from HCL too: the caller's own
 * import block and import_arn, no base_policy_json; a pin older than IAM's document stops the plan.
 */

const ROOT_MODULE = `${ENDPOINT_PROVIDER_BLOCK}
variable "notebook_arn" { type = string }
variable "notebook_pin" {
  type    = string
  default = null
}

module "ecr" {
  source            = "${MODULE_DIRECTORY}"
  read_repositories = ["shared/*"]
  notebook_policy   = { import_arn = var.notebook_arn, base_policy_json = var.notebook_pin }
}

import {
  to = module.ecr.aws_iam_policy.notebook
  id = var.notebook_arn
}
`;

/** MLSpace v1.6.10's notebook policy is live; v1.6.8's is the stale pin (one statement differs). */
const LIVE = fixture("notebook-policy");
const STALE = previousReleasePolicy("notebook-policy");

describe("the module's live document, from HCL", () => {
  let started: EndpointRoot;
  let arn: string;
  beforeAll(async () => {
    started = await startEndpointRoot(ROOT_MODULE);
    arn = started.endpoint.seedPolicy("mlspace-notebook-policy", LIVE).arn;
  });
  afterAll(() => started?.stop());

  it("imports the policy and writes the ECR statements on the document IAM holds", async () => {
    // given the policy in IAM; when
    const { json: plan } = await started.root.planJson({ notebook_arn: arn });
    // then
    const change = plan.resource_changes.find((c: { address: string }) => c.address === "module.ecr.aws_iam_policy.notebook").change;
    expect(change.importing).toEqual({ id: arn });
    expect(change.actions).toEqual(["update"]);
    expect(keptBaseStatements(JSON.parse(change.after.policy))).toEqual(statementList(JSON.parse(LIVE)));
  });

  it("stops a plan whose pin would drop what IAM holds, naming the input and the statement", async () => {
    // given a pin of the older release; when
    const result = await started.root.run(["plan", "-input=false", `-var=notebook_arn=${arn}`, `-var=notebook_pin=${STALE}`], [1]);
    // then
    expect(foldWhitespace(result.stderr)).toContain("this plan would drop from it what IAM holds now and this project did not write: statement 4 (actions translate:List*)");
  });
});
