import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeOffline } from "../../tools/terraform/offline-plan";
import { TerraformProject } from "./terraform-project";

export const MODULE_DIRECTORY = join(__dirname, "..", "..", "modules", "mlspace-ecr-access");

/** A value as an HCL expression: JSON literals are HCL too, once `${` and `%{` are escaped. */
export function hclValue(value: unknown): string {
  return JSON.stringify(value).replace(/\$\{/g, "$$${").replace(/%\{/g, "%%{");
}

/** Module arguments, one per line. */
export function hclArguments(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([name, value]) => `  ${name} = ${hclValue(value)}`)
    .join("\n");
}

export const PROVIDER_BLOCK = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}
`;

/** A root module written from HCL text into a fresh folder, plannable offline. */
export function hclRoot(main: string, extraEnv: Record<string, string> = {}): TerraformProject {
  const directory = mkdtempSync(join(tmpdir(), "mlspace-ecr-access-hcl-"));
  writeFileSync(join(directory, "main.tf"), main);
  makeOffline(directory);
  return new TerraformProject(directory, extraEnv);
}
