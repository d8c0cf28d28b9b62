/**
 * Statement ids owned by this project. Every statement it adds carries one, and a base document's
 * statement with one of these Sids is dropped before ours are added, so a second run or a base
 * exported after an apply never duplicates them.
 */
export const SID_PREFIX = "MlspaceEcrAccess";

/**
 * What a statement of ours grants; a merged statement (see compaction) names all its parts. New
 * parts go last: the Sids of the earlier ones, written by earlier releases, stay the same.
 */
export const STATEMENT_PARTS = ["Auth", "Read", "Write", "Create", "Base"] as const;
export type StatementPart = (typeof STATEMENT_PARTS)[number];

/**
 * Whose repositories a statement reaches under tag ownership (ownership.ts): "" for a statement
 * without a tag condition, else the placeholders whose tags it compares, e.g. "ByProject".
 */
export const OWNER_SUFFIXES = ["", "ByProject", "ByUser", "ByProjectUser"] as const;

export const sidOf = (parts: readonly StatementPart[], owner = "") => `${SID_PREFIX}${parts.join("")}${owner}`;

export const SIDS = { authorization: sidOf(["Auth"]), read: sidOf(["Read"]), write: sidOf(["Write"]) } as const;

/** Every Sid this project may ever write: one per non-empty subset of the parts, in their order, and owner. */
export const OWNED_SIDS: readonly string[] = OWNER_SUFFIXES.flatMap((owner) =>
  Array.from({ length: 2 ** STATEMENT_PARTS.length - 1 }, (_, index) => sidOf(STATEMENT_PARTS.filter((__, bit) => (index + 1) & (1 << bit)), owner)),
);

/**
 * The permission boundary's ECR ceiling (see boundary-ceiling.ts). It marks the base statement that
 * carries our ECR actions, or our own statement when the base has none to carry them: a base
 * statement with it gets its ECR actions and this Sid removed (and is dropped if nothing is left)
 * before anything is added, so the ceiling is never added twice and removing it restores the base.
 */
export const CEILING_SID = `${SID_PREFIX}Ceiling`;

/** Sids a base document may carry from an earlier apply: our statements and the ceiling's mark. */
export const KNOWN_SIDS: readonly string[] = [...OWNED_SIDS, CEILING_SID];
