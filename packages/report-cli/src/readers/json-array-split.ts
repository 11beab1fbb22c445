import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COMMA, isSpace, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-bytes.js';

/**
 * Finds the byte ranges of the objects in the array under `key` of a JSON document whose top level
 * is an object (`{"Traces": [{…}, {…}], …}`), or, with `key` null, of a top-level array
 * (`[{…}, {…}]`), by following strings and brackets without building anything. The text may come in blocks of any size (`feed`); `finish` gives
 * `[start0, end0, start1, end1, …]` (offsets in the whole text), or null when the text is not shaped
 * so: another top level, the key missing or given twice (or written with escapes), an element that
 * is not an object, a missing or extra comma between elements, unbalanced brackets, or text after
 * the end. Nothing else is checked to be valid JSON: parsing each element, and the text around the
 * elements, does that.
 *
 * Why: `batch-get-traces` files parsed whole put the file's text (megabytes, in V8's large-object
 * space) and the whole parsed page in the old generation, where they waited for a full GC; peak RSS
 * then depended on when V8 chose to run one (410-580 MB for 100,000 invocations in 100 files).
 * Parsed one element at a time, a trace's text and objects die young, and a file may be larger
 * than a JavaScript string can be.
 */
export class ObjectArrayScanner {
  private readonly ranges: number[] = [];
  private failed = false;
  private started = false;
  private closed = false;
  private depth = 0;
  /** Inside a string; `escaped`: its next byte is escaped (a backslash ended the last block). */
  private inString = false;
  private escaped = false;
  /** At depth 1 (the top-level object's members): whether the next string is a key. */
  private expectKey = false;
  /** The string being read is a key: how much of `key` it matched so far, and whether it still does. */
  private inKey = false;
  private keyAt = 0;
  private keyOk = false;
  /** The last key at depth 1 was `key` (its value is the target when it is an array). */
  private lastKeyIsTarget = false;
  /** Depth 2 inside the target array once found; an element starts at its `{`. */
  private inTarget = false;
  private found = false;
  private elementStart = -1;
  /** In the array: 0 after `[`, 1 after an element, 2 after a comma. */
  private sep = 0;
  /** The bracket depth inside the target array: 2 under a key of the top-level object, 1 at the top. */
  private readonly arrayDepth: number;

  constructor(private readonly key: string | null) {
    this.arrayDepth = key === null ? 1 : 2;
  }

  /** The next block of the text, which starts at `offset` in the whole; false once it cannot fit. */
  feed(block: Uint8Array, offset: number): boolean {
    if (this.failed) return false;
    const n = block.length;
    if (n === 0) return true;
    let i = 0;
    if (this.inString) i = this.string(block, 0);
    for (; i < n; i++) {
      const c = block[i]!;
      if (isSpace(c)) continue;
      if (this.closed) return this.fail();
      if (!this.started) {
        if (c !== (this.key === null ? OPEN_ARRAY : OPEN_OBJECT)) return this.fail();
        this.started = true;
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.inTarget && this.depth === this.arrayDepth) return this.fail();
        if (this.depth === 1 && this.expectKey) {
          this.expectKey = false;
          this.inKey = true;
          this.keyAt = 0;
          this.keyOk = true;
        }
        i = this.string(block, i + 1) - 1;
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (this.inTarget && this.depth === this.arrayDepth) {
          if (c !== OPEN_OBJECT || this.sep === 1) return this.fail();
          this.elementStart = offset + i;
        }
        const isTarget =
          this.key === null ? this.depth === 0 : this.depth === 1 && c === OPEN_ARRAY && this.lastKeyIsTarget;
        if (isTarget) {
          if (this.found) return this.fail();
          this.found = true;
          this.inTarget = true;
          this.sep = 0;
        }
        this.depth++;
        if (this.depth === 1 && this.key !== null) this.expectKey = true;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        this.depth--;
        if (this.depth < 0) return this.fail();
        if (this.inTarget && this.depth === this.arrayDepth) {
          this.ranges.push(this.elementStart, offset + i + 1);
          this.elementStart = -1;
          this.sep = 1;
        } else if (this.inTarget && this.depth === this.arrayDepth - 1) {
          if (c !== CLOSE_ARRAY || this.sep === 2) return this.fail();
          this.inTarget = false;
        }
        if (this.depth === 0) this.closed = true;
      } else if (c === COMMA) {
        if (this.inTarget && this.depth === this.arrayDepth) {
          if (this.sep !== 1) return this.fail();
          this.sep = 2;
        } else if (this.depth === 1 && this.key !== null) this.expectKey = true;
      } else if (this.inTarget && this.depth === this.arrayDepth) return this.fail(); // a number, literal or colon between elements
    }
    return true;
  }

  /** The elements' ranges, or null (see the class). */
  finish(): number[] | null {
    return !this.failed && !this.inString && this.closed && this.found ? this.ranges : null;
  }

  /**
   * Reads string bytes from `i` up to its closing quote; returns the index after it, or the block's
   * length when the string goes on in the next block. Keys are compared byte by byte as they pass.
   */
  private string(block: Uint8Array, i: number): number {
    const n = block.length;
    if (this.escaped) {
      this.escaped = false;
      this.keyOk = false;
      i++;
    }
    if (this.inKey) {
      // Only set with a key: without one, no string is ever read as a key.
      const key = this.key ?? '';
      for (; i < n; i++) {
        const s = block[i]!;
        if (s === QUOTE) {
          this.inString = false;
          this.inKey = false;
          this.lastKeyIsTarget = this.keyOk && this.keyAt === key.length;
          return i + 1;
        }
        if (s === BACKSLASH) {
          // An escaped key is never taken for `key` (the text is then parsed whole).
          this.keyOk = false;
          if (i + 1 >= n) {
            this.escaped = true;
            return n;
          }
          i++;
        } else if (this.keyOk) this.keyOk = s === key.charCodeAt(this.keyAt++);
      }
      return n;
    }
    while (i < n) {
      const s = block[i]!;
      if (s === BACKSLASH) {
        if (i + 1 >= n) {
          this.escaped = true;
          return n;
        }
        i += 2;
      } else if (s === QUOTE) {
        this.inString = false;
        return i + 1;
      } else i++;
    }
    return n;
  }

  private fail(): false {
    this.failed = true;
    return false;
  }
}

/** The ranges of a whole text held in one buffer (see ObjectArrayScanner). */
export function objectArrayRanges(buf: Uint8Array, key: string | null): number[] | null {
  const scanner = new ObjectArrayScanner(key);
  scanner.feed(buf, 0);
  return scanner.finish();
}
