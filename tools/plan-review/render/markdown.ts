import { count } from "../analysis/numbers";

/** The few pieces of GitHub-flavoured Markdown the review is written with. */

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Text safe inside a table cell: no pipe ends the cell, no newline ends the row. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

export { count };

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

export function table(headers: string[], rows: string[][], align?: ("left" | "center")[]): string {
  const rule = headers.map((_, i) => (align?.[i] === "center" ? ":---:" : "---"));
  return [headers, rule, ...rows].map((row) => `| ${row.map(cell).join(" | ")} |`).join("\n");
}

/** A folded section; GitHub needs the blank line after </summary> to render Markdown inside. */
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? " open" : ""}><summary>${summary}</summary>\n\n${body.trim()}\n\n</details>`;
}

/** "a, b and c" */
export function listing(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Shows at most `max` items, and says how many more there are: never a silent cut. */
export function capped(items: string[], max: number, noun = "more"): string[] {
  if (items.length <= max) return items;
  return [...items.slice(0, max), `… and ${count(items.length - max)} ${noun} not shown`];
}
