/**
 * IAM's wildcards in Action and Resource: `*` matches any run of characters ("/" and ":" too),
 * `?` any one character. Actions compare without case, ARNs with case.
 */

const escapeRegExp = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, "\\$&");

export function wildcardRegExp(pattern: string, ignoreCase = false): RegExp {
  const body = pattern
    .split("")
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : escapeRegExp(char)))
    .join("");
  return new RegExp(`^${body}$`, ignoreCase ? "i" : "");
}

export const hasWildcard = (text: string) => /[*?]/.test(text);

export function matchesResource(pattern: string, arn: string): boolean {
  return wildcardRegExp(pattern).test(arn);
}

export function matchesAction(pattern: string, action: string): boolean {
  return wildcardRegExp(pattern, true).test(action);
}
