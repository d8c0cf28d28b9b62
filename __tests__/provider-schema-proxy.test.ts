import { firstStringField, protobufFields } from "./support/provider-schema-proxy/protobuf-fields";
import { servedResponseBody, servesType, SCHEMA_RPC, withServedSchemaHint } from "./support/provider-schema-proxy/served-schema";

/**
 * The tests' provider schema proxy cuts the AWS provider's schema to the types the tests use, and
 * leaves every other byte as the provider sent it: protobuf's wire format read field by field.
 */

const varint = (value: number): Buffer => {
  const bytes: number[] = [];
  for (; value >= 0x80; value = Math.floor(value / 128)) bytes.push((value % 128) | 0x80);
  return Buffer.from([...bytes, value]);
};
const lengthDelimited = (number: number, value: Buffer | string) => {
  const bytes = Buffer.from(value);
  return Buffer.concat([varint(number * 8 + 2), varint(bytes.length), bytes]);
};
/** A map<string, Schema> entry: key in field 1, value in field 2. */
const mapEntry = (number: number, key: string, value = Buffer.from([0x08, 0x01])) => lengthDelimited(number, Buffer.concat([lengthDelimited(1, key), lengthDelimited(2, value)]));
const grpcBody = (message: Buffer, compressed = 0) => {
  const prefix = Buffer.alloc(5);
  prefix[0] = compressed;
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
};
const unframe = (body: Buffer) => body.subarray(5, 5 + body.readUInt32BE(1));
const mapKeys = (message: Buffer, number: number) => protobufFields(message).filter((f) => f.number === number).map((f) => firstStringField(f.value!));

describe("protobuf fields from the wire", () => {
  it.each([
    { name: "varint", input: Buffer.concat([varint(1 * 8 + 0), varint(300)]), expected: [{ number: 1, length: 3 }] },
    { name: "fixed64", input: Buffer.concat([varint(2 * 8 + 1), Buffer.alloc(8)]), expected: [{ number: 2, length: 9 }] },
    { name: "fixed32", input: Buffer.concat([varint(3 * 8 + 5), Buffer.alloc(4)]), expected: [{ number: 3, length: 5 }] },
    { name: "length-delimited, a field number over 15", input: lengthDelimited(20, "abc"), expected: [{ number: 20, length: 6 }] },
  ])("$name", ({ input, expected }) => {
    // when
    const fields = protobufFields(input);
    // then
    expect(fields.map((f) => ({ number: f.number, length: f.raw.length }))).toEqual(expected);
    expect(Buffer.concat(fields.map((f) => f.raw))).toEqual(input);
  });

  it.each([
    { name: "inside a varint", input: Buffer.from([0x08, 0x80]), expected: "Protobuf message cut short inside a varint." },
    { name: "inside a field", input: Buffer.from([0x0a, 0x05, 0x61]), expected: "Protobuf message cut short inside a field." },
    { name: "a group", input: Buffer.from([0x0b]), expected: "Protobuf wire type 3 (groups) is not read here." },
  ])("a message cut short or of an unread wire type fails: $name", ({ input, expected }) => {
    expect(() => protobufFields(input)).toThrow(expected);
  });
});

describe("the schema served to the tests' Terraform", () => {
  it.each([
    { name: "aws_iam_policy", expected: true },
    { name: "aws_iam_roles", expected: true },
    { name: "aws_caller_identity", expected: true },
    { name: "aws_partition", expected: true },
    { name: "aws_region", expected: true },
    { name: "aws_s3_bucket", expected: false },
    { name: "aws_iam", expected: false },
  ])("serves $name: $expected", ({ name, expected }) => {
    expect(servesType(name)).toBe(expected);
  });

  it("keeps the provider's own schema, its functions and capabilities, and the served types' schemas byte for byte; drops the others", () => {
    // given a GetSchema response with types of both kinds in each map
    const provider = lengthDelimited(1, Buffer.from([0x08, 0x07]));
    const policy = mapEntry(2, "aws_iam_policy", Buffer.from([0x08, 0x02, 0x12, 0x00]));
    const message = Buffer.concat([
      provider,
      policy,
      mapEntry(2, "aws_s3_bucket"),
      mapEntry(3, "aws_region"),
      mapEntry(3, "aws_vpc"),
      mapEntry(7, "arn_parse"),
      mapEntry(8, "aws_kms_secrets"),
      lengthDelimited(6, Buffer.from([0x08, 0x01])),
    ]);
    // when
    const served = unframe(servedResponseBody(SCHEMA_RPC, grpcBody(message)));
    // then
    expect(mapKeys(served, 2)).toEqual(["aws_iam_policy"]);
    expect(mapKeys(served, 3)).toEqual(["aws_region"]);
    expect(mapKeys(served, 7)).toEqual(["arn_parse"]);
    expect(mapKeys(served, 8)).toEqual([]);
    expect(served).toEqual(Buffer.concat([provider, policy, mapEntry(3, "aws_region"), mapEntry(7, "arn_parse"), lengthDelimited(6, Buffer.from([0x08, 0x01]))]));
  });

  it("cuts GetMetadata's lists of types the same way", () => {
    // given
    const typeName = (number: number, name: string) => lengthDelimited(number, lengthDelimited(1, name));
    const message = Buffer.concat([typeName(3, "aws_caller_identity"), typeName(3, "aws_ami"), typeName(4, "aws_iam_policy_attachment"), typeName(4, "aws_instance"), typeName(5, "arn_build"), typeName(6, "aws_ssm_parameter")]);
    // when
    const served = unframe(servedResponseBody("/tfplugin5.Provider/GetMetadata", grpcBody(message)));
    // then
    expect(served).toEqual(Buffer.concat([typeName(3, "aws_caller_identity"), typeName(4, "aws_iam_policy_attachment"), typeName(5, "arn_build")]));
  });

  it.each([
    { name: "another call", path: "/tfplugin5.Provider/PlanResourceChange", body: grpcBody(mapEntry(2, "aws_s3_bucket")) },
    { name: "a compressed message", path: SCHEMA_RPC, body: grpcBody(mapEntry(2, "aws_s3_bucket"), 1) },
    { name: "an empty body (an error in the trailers)", path: SCHEMA_RPC, body: Buffer.alloc(0) },
  ])("passes $name on whole", ({ path, body }) => {
    expect(servedResponseBody(path, body)).toEqual(body);
  });
});

describe("a failed command's message, where the type is not served", () => {
  const unsupported = (kind: string, type: string) => `Error: Invalid ${kind} type\n\nThe provider hashicorp/aws does not support ${kind} type\n"${type}".`;
  it.each([
    { name: "a resource type left out", input: unsupported("resource", "aws_s3_bucket"), expected: 'add "aws_s3_bucket" in __tests__/support/provider-schema-proxy/served-schema.ts' },
    { name: "a data source left out", input: unsupported("data source", "aws_vpc"), expected: "serves only the data source types the tests use" },
  ])("names the fix after the message: $name", ({ input, expected }) => {
    // when
    const hinted = withServedSchemaHint(input);
    // then
    expect(hinted.startsWith(`${input}\n`)).toBe(true);
    expect(hinted.slice(input.length)).toContain(expected);
  });

  it.each([
    { name: "another error", input: "Error: Reference to undeclared input variable" },
    { name: "a type that is served (the cut is not why Terraform stopped)", input: unsupported("resource", "aws_iam_policy") },
  ])("leaves it as it is: $name", ({ input }) => {
    expect(withServedSchemaHint(input)).toBe(input);
  });
});
