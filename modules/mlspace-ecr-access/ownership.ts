import { PLACEHOLDER_KEYS, PlaceholderKey, placeholder, PrincipalTagKeys, principalTagVariable } from "./placeholders";

/**
 * Whose repositories a `{project}` or `{user}` entry reaches (the `repository_ownership` input).
 * "name": the repository's name says it, the placeholder filled with the caller's tag
 * (`projects/${aws:PrincipalTag/project}/*`), so only names that can carry the tag's value work:
 * ECR names are lowercase, MLSpace's project and user names need not be. "tag": the placeholder
 * matches any name segment, and the repository's own tag of that key must equal the caller's
 * principal tag, compared case-insensitively as MLSpace compares its project tags; one statement
 * serves every project and user whatever their names.
 */
export const REPOSITORY_OWNERSHIPS = ["name", "tag"] as const;
export type RepositoryOwnership = (typeof REPOSITORY_OWNERSHIPS)[number];

/**
 * "name", so that an existing configuration keeps granting exactly what it did: tag ownership
 * reaches only tagged repositories, and turning it on under an install would cut every untagged one
 * off at the next apply. The README's recommended setup asks for "tag", which works for every name
 * MLSpace allows (`NLP`, `Jane.Doe@corp.example`), as MLSpace owns its other resources by tags.
 */
export const DEFAULT_REPOSITORY_OWNERSHIP: RepositoryOwnership = "name";

/** How MLSpace itself compares project tags (its project policy's conditions). */
export const TAG_CONDITION_OPERATOR = "StringEqualsIgnoreCase";

/** The same comparison, true too where the key is absent: a repository being created has no tags yet. */
export const TAG_CONDITION_IF_EXISTS_OPERATOR = `${TAG_CONDITION_OPERATOR}IfExists`;

/** An IAM Condition block: operator → key → value. */
export type Condition = Record<string, Record<string, string>>;

/** The placeholders an entry holds, in PLACEHOLDER_KEYS's order. */
export const placeholdersOf = (entry: string): PlaceholderKey[] => PLACEHOLDER_KEYS.filter((key) => entry.includes(placeholder(key)));

/** Every set of placeholders an entry can hold: each is one owner, and one statement of each kind. */
export const OWNER_KEY_SETS: readonly (readonly PlaceholderKey[])[] = [["project"], ["user"], ["project", "user"]];

const capitalized = (key: string) => key[0].toUpperCase() + key.slice(1);

/** The Sid suffix of an owner's statements (sids.ts OWNER_SUFFIXES), e.g. "ByProjectUser". */
export const ownerSuffix = (keys: readonly PlaceholderKey[]) => (keys.length ? `By${keys.map(capitalized).join("")}` : "");

/** Where a tag is compared: the repository's own tags, or the tags a CreateRepository request sets. */
export type TagPlace = "ResourceTag" | "RequestTag";

const ownerTags = (keys: readonly PlaceholderKey[], tagKeys: PrincipalTagKeys, place: TagPlace) =>
  Object.fromEntries(keys.map((key) => [`aws:${place}/${tagKeys[key]}`, principalTagVariable(tagKeys[key])]));

/** Each owner tag of the repository equal to the caller's principal tag of the same key. */
export function ownerCondition(keys: readonly PlaceholderKey[], tagKeys: PrincipalTagKeys): Condition {
  return { [TAG_CONDITION_OPERATOR]: ownerTags(keys, tagKeys, "ResourceTag") };
}

/**
 * Creating and tagging one's own repository: the request sets each owner tag to the caller's, and
 * the repository, where it has the tag already, is the caller's. So a repository being created
 * (no tags yet) can be tagged as one's own, another's never, and an owner tag never changes owner.
 */
export function ownTaggingCondition(keys: readonly PlaceholderKey[], tagKeys: PrincipalTagKeys): Condition {
  return { [TAG_CONDITION_OPERATOR]: ownerTags(keys, tagKeys, "RequestTag"), [TAG_CONDITION_IF_EXISTS_OPERATOR]: ownerTags(keys, tagKeys, "ResourceTag") };
}

/** The entries owned by tags of exactly `keys` (none in name ownership). */
export function entriesOwnedBy(entries: readonly string[], keys: readonly PlaceholderKey[], ownership: RepositoryOwnership): string[] {
  if (ownership !== "tag") return [];
  return entries.filter((entry) => placeholdersOf(entry).join() === keys.join());
}

/** The entries whose names alone say whose they are: every entry in name ownership, those without placeholders in tag ownership. */
export function entriesOwnedByName(entries: readonly string[], ownership: RepositoryOwnership): string[] {
  return ownership === "tag" ? entries.filter((entry) => placeholdersOf(entry).length === 0) : [...entries];
}
