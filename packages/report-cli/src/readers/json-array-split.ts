const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Whether `buf[from, to)` holds exactly the ASCII text `key` (a key written without escapes). */
function sameKey(buf: Uint8Array, from: number, to: number, key: string): boolean {
  if (to - from !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (buf[from + i] !== key.charCodeAt(i)) return false;
  return true;
}

/**
 * Byte ranges `[start0, end0, start1, end1, …]` of the objects in the array under `key` of a JSON
 * document whose top level is an object (`{"Traces": [{…}, {…}], …}`), found by following strings
 * and brackets without building anything. Null when the text is not shaped so: another top level,
 * the key missing or given twice, an element that is not an object, a missing or extra comma between
 * elements, unbalanced brackets, or text after the end. Nothing else is checked to be valid JSON:
 * parsing each element, and the text around the elements, does that.
 *
 * Why: `batch-get-traces` files parsed whole put the file's text (megabytes, in V8's large-object
 * space) and the whole parsed page in the old generation, where they waited for a full GC; peak RSS
 * then depended on when V8 chose to run one (410-580 MB for 100,000 invocations in 100 files).
 * Parsed one element at a time, a trace's text and objects die young.
 */
export function objectArrayRanges(buf: Uint8Array, key: string): number[] | null {
  const n = buf.length;
  const ranges: number[] = [];
  let i = 0;
  while (i < n && isSpace(buf[i]!)) i++;
  if (buf[i] !== OPEN_OBJECT) return null;
  let depth = 0;
  // At depth 1 (the top-level object's members): whether a string now is a key, and the last key.
  let expectKey = false;
  let keyStart = -1;
  let keyEnd = -1;
  // Depth 2 inside the array under `key`, once found; an element starts at its `{`.
  let inTarget = false;
  let found = false;
  let elementStart = -1;
  // In the array: 0 after `[`, 1 after an element, 2 after a comma (so `{…}{…}` or `[,` is no array).
  let sep = 0;
  let closed = false;
  for (; i < n; i++) {
    const c = buf[i]!;
    if (isSpace(c)) continue;
    if (closed) return null;
    if (c === QUOTE) {
      const start = i + 1;
      i = start;
      while (i < n) {
        const s = buf[i]!;
        if (s === BACKSLASH) i += 2;
        else if (s === QUOTE) break;
        else i++;
      }
      if (i >= n) return null;
      if (depth === 1 && expectKey) {
        keyStart = start;
        keyEnd = i;
        expectKey = false;
      } else if (inTarget && depth === 2) return null;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (inTarget && depth === 2) {
        if (c !== OPEN_OBJECT || sep === 1) return null;
        elementStart = i;
      }
      if (depth === 1 && c === OPEN_ARRAY && keyStart !== -1 && sameKey(buf, keyStart, keyEnd, key)) {
        if (found) return null;
        found = true;
        inTarget = true;
        sep = 0;
      }
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      if (depth < 0) return null;
      if (inTarget && depth === 2) {
        ranges.push(elementStart, i + 1);
        elementStart = -1;
        sep = 1;
      } else if (inTarget && depth === 1) {
        if (c !== CLOSE_ARRAY || sep === 2) return null;
        inTarget = false;
      }
      if (depth === 0) closed = true;
    } else if (c === COMMA) {
      if (depth === 1) expectKey = true;
      else if (inTarget && depth === 2) {
        if (sep !== 1) return null;
        sep = 2;
      }
    } else if (c === COLON) {
      // A key's value follows; nothing to track.
    } else if (inTarget && depth === 2) return null; // a number or literal element
  }
  return closed && found ? ranges : null;
}
