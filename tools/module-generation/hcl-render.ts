import { parseTemplate } from "./hcl-template";

/**
 * Renders the Terraform JSON of the generated module as HCL, in `terraform fmt`'s layout. It covers
 * what that JSON holds (blocks, attributes, strings, numbers, booleans, null, lists, objects); the
 * tests prove the result plans exactly like the JSON and passes `terraform fmt -check`.
 */

const INDENT = "  ";
/** Top-level keys that are blocks with labels: depth of labels under them. */
const LABELS: Record<string, number> = { variable: 1, output: 1, data: 2, resource: 2, module: 1, provider: 1 };
/** Keys whose value is a block (or list of blocks), not an attribute. */
const NESTED_BLOCKS = new Set(["validation", "lifecycle", "precondition", "postcondition", "required_providers"]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function escapeLiteral(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
}

/** A JSON string is a template: one whole interpolation becomes a bare expression. */
function renderString(value: string): string {
  const parts = parseTemplate(value);
  if (parts.length === 1 && "expression" in parts[0]) return parts[0].expression.trim();
  return `"${parts.map((part) => ("literal" in part ? escapeLiteral(part.literal) : `\${${part.expression}}`)).join("")}"`;
}

function renderKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

function renderValue(value: unknown, depth: number): string {
  if (value === null) return "null";
  if (typeof value === "string") return renderString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const inner = INDENT.repeat(depth + 1);
  const outer = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${inner}${renderValue(item, depth + 1)},`).join("\n")}\n${outer}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return `{\n${alignedAttributes(entries, depth + 1).join("\n")}\n${outer}}`;
}

/** `terraform fmt` aligns the `=` of consecutive single-line attributes. */
function alignedAttributes(entries: [string, unknown][], depth: number): string[] {
  const lines: string[] = [];
  let run: [string, string][] = [];
  const flush = () => {
    const width = Math.max(...run.map(([key]) => key.length));
    for (const [key, rendered] of run) lines.push(`${INDENT.repeat(depth)}${key.padEnd(width)} = ${rendered}`);
    run = [];
  };
  for (const [key, value] of entries) {
    const rendered = renderValue(value, depth);
    const name = renderKey(key);
    if (rendered.includes("\n")) {
      if (run.length) flush();
      lines.push(`${INDENT.repeat(depth)}${name} = ${rendered}`);
    } else {
      run.push([name, rendered]);
    }
  }
  if (run.length) flush();
  return lines;
}

/** Attributes a reader looks for first, in this order; the rest keep theirs. */
const LEADING = ["description", "type", "default", "nullable", "condition", "error_message"];
const leadingFirst = ([a]: [string, unknown], [b]: [string, unknown]) =>
  (LEADING.includes(a) ? LEADING.indexOf(a) : LEADING.length) - (LEADING.includes(b) ? LEADING.indexOf(b) : LEADING.length);

/** A block's body: attributes first (aligned), then nested blocks, as Terraform writes them. */
function renderBody(body: Record<string, unknown>, depth: number): string[] {
  const attributes: [string, unknown][] = [];
  const blocks: string[][] = [];
  for (const [key, value] of Object.entries(body).sort(leadingFirst)) {
    if (NESTED_BLOCKS.has(key)) {
      for (const item of [value].flat()) blocks.push(renderBlock(key, [], item as Record<string, unknown>, depth));
    } else {
      attributes.push([key, value]);
    }
  }
  const lines = attributes.length ? alignedAttributes(attributes, depth) : [];
  for (const block of blocks) {
    if (lines.length) lines.push("");
    lines.push(...block);
  }
  return lines;
}

function renderBlock(type: string, labels: string[], body: Record<string, unknown>, depth: number): string[] {
  // JSON gives a variable's type as a string; HCL wants the bare type expression.
  if (type === "variable" && typeof body.type === "string") body = { ...body, type: `\${${body.type}}` };
  const head = [type, ...labels.map((label) => JSON.stringify(label))].join(" ");
  const indent = INDENT.repeat(depth);
  return [`${indent}${head} {`, ...renderBody(body, depth + 1), `${indent}}`];
}

/** Every (labels, body) under a top-level key, e.g. resource → [["aws_iam_policy", "app"], {...}]. */
function labelled(tree: Record<string, unknown>, depth: number, labels: string[] = []): [string[], Record<string, unknown>][] {
  if (depth === 0) return [[labels, tree]];
  return Object.entries(tree).flatMap(([label, subtree]) => labelled(subtree as Record<string, unknown>, depth - 1, [...labels, label]));
}

export function renderHcl(configuration: Record<string, unknown>, header: string[]): string {
  const blocks: string[][] = [];
  for (const [key, value] of Object.entries(configuration)) {
    if (key === "//") continue;
    if (key === "locals") blocks.push(renderBlock("locals", [], value as Record<string, unknown>, 0));
    else if (key === "terraform") blocks.push(renderBlock("terraform", [], value as Record<string, unknown>, 0));
    // A removed block's `from` is an address, written bare in HCL (a plain string in JSON).
    else if (key === "removed") for (const body of value as Record<string, unknown>[]) blocks.push(renderBlock("removed", [], { ...body, from: `\${${body.from}}` }, 0));
    else if (key in LABELS) {
      for (const [labels, body] of labelled(value as Record<string, unknown>, LABELS[key])) blocks.push(renderBlock(key, labels, body, 0));
    } else throw new Error(`renderHcl: top-level key "${key}" is not supported`);
  }
  return `${header.map((line) => `# ${line}`).join("\n")}\n\n${blocks.map((block) => block.join("\n")).join("\n\n")}\n`;
}
