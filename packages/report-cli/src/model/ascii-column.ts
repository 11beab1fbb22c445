import { detachedCopy } from './string-copy.js';

/** Row marks in `offsets`: no value, or a value kept as a string in `others`. */
const NULL = -1;
const OTHER = -2;
/** Longer values are kept as strings (REPORT ids are 16-36 characters). */
const MAX_BYTES = 255;
/** Bytes per block; a value never spans two blocks. Offsets are block × BLOCK_BYTES + position. */
const BLOCK_SHIFT = 18;
const BLOCK_BYTES = 1 << BLOCK_SHIFT;
const BLOCK_MASK = BLOCK_BYTES - 1;

/** FNV-1a over UTF-16 code units: the same hash for a string and for its bytes in a column. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * One nullable string per row, ASCII values held as bytes in one growing buffer off the JS heap.
 * The log store keeps three ids per REPORT (request, trace, segment) from the log pass until the
 * join: as strings they were 300,000 small objects that all outlived the young generation. Each
 * surviving byte counts towards V8's rule for growing the young generation, which the log pass
 * alone took from 1 MB to 64 MB; allocation then streams through memory instead of a cache-sized
 * nursery, and every later `JSON.parse` runs slower (measured 2026-11-29: `JSON.parse` of the same
 * NDJSON took 1.73 s with the 1 MB nursery the bare loop keeps, 2.25 s with 64 MB). Values that are
 * not ASCII, or longer than 255 characters, are kept as (detached) strings: nothing is lost.
 */
export class AsciiColumn {
  /**
   * The bytes, in blocks of BLOCK_BYTES added as needed. One buffer grown by doubling copied its
   * bytes into fresh memory each time: the three id columns of 100,000 REPORTs took 2,100 page faults
   * for the copies alone (a first-touched 4 KB page cost up to 16 µs on a 2-core VM; see ReportTable
   * for the log pass's figures).
   */
  private readonly blocks: Buffer[] = [];
  /** The last block, and where its free bytes start (BLOCK_BYTES: none free, or no block yet). */
  private bytes: Buffer = Buffer.alloc(0);
  private used = BLOCK_BYTES;
  /** Per row: offset of its bytes, or NULL / OTHER. */
  private offsets = new Int32Array(1024);
  private lengths = new Uint8Array(1024);
  private rows = 0;
  private readonly others = new Map<number, string>();

  get size(): number {
    return this.rows;
  }

  /** Appends a row; returns its number. */
  push(value: string | null): number {
    const row = this.rows;
    if (row === this.offsets.length) {
      const offsets = new Int32Array(row * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const lengths = new Uint8Array(row * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    this.rows++;
    this.write(row, value);
    return row;
  }

  /** Replaces a row's value (its old bytes stay unused: replacing is rare). */
  set(row: number, value: string | null): void {
    this.others.delete(row);
    this.write(row, value);
  }

  private write(row: number, value: string | null): void {
    if (value === null) {
      this.offsets[row] = NULL;
      return;
    }
    const n = value.length;
    if (n <= MAX_BYTES) {
      // `>=`: a value's position stays below BLOCK_BYTES, even an empty one's (it is its block's offset).
      if (this.used + n >= BLOCK_BYTES) this.addBlock();
      const b = this.bytes;
      const at = this.used;
      let ascii = true;
      for (let i = 0; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c > 127) {
          ascii = false;
          break;
        }
        b[at + i] = c;
      }
      if (ascii) {
        this.offsets[row] = ((this.blocks.length - 1) << BLOCK_SHIFT) | at;
        this.lengths[row] = n;
        this.used = at + n;
        return;
      }
    }
    this.offsets[row] = OTHER;
    this.others.set(row, detachedCopy(value));
  }

  private addBlock(): void {
    this.bytes = Buffer.allocUnsafe(BLOCK_BYTES);
    this.blocks.push(this.bytes);
    this.used = 0;
  }

  /** Whether the row holds null or the empty string (an id that is not there). */
  isNullOrEmpty(row: number): boolean {
    const at = this.offsets[row];
    return at === NULL || (at !== OTHER && this.lengths[row] === 0);
  }

  /** The row's value as a new string (short-lived: callers build records with it). */
  get(row: number): string | null {
    const at = this.offsets[row]!;
    if (at === NULL) return null;
    if (at === OTHER) return this.others.get(row)!;
    const start = at & BLOCK_MASK;
    return this.blocks[at >>> BLOCK_SHIFT]!.toString('latin1', start, start + this.lengths[row]!);
  }

  /** hashText of the row's value (0 for null). */
  hash(row: number): number {
    const at = this.offsets[row]!;
    if (at === NULL) return 0;
    if (at === OTHER) return hashText(this.others.get(row)!);
    const b = this.blocks[at >>> BLOCK_SHIFT]!;
    let h = 0x811c9dc5;
    for (let i = at & BLOCK_MASK, end = i + this.lengths[row]!; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    return h >>> 0;
  }

  /** Whether the row holds exactly `value`. */
  equals(row: number, value: string): boolean {
    const at = this.offsets[row]!;
    if (at === NULL) return false;
    if (at === OTHER) return this.others.get(row) === value;
    const n = this.lengths[row]!;
    if (n !== value.length) return false;
    const b = this.blocks[at >>> BLOCK_SHIFT]!;
    const start = at & BLOCK_MASK;
    for (let i = 0; i < n; i++) if (b[start + i] !== value.charCodeAt(i)) return false;
    return true;
  }

  /** Whether two rows hold the same value (both non-null). */
  same(a: number, b: number): boolean {
    const at = this.offsets[a]!;
    if (at === NULL) return false;
    if (at === OTHER) return this.equals(b, this.others.get(a)!);
    const bt = this.offsets[b]!;
    const n = this.lengths[a]!;
    if (bt < 0 || this.lengths[b] !== n) return false;
    // A loop, not Buffer.compare: for ids of 16-36 bytes the call into C++ cost more than the bytes.
    const ab = this.blocks[at >>> BLOCK_SHIFT]!;
    const bb = this.blocks[bt >>> BLOCK_SHIFT]!;
    const as = at & BLOCK_MASK;
    const bs = bt & BLOCK_MASK;
    for (let i = 0; i < n; i++) if (ab[as + i] !== bb[bs + i]) return false;
    return true;
  }
}
