/**
 * The top-level fields of a Protocol Buffers message, read from its wire format without its
 * .proto: enough to drop entries of a map or a repeated field and keep every other byte as it was.
 * https://protobuf.dev/programming-guides/encoding/
 */

export interface ProtobufField {
  /** The field's number in its message. */
  readonly number: number;
  /** The field as it was on the wire: its tag, and its value (with a length-delimited value's length). */
  readonly raw: Buffer;
  /** A length-delimited field's value (an embedded message, a string, bytes, a map entry); absent for scalars. */
  readonly value?: Buffer;
}

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** A varint at `offset`: its value (exact up to 2^53, more than any length here) and the offset after it. */
function readVarint(buffer: Buffer, offset: number): [value: number, next: number] {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    if (offset >= buffer.length) throw new Error("Protobuf message cut short inside a varint.");
    const byte = buffer[offset++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, offset];
  }
}

export function protobufFields(message: Buffer): ProtobufField[] {
  const fields: ProtobufField[] = [];
  let offset = 0;
  while (offset < message.length) {
    const start = offset;
    const [tag, afterTag] = readVarint(message, offset);
    const wireType = tag % 8;
    let value: Buffer | undefined;
    if (wireType === VARINT) offset = readVarint(message, afterTag)[1];
    else if (wireType === FIXED64) offset = afterTag + 8;
    else if (wireType === FIXED32) offset = afterTag + 4;
    else if (wireType === LENGTH_DELIMITED) {
      const [length, afterLength] = readVarint(message, afterTag);
      offset = afterLength + length;
      value = message.subarray(afterLength, offset);
    } else throw new Error(`Protobuf wire type ${wireType} (groups) is not read here.`);
    if (offset > message.length) throw new Error("Protobuf message cut short inside a field.");
    fields.push({ number: Math.floor(tag / 8), raw: message.subarray(start, offset), value });
  }
  return fields;
}

/** The string in field 1 of an embedded message: a map entry's key, or a metadata message's type_name. */
export function firstStringField(message: Buffer): string {
  const field = protobufFields(message).find((f) => f.number === 1);
  return field?.value?.toString("utf8") ?? "";
}

/** The message with the fields for which `keep` says false left out, every other byte unchanged. */
export function keepFields(message: Buffer, keep: (field: ProtobufField) => boolean): Buffer {
  return Buffer.concat(protobufFields(message).filter(keep).map((field) => field.raw));
}
