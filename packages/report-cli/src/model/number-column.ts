/** The typed arrays a column can live in: doubles, or 32-bit integers for indexes and counts. */
type ColumnArray = Float64Array | Int32Array;

/** Rows per chunk once a column is large (512 KB of doubles). */
const CHUNK_SHIFT = 16;
const CHUNK = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK - 1;

/**
 * A growable column of numbers (NaN kept, unlike Samples): the rows of a ledger as numbers, in a
 * typed array off the JS heap (the savings ledger holds ≈ 360,000 claim rows at 100,000
 * invocations; as plain arrays their grown-out copies piled up in old space until a full GC).
 * Indexes and counts take `Int32Array`: half the bytes to write and copy as the column grows.
 *
 * The first chunk doubles up to 65,536 rows, then whole chunks of 65,536 are added: a large column
 * is never copied into a fresh array twice its size. Doubling to the end (7 ledger columns and the
 * large samples, ≈ 4 million numbers at 100,000 invocations) cost ≈ 2× the stores themselves:
 * allocating, zeroing and copying megabyte arrays.
 */
export class NumberColumn {
  /** Chunk k holds rows [k·CHUNK, (k+1)·CHUNK); only the first one is ever smaller (and grows). */
  private readonly chunks: ColumnArray[];
  private last: ColumnArray;
  /** Rows in `last`. */
  private used = 0;
  private size = 0;

  constructor(
    private readonly kind: typeof Float64Array | typeof Int32Array = Float64Array,
    capacity = 1024,
  ) {
    this.last = new kind(Math.max(1, Math.min(CHUNK, capacity)));
    this.chunks = [this.last];
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.used === this.last.length) this.grow();
    this.last[this.used++] = value;
    this.size++;
  }

  at(index: number): number {
    return this.chunks[index >>> CHUNK_SHIFT]![index & CHUNK_MASK]!;
  }

  /** The chunks in order, each cut to its rows in use (read at the end of a run, not per row). */
  private *filled(): Generator<ColumnArray> {
    let left = this.size;
    for (const chunk of this.chunks) {
      const n = Math.min(chunk.length, left);
      yield n === chunk.length ? chunk : chunk.subarray(0, n);
      left -= n;
    }
  }

  /** Sum of the rows, added in row order (the same double as adding them from one flat copy). */
  sum(): number {
    let s = 0;
    for (const chunk of this.filled()) for (let i = 0; i < chunk.length; i++) s += chunk[i]!;
    return s;
  }

  /** The largest row (−Infinity when empty). */
  max(): number {
    let m = Number.NEGATIVE_INFINITY;
    for (const chunk of this.filled()) for (let i = 0; i < chunk.length; i++) if (chunk[i]! > m) m = chunk[i]!;
    return m;
  }

  /** Rows for which `test` holds. */
  count(test: (value: number) => boolean): number {
    let c = 0;
    for (const chunk of this.filled()) for (let i = 0; i < chunk.length; i++) if (test(chunk[i]!)) c++;
    return c;
  }

  /** The rows in order, in one new array of doubles. */
  toFloat64Array(): Float64Array {
    const out = new Float64Array(this.size);
    let offset = 0;
    for (const chunk of this.filled()) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private grow(): void {
    if (this.last.length < CHUNK) {
      // Still the first chunk: double it.
      const next = new this.kind(Math.min(CHUNK, this.last.length * 2));
      next.set(this.last);
      this.last = next;
      this.chunks[0] = next;
    } else {
      this.last = new this.kind(CHUNK);
      this.chunks.push(this.last);
      this.used = 0;
    }
  }
}
