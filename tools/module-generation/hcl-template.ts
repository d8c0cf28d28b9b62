/**
 * Splitting Terraform JSON string templates into literal text and `${…}` interpolations, so they
 * can be written as HCL: literal text escaped, interpolated expressions kept byte for byte.
 */

export type TemplatePart = { literal: string } | { expression: string };

/** Index just past the `}` that closes the interpolation whose expression starts at `start`. */
function closingBrace(template: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < template.length) {
    const char = template[i];
    if (char === '"') {
      i = closingQuote(template, i + 1);
      continue;
    }
    if (char === "{") depth++;
    if (char === "}" && --depth === 0) return i + 1;
    i++;
  }
  throw new Error(`Unterminated interpolation in template: ${template}`);
}

/** Index just past the `"` closing a quoted string (itself a template) that starts at `start`. */
function closingQuote(template: string, start: number): number {
  let i = start;
  while (i < template.length) {
    const char = template[i];
    if (char === "\\") i += 2;
    else if (char === '"') return i + 1;
    else if (template.startsWith("${", i)) i = closingBrace(template, i + 2);
    else i++;
  }
  throw new Error(`Unterminated string in template: ${template}`);
}

export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  while (i < template.length) {
    if (template.startsWith("$${", i)) {
      literal += "$${"; // an escaped interpolation stays escaped in HCL too
      i += 3;
    } else if (template.startsWith("${", i)) {
      if (literal) parts.push({ literal });
      literal = "";
      const end = closingBrace(template, i + 2);
      parts.push({ expression: template.slice(i + 2, end - 1) });
      i = end;
    } else {
      literal += template[i++];
    }
  }
  if (literal) parts.push({ literal });
  return parts;
}
