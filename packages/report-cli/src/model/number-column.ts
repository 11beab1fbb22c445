/**
 * A growable column of doubles (NaN kept, unlike Samples): the rows of a ledger as numbers, in a
 * Float64Array off the JS heap (the savings ledger holds ≈ 360,000 claim rows at 100,000
 * invocations; as plain arrays their grown-out copies piled up in old space until a full GC).
 */
export class NumberColumn {
  private data = new Float64Array(1024);
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.size++] = value;
  }

  at(index: number): number {
    return this.data[index]!;
  }
}
