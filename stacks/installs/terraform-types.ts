/**
 * The Terraform type constraints of the module's inputs (`string`, `bool`, `list(string)`,
 * `map(string)`, `object({ a = optional(string, "x"), … })`), read once from the input definitions
 * and used twice: to check an installs file's values before any plan, and to write its JSON Schema.
 */

export type TerraformType =
  | { kind: "string" | "bool" | "number" | "any" }
  | { kind: "list" | "map"; of: TerraformType }
  | { kind: "object"; attributes: Record<string, { type: TerraformType; optional: boolean }> };

/** Reads a type constraint; throws on one this reader does not know (a new input's type must be taught here). */
export function parseTerraformType(text: string): TerraformType {
  let at = 0;
  const skip = () => {
    while (/\s/.test(text[at] ?? "")) at++;
  };
  const word = () => {
    skip();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at));
    if (!match) throw new Error(`Cannot read the Terraform type ${JSON.stringify(text)} at ${at}.`);
    at += match[0].length;
    return match[0];
  };
  const expect = (char: string) => {
    skip();
    if (text[at] !== char) throw new Error(`Cannot read the Terraform type ${JSON.stringify(text)}: expected "${char}" at ${at}.`);
    at++;
  };
  /** Skips an optional attribute's default value (a literal), up to the closing parenthesis. */
  const skipDefault = () => {
    let depth = 0;
    let quoted = false;
    for (; at < text.length; at++) {
      const char = text[at];
      if (quoted) {
        if (char === "\\") at++;
        else if (char === '"') quoted = false;
      } else if (char === '"') quoted = true;
      else if ("([{".includes(char)) depth++;
      else if (")]}".includes(char)) {
        if (depth === 0) return;
        depth--;
      }
    }
  };
  const type = (): TerraformType => {
    const name = word();
    if (name === "string" || name === "bool" || name === "number" || name === "any") return { kind: name };
    if (name === "list" || name === "map") {
      expect("(");
      const of = type();
      expect(")");
      return { kind: name, of };
    }
    if (name !== "object") throw new Error(`Cannot read the Terraform type ${JSON.stringify(text)}: unknown type ${name}.`);
    expect("(");
    expect("{");
    const attributes: Record<string, { type: TerraformType; optional: boolean }> = {};
    for (skip(); text[at] !== "}"; skip()) {
      const attribute = word();
      expect("=");
      skip();
      const optional = text.startsWith("optional(", at);
      if (optional) {
        word();
        expect("(");
      }
      attributes[attribute] = { type: type(), optional };
      if (optional) {
        skip();
        if (text[at] === ",") {
          at++;
          skipDefault();
        }
        expect(")");
      }
      skip();
      if (text[at] === ",") at++;
    }
    expect("}");
    expect(")");
    return { kind: "object", attributes };
  };
  const parsed = type();
  skip();
  if (at !== text.length) throw new Error(`Cannot read the Terraform type ${JSON.stringify(text)}: unexpected text at ${at}.`);
  return parsed;
}

const describe = (type: TerraformType): string =>
  type.kind === "list" || type.kind === "map" ? `${type.kind === "list" ? "a list" : "a map"} of ${describe(type.of).replace(/^an? /, "")}s` : type.kind === "object" ? "an object" : type.kind === "bool" ? "true or false" : `a ${type.kind}`;

/**
 * What is wrong with a JSON value for a type, each message naming the field's path ("notebook_policy.attach_to_roles[1]");
 * null is a valid value of every type (Terraform then takes the variable's default, or null).
 */
export function typeProblems(value: unknown, type: TerraformType, path: string): string[] {
  if (value === null || type.kind === "any") return [];
  const wrong = [`${path} must be ${describe(type)}, not ${JSON.stringify(value)}.`];
  switch (type.kind) {
    case "string":
    case "number":
      return typeof value === type.kind ? [] : wrong;
    case "bool":
      return typeof value === "boolean" ? [] : wrong;
    case "list":
      return Array.isArray(value) ? value.flatMap((item, index) => typeProblems(item, type.of, `${path}[${index}]`)) : wrong;
    case "map":
      return isObject(value) ? Object.entries(value).flatMap(([key, item]) => typeProblems(item, type.of, `${path}.${key}`)) : wrong;
    case "object": {
      if (!isObject(value)) return wrong;
      const known = Object.keys(type.attributes);
      const unknown = Object.keys(value).filter((key) => !known.includes(key));
      return [
        ...unknown.map((key) => unknownFieldMessage(`${path}.${key}`, key, known)),
        ...Object.entries(type.attributes).flatMap(([key, attribute]) =>
          key in value ? typeProblems(value[key], attribute.type, `${path}.${key}`) : attribute.optional ? [] : [`${path}.${key} is required.`],
        ),
      ];
    }
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A typo must not be ignored: the message names the field and, when one is close, the field meant. */
export function unknownFieldMessage(path: string, field: string, known: readonly string[]): string {
  const closest = [...known].sort((a, b) => distance(field, a) - distance(field, b))[0];
  const hint = closest !== undefined && distance(field, closest) <= Math.max(2, Math.floor(field.length / 3)) ? ` Did you mean ${closest}?` : "";
  return `${path} is not a field here.${hint} Fields: ${known.join(", ")}.`;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The type as JSON Schema (draft 2020-12), for editors to complete and check an installs file. */
export function jsonSchemaOf(type: TerraformType, description?: string): Record<string, unknown> {
  const withDescription = (schema: Record<string, unknown>) => (description ? { description, ...schema } : schema);
  switch (type.kind) {
    case "any":
      return withDescription({});
    case "string":
    case "number":
      return withDescription({ type: [type.kind, "null"] });
    case "bool":
      return withDescription({ type: ["boolean", "null"] });
    case "list":
      return withDescription({ type: ["array", "null"], items: jsonSchemaOf(type.of) });
    case "map":
      return withDescription({ type: ["object", "null"], additionalProperties: jsonSchemaOf(type.of) });
    case "object":
      return withDescription({
        type: ["object", "null"],
        additionalProperties: false,
        properties: Object.fromEntries(Object.entries(type.attributes).map(([key, attribute]) => [key, jsonSchemaOf(attribute.type)])),
        required: Object.entries(type.attributes).filter(([, attribute]) => !attribute.optional).map(([key]) => key),
      });
  }
}
