import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { MlspaceEcrAccess, MlspaceEcrAccessInputs } from "../modules/mlspace-ecr-access";
import { adoptExistingPolicies } from "./adoption";
import type { InstallAccess } from "./installs/installs-file";
import { StateBackend, useStateBackend } from "./state-backend";

export interface MlspaceEcrAccessStackProps {
  readonly inputs?: MlspaceEcrAccessInputs;
  readonly stateBackend?: StateBackend;
  /** A profile or a role to assume; none: the standard credential chain. */
  readonly access?: InstallAccess;
}

/**
 * The deployable stack: the construct, an AWS provider on the standard credential chain (nothing
 * of credentials or endpoints is synthesized; `AWS_ENDPOINT_URL_IAM`/`_STS` still apply), and state.
 */
export class MlspaceEcrAccessStack extends TerraformStack {
  readonly access: MlspaceEcrAccess;

  constructor(scope: Construct, id: string, props: MlspaceEcrAccessStackProps = {}) {
    super(scope, id);
    const { profile, assumeRole } = props.access ?? {};
    // The repositories' region, when given, is also the provider's; null leaves it to AWS_REGION.
    new AwsProvider(this, "aws", {
      region: "${var.region}",
      profile,
      assumeRole: assumeRole ? [{ roleArn: assumeRole.roleArn, externalId: assumeRole.externalId, sessionName: assumeRole.sessionName }] : undefined,
    });
    useStateBackend(this, props.stateBackend ?? { type: "local" });
    this.access = new MlspaceEcrAccess(this, "access", props.inputs);
    adoptExistingPolicies(this);
  }
}
