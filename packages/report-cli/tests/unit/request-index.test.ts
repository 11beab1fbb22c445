import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsciiColumn, hashText } from '../../src/model/ascii-column.js';
import { RequestIndex } from '../../src/model/request-index.js';

describe('AsciiColumn', () => {
  it('gives back every value, null, empty, non-ASCII and long, across blocks', () => {
    const column = new AsciiColumn();
    const values: (string | null)[] = [];
    // ≈ 430 KB of ids: two 256 KB blocks, one value cut by the end of the first goes to the second.
    for (let i = 0; i < 12_000; i++) {
      const v =
        i % 7 === 0
          ? null
          : i % 11 === 0
            ? ''
            : i % 13 === 0
              ? `réquête-${i}`
              : i % 17 === 0
                ? 'x'.repeat(300 + i)
                : `${i.toString(16).padStart(8, '0')}-0119-45f7-a8b1-661161d13fca`;
      values.push(v);
      expect(column.push(v)).toBe(i);
    }
    expect(column.size).toBe(values.length);
    values.forEach((v, row) => {
      expect(column.get(row)).toBe(v);
      expect(column.isNullOrEmpty(row)).toBe(v === null || v === '');
      if (v !== null) {
        expect(column.equals(row, v)).toBe(true);
        expect(column.hash(row)).toBe(hashText(v));
      }
    });
  });

  it('replaces a value, and compares rows by content', () => {
    const column = new AsciiColumn();
    column.push(null);
    column.push('abc');
    column.push('abc');
    column.push('ab\u00e7');
    expect(column.same(1, 2)).toBe(true);
    expect(column.same(1, 3)).toBe(false);
    expect(column.same(0, 1)).toBe(false);
    column.set(0, 'ab\u00e7');
    expect(column.get(0)).toBe('ab\u00e7');
    expect(column.same(0, 3)).toBe(true);
    column.set(3, 'abc');
    expect(column.same(3, 1)).toBe(true);
    expect(column.same(0, 3)).toBe(false);
    expect(column.equals(2, 'abd')).toBe(false);
    expect(column.equals(2, 'ab')).toBe(false);
  });

  it('keeps empty values apart from their neighbours, first and at the very end of a block', () => {
    const column = new AsciiColumn();
    expect(column.push('')).toBe(0);
    // 4,096 values of 64 bytes fill a 256 KB block exactly.
    const long = (i: number) => `${String(i).padStart(8, '0')}${'f'.repeat(56)}`;
    for (let i = 1; i <= 4096; i++) column.push(long(i));
    const empty = column.push('');
    column.push('after');
    expect(column.get(0)).toBe('');
    expect(column.get(empty)).toBe('');
    expect(column.same(0, empty)).toBe(true);
    expect(column.isNullOrEmpty(empty)).toBe(true);
    expect(column.get(4096)).toBe(long(4096));
    expect(column.get(empty + 1)).toBe('after');
    expect(column.same(empty, empty + 1)).toBe(false);
  });

  it('compares rows held in different blocks', () => {
    const column = new AsciiColumn();
    const id = (i: number) => `${String(i % 5000).padStart(8, '0')}-0119-45f7-a8b1-661161d13fca`;
    for (let i = 0; i < 20_000; i++) column.push(id(i));
    // 36 bytes a row: row 0 is in the first block, row 15,000 in the third.
    expect(column.same(0, 15_000)).toBe(true);
    expect(column.same(15_000, 0)).toBe(true);
    expect(column.same(1, 15_000)).toBe(false);
    expect(column.hash(15_000)).toBe(column.hash(0));
    expect(column.equals(19_999, id(19_999))).toBe(true);
    column.set(19_999, id(1));
    expect(column.same(19_999, 1)).toBe(true);
  });
});

type Op = { kind: 'set'; key: string } | { kind: 'delete'; key: string } | { kind: 'get'; key: string };

/** Applies the ops to a Map (the semantics the log store relied on) and to a RequestIndex. */
function runBoth(ops: Op[]): void {
  const column = new AsciiColumn();
  const index = new RequestIndex(column);
  const reference = new Map<string, number>();
  for (const op of ops) {
    if (op.kind === 'set') {
      const row = column.push(op.key);
      const isNew = !reference.has(op.key);
      reference.set(op.key, row);
      expect(index.set(row)).toBe(isNew);
    } else if (op.kind === 'delete') {
      const row = reference.get(op.key) ?? -1;
      reference.delete(op.key);
      expect(index.take(op.key)).toBe(row);
    } else expect(index.get(op.key)).toBe(reference.get(op.key) ?? -1);
    if (ops.length < 1000) expect(index.size).toBe(reference.size);
  }
  expect(index.size).toBe(reference.size);
  expect([...index.values()]).toEqual([...reference.values()]);
}

describe('RequestIndex', () => {
  it('behaves as a Map of key → last row, in first-set order, for any sequence of operations', () => {
    const key = fc.oneof(
      fc.constantFrom('a', 'b', 'c', '', 'é', 'x'.repeat(260)),
      fc.string({ maxLength: 40 }),
      fc.uuid(),
    );
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key }),
      fc.record({ kind: fc.constant('delete' as const), key }),
      fc.record({ kind: fc.constant('get' as const), key }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), (ops) => runBoth(ops)));
  });

  it('keeps 100,000 request ids through growth, deletes and re-sets', () => {
    const ops: Op[] = [];
    const id = (n: number) => `${n.toString(16).padStart(8, '0')}-0119-45f7-a8b1-661161d13fca`;
    for (let n = 0; n < 100_000; n++) ops.push({ kind: 'set', key: id(n) });
    for (let n = 0; n < 100_000; n += 3) ops.push({ kind: 'delete', key: id(n) });
    for (let n = 0; n < 1000; n++) ops.push({ kind: 'set', key: id(n) });
    for (let n = 0; n < 100_000; n += 997) ops.push({ kind: 'get', key: id(n) });
    runBoth(ops);
  });

  it('lets the current row be deleted while iterating', () => {
    const column = new AsciiColumn();
    const index = new RequestIndex(column);
    for (const k of ['a', 'b', 'c']) index.set(column.push(k));
    const seen: number[] = [];
    for (const row of index.values()) {
      seen.push(row);
      expect(index.take(column.get(row)!)).toBe(row);
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(index.size).toBe(0);
    expect(index.get('a')).toBe(-1);
  });
});
