/**
 * Statement ids owned by this project. Every statement it adds carries one, and a base document's
 * statement with one of these Sids is dropped before ours are added, so a second run or a base
 * exported after an apply never duplicates them.
 */
export const SID_PREFIX = "MlspaceEcrAccess";

export const SIDS = {
  authorization: `${SID_PREFIX}Authorization`,
  read: `${SID_PREFIX}Read`,
  write: `${SID_PREFIX}Write`,
} as const;

/** Every Sid this project may ever write, including ones the current inputs do not produce. */
export const OWNED_SIDS: readonly string[] = Object.values(SIDS);
