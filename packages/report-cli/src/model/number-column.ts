/** The typed arrays a column can live in: doubles, or 32-bit integers for indexes and counts. */
type ColumnArray = Float64Array | Int32Array;

/**
 * A growable column of numbers (NaN kept, unlike Samples): the rows of a ledger as numbers, in a
 * typed array off the JS heap (the savings ledger holds ≈ 360,000 claim rows at 100,000
 * invocations; as plain arrays their grown-out copies piled up in old space until a full GC).
 * Indexes and counts take `Int32Array`: half the bytes to write and copy as the column grows.
 */
export class NumberColumn {
  private data: ColumnArray;
  private size = 0;

  constructor(private readonly kind: typeof Float64Array | typeof Int32Array = Float64Array) {
    this.data = new kind(1024);
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const next = new this.kind(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.size++] = value;
  }

  at(index: number): number {
    return this.data[index]!;
  }
}
