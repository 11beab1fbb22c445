import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  isSpace,
  NEWLINE,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
} from './json-bytes.js';

/**
 * Finds the byte ranges of the top-level objects and arrays of a text holding several JSON documents
 * one after another, whitespace between them: what `aws … >> file` in a loop leaves (batch-get-traces
 * takes 5 trace ids a call, filter-log-events pages). Follows strings and brackets, nothing more; the
 * text may come in blocks of any size (`feed`). `finish` gives `[start0, end0, start1, end1, …]` and
 * the 1-based line each document starts on, or null for one document or anything that is not such a
 * sequence (a string, number or literal at the top, unbalanced brackets).
 */
export class JsonSequenceScanner {
  private readonly ranges: number[] = [];
  private readonly lines: number[] = [];
  private failed = false;
  private depth = 0;
  private inString = false;
  /** The string's next byte is escaped (a backslash ended the last block). */
  private escaped = false;
  private line = 1;

  /** The next block of the text, which starts at `offset` in the whole; false once it cannot fit. */
  feed(block: Uint8Array, offset: number): boolean {
    if (this.failed) return false;
    for (let i = 0; i < block.length; i++) {
      const c = block[i]!;
      if (c === NEWLINE) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (this.depth === 0) {
          this.ranges.push(offset + i);
          this.lines.push(this.line);
        }
        this.depth++;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (--this.depth < 0) return this.fail();
        if (this.depth === 0) this.ranges.push(offset + i + 1);
      } else if (this.depth === 0) {
        if (!isSpace(c)) return this.fail();
      } else if (c === QUOTE) this.inString = true;
    }
    return true;
  }

  /** The documents' ranges and first lines, or null (see the class). */
  finish(): { ranges: number[]; lines: number[] } | null {
    if (this.failed || this.inString || this.depth !== 0 || this.lines.length < 2) return null;
    return { ranges: this.ranges, lines: this.lines };
  }

  private fail(): false {
    this.failed = true;
    return false;
  }
}
