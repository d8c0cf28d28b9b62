import { INSTALL_FIELDS, INSTALL_NAME_PATTERN } from "./install-fields";
import { jsonSchemaOf } from "./terraform-types";

/**
 * The JSON Schema of an installs file, from the same field table its checks use, so an editor
 * completes and checks exactly what the synth accepts (the synth still checks every rule itself).
 */
export function installsSchema(notice: string): Record<string, unknown> {
  const install = {
    type: "object",
    additionalProperties: false,
    properties: Object.fromEntries(INSTALL_FIELDS.map((field) => [field.name, jsonSchemaOf(field.type, field.description)])),
  };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $comment: notice,
    title: "mlspace-ecr-access installs",
    description: "One stack per MLSpace install: each field is the stack's Terraform variable of that name, plus how to reach the account and where the state lives.",
    type: "object",
    additionalProperties: false,
    required: ["installs"],
    properties: {
      $schema: { type: "string" },
      defaults: { ...install, description: "Fields every install inherits, field by field." },
      installs: {
        type: "object",
        minProperties: 1,
        propertyNames: { pattern: INSTALL_NAME_PATTERN },
        additionalProperties: install,
        description: "The installs by name: each becomes a stack of that name (cdktf deploy <name>).",
      },
    },
  };
}
