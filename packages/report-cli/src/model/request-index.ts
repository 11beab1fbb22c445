import { type AsciiColumn, hashText } from './ascii-column.js';

/** Slot marks: never used, and used once (a deleted entry; probing goes on past it). */
const EMPTY = 0;
const DELETED = -1;
const NO_ROW = -1;

/**
 * Key → row with a `Map`'s semantics (set keeps a key's first position and replaces its row;
 * delete then set puts it last; values() in that order), where the key of a row is its value in an
 * AsciiColumn: the log store's request id → REPORT row, without a string per key on the JS heap.
 * Open addressing with linear probing over entry numbers; entries are numbered in first-set order,
 * so iterating is a walk over one Int32Array.
 */
export class RequestIndex {
  /** Entry + 1 per slot, or EMPTY / DELETED. */
  private slots = new Int32Array(1 << 14);
  /** Slots not EMPTY (live and deleted). */
  private filled = 0;
  /** Per entry: its current row, or NO_ROW once deleted. */
  private rows = new Int32Array(1024);
  private entries = 0;
  private live = 0;

  constructor(private readonly keys: AsciiColumn) {}

  get size(): number {
    return this.live;
  }

  /** Maps the key of `row` (non-null) to `row`; true when the key was not there. */
  set(row: number): boolean {
    const mask = this.slots.length - 1;
    let slot = this.keys.hash(row) & mask;
    let reuse = -1;
    for (;;) {
      const s = this.slots[slot]!;
      if (s === EMPTY) break;
      if (s === DELETED) {
        if (reuse === -1) reuse = slot;
      } else if (this.keys.same(this.rows[s - 1]!, row)) {
        this.rows[s - 1] = row;
        return false;
      }
      slot = (slot + 1) & mask;
    }
    if (this.entries === this.rows.length) {
      const rows = new Int32Array(this.entries * 2);
      rows.set(this.rows);
      this.rows = rows;
    }
    const entry = this.entries++;
    this.rows[entry] = row;
    this.live++;
    if (reuse !== -1) this.slots[reuse] = entry + 1;
    else {
      this.slots[slot] = entry + 1;
      if (++this.filled * 2 > this.slots.length) this.rehash();
    }
    return true;
  }

  /** The row of a key, or -1. */
  get(key: string): number {
    const slot = this.find(key);
    return slot === -1 ? -1 : this.rows[this.slots[slot]! - 1]!;
  }

  /** The row of a key, removed with its key; -1 when absent (one probe where get + delete took two). */
  take(key: string): number {
    const slot = this.find(key);
    if (slot === -1) return -1;
    const entry = this.slots[slot]! - 1;
    const row = this.rows[entry]!;
    this.rows[entry] = NO_ROW;
    this.slots[slot] = DELETED;
    this.live--;
    return row;
  }

  /** Rows of the keys present, in the order their keys were set; deleting while iterating is fine. */
  *values(): Generator<number> {
    for (let e = 0; e < this.entries; e++) {
      const row = this.rows[e]!;
      if (row !== NO_ROW) yield row;
    }
  }

  private find(key: string): number {
    const mask = this.slots.length - 1;
    let slot = hashText(key) & mask;
    for (;;) {
      const s = this.slots[slot]!;
      if (s === EMPTY) return -1;
      if (s !== DELETED && this.keys.equals(this.rows[s - 1]!, key)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /** A table sized for the live keys (deleted slots dropped), at most half full. */
  private rehash(): void {
    let size = this.slots.length;
    while (this.live * 4 > size) size *= 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let e = 0; e < this.entries; e++) {
      const row = this.rows[e]!;
      if (row === NO_ROW) continue;
      let slot = this.keys.hash(row) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = e + 1;
    }
    this.slots = slots;
    this.filled = this.live;
  }
}
