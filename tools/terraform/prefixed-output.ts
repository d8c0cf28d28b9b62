/**
 * Output of several Terraform runs at once, kept readable: each whole line gets its run's prefix
 * (`[dev] `) before it is passed on, so lines of two runs never mix within a line. A partial line
 * waits for its end; `end()` passes on what is left, ended with a newline.
 */

export interface LineWriter {
  write(text: string): void;
  /** Passes on a last line that had no newline. */
  end(): void;
}

export function prefixedLines(prefix: string, write: (text: string) => void): LineWriter {
  let pending = "";
  return {
    write(text: string) {
      const lines = (pending + text).split("\n");
      pending = lines.pop()!;
      if (lines.length) write(lines.map((line) => `${prefix}${line}\n`).join(""));
    },
    end() {
      if (pending) write(`${prefix}${pending}\n`);
      pending = "";
    },
  };
}
