import { writeFileSync } from "node:fs";
import { join } from "node:path";
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

/** The module README's way out for HCL callers, after an apply with the access inputs empty. */
const REMOVED_BLOCKS = `
removed {
  from = module.ecr.aws_iam_policy.notebook
  lifecycle { destroy = false }
}

removed {
  from = module.ecr.terraform_data.adopted_policy_guard
  lifecycle { destroy = false }
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

  it("from HCL too, a destroy stops at the adopted policy; emptied access and removed blocks give it back and forget it", async () => {
    // given the adoption applied
    const variables = `-var=notebook_arn=${arn}`;
    await started.root.run(["apply", "-auto-approve", "-input=false", variables]);
    const applied = started.endpoint.policies();
    // when a destroy is asked
    const destroy = await started.root.run(["destroy", "-auto-approve", "-input=false", variables], [1]);
    // then it stops before anything is applied, naming the policy and the way out
    expect(foldWhitespace(destroy.stderr)).toContain(`${arn} is MLSpace's, adopted: never destroyed; to take this project out, run npm run release`);
    expect(started.endpoint.policies()).toEqual(applied);

    // when the module README's way out: the access emptied and applied to the adopted policy, then the module replaced by removed blocks
    writeFileSync(join(started.root.directory, "main.tf"), ROOT_MODULE.replace('read_repositories = ["shared/*"]', "read_repositories = []"));
    await started.root.run(["apply", "-auto-approve", "-input=false", "-target=module.ecr.aws_iam_policy.notebook", variables]);
    writeFileSync(join(started.root.directory, "main.tf"), `${ENDPOINT_PROVIDER_BLOCK}\n${REMOVED_BLOCKS}`);
    const forget = await started.root.run(["apply", "-auto-approve", "-input=false"]);
    // then MLSpace's document is back, the policy stays, the two the module created are gone, and the state holds nothing
    expect(forget.stdout).toMatch(/0 added, 0 changed, 2 destroyed/);
    const [policy] = started.endpoint.policies();
    expect(started.endpoint.policies()).toHaveLength(1);
    expect(JSON.parse(policy.document)).toEqual(JSON.parse(LIVE));
    expect(started.endpoint.calls().filter((call) => call.action === "DeletePolicy" && call.params.PolicyArn === arn)).toEqual([]);
    expect((await started.root.state()).values?.root_module?.child_modules ?? []).toEqual([]);
  });
});
