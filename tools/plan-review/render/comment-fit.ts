import { count } from "./markdown";

/**
 * Fitting the review into one pull-request comment. GitHub rejects a comment body over 65,535
 * characters; the review is made of blocks, and the expendable ones (lowest rank first) give way to
 * a line saying what was left out. If the essentials alone are too long, the text is cut at a line
 * with the same kind of note. Nothing is ever dropped without saying so.
 */

export const COMMENT_LIMIT = 65_535;

/** What a review may take of a comment: the rest is room for the marker and footer the comment adds. */
export const REVIEW_LIMIT = COMMENT_LIMIT - 1_000;

export interface Block {
  text: string;
  /** Present when the block may be left out to fit: `rank` 1 goes first; `what` names it for the note. */
  expendable?: { rank: number; what: string };
}

export interface Fitted {
  markdown: string;
  /** What was left out, in the notes' words; empty when everything fits. */
  truncated: string[];
}

const join = (blocks: Block[]) => `${blocks.map((block) => block.text).join("\n\n")}\n`;

function note(what: string, characters: number, whereFull?: string): string {
  return `> ✂️ **Truncated:** ${what} (${count(characters)} characters) left out to fit GitHub's limit of ${count(COMMENT_LIMIT)} characters for a comment.${whereFull ? ` ${whereFull}` : ""}`;
}

/** Cuts at a line boundary, closing any <details> left open, and says so. */
function cut(markdown: string, limit: number, whereFull?: string): string {
  const ending = (left: number) => `\n\n${note("the rest of this review", left, whereFull)}\n`;
  let keep = markdown.slice(0, Math.max(0, limit - ending(markdown.length).length - 200));
  keep = keep.slice(0, Math.max(0, keep.lastIndexOf("\n")));
  const open = (keep.match(/<details/g) ?? []).length - (keep.match(/<\/details>/g) ?? []).length;
  const closing = "\n\n</details>".repeat(Math.max(0, open));
  return `${keep}${closing}${ending(markdown.length - keep.length)}`;
}

/** The blocks joined, within `limit` characters (UTF-16 units, which are never fewer than GitHub's characters). */
export function fitBlocks(blocks: Block[], limit = COMMENT_LIMIT, whereFull?: string): Fitted {
  const current = [...blocks];
  const truncated: string[] = [];
  const order = blocks
    .map((block, index) => ({ block, index }))
    .filter(({ block }) => block.expendable)
    // Lowest rank first; among equals, the later block first (the end of the review matters least).
    .sort((a, b) => a.block.expendable!.rank - b.block.expendable!.rank || b.index - a.index);
  for (const { block, index } of order) {
    if (join(current).length <= limit) break;
    current[index] = { text: note(block.expendable!.what, block.text.length, whereFull) };
    truncated.push(block.expendable!.what);
  }
  const markdown = join(current);
  if (markdown.length <= limit) return { markdown, truncated };
  truncated.push("the rest of this review");
  return { markdown: cut(markdown, limit, whereFull), truncated };
}
