/**
 * `{project}` and `{user}` in a repository entry ("projects/{project}/*") stand for the calling
 * principal's MLSpace tags. MLSpace tags every project-user role with `project` and `user`, so one
 * entry gives each such role its own project's repositories, whatever the number of projects.
 */

export const PLACEHOLDER_KEYS = ["project", "user"] as const;
export type PlaceholderKey = (typeof PLACEHOLDER_KEYS)[number];

/** The principal tag each placeholder reads (the `principal_tag_keys` input). */
export type PrincipalTagKeys = Readonly<Record<PlaceholderKey, string>>;

export const DEFAULT_PRINCIPAL_TAG_KEYS: PrincipalTagKeys = { project: "project", user: "user" };

export const placeholder = (key: PlaceholderKey) => `{${key}}`;

/** IAM's policy variable for a principal tag; a principal without the tag matches nothing with it. */
export const principalTagVariable = (tagKey: string) => `\${aws:PrincipalTag/${tagKey}}`;

/** What each placeholder becomes in one policy. */
export type PlaceholderValues = Readonly<Record<PlaceholderKey, string>>;

/** For roles of one project and user: the principal's own tags. */
export const principalTagValues = (tagKeys: PrincipalTagKeys): PlaceholderValues => ({
  project: principalTagVariable(tagKeys.project),
  user: principalTagVariable(tagKeys.user),
});

/** For the App role, which acts for every project and user: any value. */
export const ANY_VALUE: PlaceholderValues = { project: "*", user: "*" };

export function fillPlaceholders(entry: string, values: PlaceholderValues): string {
  return PLACEHOLDER_KEYS.reduce((text, key) => text.split(placeholder(key)).join(values[key]), entry);
}

export const hasPlaceholder = (entry: string) => PLACEHOLDER_KEYS.some((key) => entry.includes(placeholder(key)));
