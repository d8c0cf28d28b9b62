/**
 * The keys that occur twice in one object of a JSON text, as "path.key": JSON.parse keeps the last
 * silently, so two installs of the same name would otherwise be one. Expects text JSON.parse accepts.
 */
export function duplicateKeys(text: string): string[] {
  const duplicates: string[] = [];
  /** Each open container: an object's path and keys seen (and whether a key comes next), or an array. */
  const open: { path: string; keys?: Set<string>; expectingKey?: boolean; pendingKey?: string; index?: number }[] = [];
  const childPath = () => {
    const parent = open[open.length - 1];
    if (!parent) return "";
    if (parent.keys) return parent.path ? `${parent.path}.${parent.pendingKey}` : String(parent.pendingKey);
    return `${parent.path}[${parent.index}]`;
  };
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    const top = open[open.length - 1];
    if (char === '"') {
      const end = closingQuote(text, at);
      if (top?.keys && top.expectingKey) {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        if (top.keys.has(key)) duplicates.push(top.path ? `${top.path}.${key}` : key);
        top.keys.add(key);
        top.pendingKey = key;
        top.expectingKey = false;
      }
      at = end;
    } else if (char === "{") {
      open.push({ path: childPath(), keys: new Set(), expectingKey: true });
    } else if (char === "[") {
      open.push({ path: childPath(), index: 0 });
    } else if (char === "}" || char === "]") {
      open.pop();
    } else if (char === ",") {
      if (top?.keys) top.expectingKey = true;
      else if (top) top.index = (top.index ?? 0) + 1;
    }
  }
  return duplicates;
}

/** Index of the quote that closes the string starting at `start`. */
function closingQuote(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at++) {
    if (text[at] === "\\") at++;
    else if (text[at] === '"') return at;
  }
  return text.length - 1;
}
