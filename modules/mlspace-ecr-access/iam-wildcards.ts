/**
 * IAM's wildcards in Action and Resource: `*` matches any run of characters ("/" and ":" too),
 * `?` any one character. Actions compare without case, ARNs with case.
 */

/** Compiled once per pattern: the review matches the same few patterns against thousands of actions and ARNs. */
const compiled = new Map<string, RegExp>();

export function wildcardRegExp(pattern: string, ignoreCase = false): RegExp {
  const key = `${ignoreCase ? "i" : "c"}${pattern}`;
  let regExp = compiled.get(key);
  if (!regExp) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    regExp = new RegExp(`^${body}$`, ignoreCase ? "i" : "");
    compiled.set(key, regExp);
  }
  return regExp;
}

export const hasWildcard = (text: string) => /[*?]/.test(text);

export function matchesResource(pattern: string, arn: string): boolean {
  return wildcardRegExp(pattern).test(arn);
}

export function matchesAction(pattern: string, action: string): boolean {
  return wildcardRegExp(pattern, true).test(action);
}
