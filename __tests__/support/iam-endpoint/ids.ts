import { randomBytes, randomUUID } from "node:crypto";

/**
 * Identifiers shaped like AWS's: unique ids are a four-letter type prefix and 17 upper-case
 * letters and digits (ANPA… for a managed policy, AROA… for a role); request ids are UUIDs.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function uniqueId(prefix: "ANPA" | "AROA" | "AIDA"): string {
  return prefix + Array.from(randomBytes(17), (byte) => ALPHABET[byte % ALPHABET.length]).join("");
}

export const requestId = (): string => randomUUID();

/** IAM's timestamps: ISO 8601 in UTC, whole seconds. */
export const isoTimestamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, "Z");
