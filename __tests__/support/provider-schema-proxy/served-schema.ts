import { firstStringField, keepFields } from "./protobuf-fields";

/**
 * The part of the AWS provider's schema that the tests' Terraform is given: the resource, data
 * source and ephemeral resource types this project's configurations use. Terraform decodes and
 * checks the whole schema a provider sends at every command, about 1.7 s of CPU for the AWS
 * provider's 1,500-odd types, whatever the configuration uses; with only these it is about 0.1 s.
 * The schema of each type served is the provider's own, byte for byte, and every call still goes to
 * the provider: plans, applies and their JSON are the same (provider-schema-proxy.terraform.test.ts).
 * A configuration with a type left out fails loudly ("The provider hashicorp/aws does not support
 * resource type …"): add the type here.
 */

/** The data sources the stack and module read besides IAM's: the caller's account, partition and region. */
const CONTEXT_DATA_SOURCES = new Set(["aws_caller_identity", "aws_partition", "aws_region"]);

/** Whether the tests' provider serves a type: IAM's resources and data sources, and the context data sources. */
export const servesType = (typeName: string): boolean => typeName.startsWith("aws_iam_") || CONTEXT_DATA_SOURCES.has(typeName);

/** Fields of tfplugin5's GetProviderSchema.Response that are maps from a type name: resource_schemas, data_source_schemas, ephemeral_resource_schemas. */
const SCHEMA_MAPS = new Set([2, 3, 8]);
/** Fields of tfplugin5's GetMetadata.Response that list types by name: data_sources, resources, ephemeral_resources. */
const METADATA_LISTS = new Set([3, 4, 6]);

const keepTypes = (typeFields: Set<number>) => (message: Buffer) =>
  keepFields(message, (field) => !typeFields.has(field.number) || servesType(firstStringField(field.value!)));

/** The schema RPC, whose served answer never changes for one provider process: answered once by the provider. */
export const SCHEMA_RPC = "/tfplugin5.Provider/GetSchema";

/** The RPCs whose responses name the provider's types (tfplugin5, the AWS provider's protocol), and how each is cut to the served types. */
export const SERVED_SCHEMA_RESPONSES: Record<string, (message: Buffer) => Buffer> = {
  [SCHEMA_RPC]: keepTypes(SCHEMA_MAPS),
  "/tfplugin5.Provider/GetMetadata": keepTypes(METADATA_LISTS),
};

/**
 * A gRPC response body cut to the served types: one length-prefixed message (a compressed flag
 * byte, a 4-byte length, the message). A compressed message, which Terraform's providers do not
 * send, is passed on whole.
 */
export function servedResponseBody(path: string, body: Buffer): Buffer {
  const cut = SERVED_SCHEMA_RESPONSES[path];
  if (!cut || body.length < 5 || body[0] !== 0) return body;
  const message = cut(body.subarray(5, 5 + body.readUInt32BE(1)));
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** Terraform's words for a type its provider's schema lacks. */
const UNSERVED_TYPE = /does not support (resource|data source|ephemeral resource) type "([\w-]+)"/;

/**
 * A failed command's message, with the fix where Terraform stopped at a type the tests' provider
 * does not serve (the provider itself has it): a test author meets this when a configuration starts
 * using a new AWS type.
 */
export function withServedSchemaHint(message: string): string {
  const [, kind, type] = UNSERVED_TYPE.exec(message.replace(/\s+/g, " ")) ?? [];
  if (!type || servesType(type)) return message;
  return `${message}\nThe tests' AWS provider serves only the ${kind} types the tests use: add "${type}" in __tests__/support/provider-schema-proxy/served-schema.ts (servesType).`;
}
