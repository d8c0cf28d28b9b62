import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AsyncTerraformRoot } from "../terraform-async";
import { IamEndpoint, IamEndpointOptions, startIamEndpoint } from "./server";

/** The provider as the endpoint's tests configure it: pinned, and sent to the endpoint by the environment alone. */
export const ENDPOINT_PROVIDER_BLOCK = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

# No endpoints here: the environment's AWS_ENDPOINT_URL_IAM and AWS_ENDPOINT_URL_STS apply.
provider "aws" {
  skip_metadata_api_check = true
}
`;

/** A root module that the real Terraform runs against its own fresh endpoint, initialised. */
export interface EndpointRoot {
  endpoint: IamEndpoint;
  root: AsyncTerraformRoot;
  /** Stops any Terraform still running, then the endpoint, and removes the folder. */
  stop(): Promise<void>;
}

export async function startEndpointRoot(main: string, options: IamEndpointOptions = {}): Promise<EndpointRoot> {
  const endpoint = await startIamEndpoint(options);
  const directory = mkdtempSync(join(tmpdir(), "mlspace-iam-endpoint-"));
  writeFileSync(join(directory, "main.tf"), main);
  const root = new AsyncTerraformRoot(directory, endpoint.awsEnvironment());
  const stop = async () => {
    await root.stop();
    await endpoint.stop(); // a listening server left behind would keep jest from exiting
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    await root.init();
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, root, stop };
}
