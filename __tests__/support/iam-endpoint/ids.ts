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

/**
 * Resolves in the next whole second. IAM dates versions to the second, and the provider deletes a
 * policy's oldest version by that date: versions made in one second leave which is oldest to
 * chance. Changes made by people or pipelines are seconds apart; tests that change a policy several
 * times in a row wait for this between changes.
 */
export const nextIamSecond = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
