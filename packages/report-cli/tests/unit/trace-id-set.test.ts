import { describe, expect, it } from 'vitest';
import { TraceIdSet } from '../../src/model/trace-id-set.js';

const id = (n: number) => `1-${(0x66bfd54d + (n >>> 12)).toString(16)}-${n.toString(16).padStart(24, '0')}`;

describe('TraceIdSet', () => {
  it('holds exactly the ids added, across growth', () => {
    const set = new TraceIdSet();
    const reference = new Set<string>();
    for (let n = 0; n < 50_000; n += 2) {
      set.add(id(n));
      reference.add(id(n));
    }
    set.add(id(0));
    expect(set.size).toBe(reference.size);
    for (let n = 0; n < 50_000; n++) expect(set.has(id(n))).toBe(reference.has(id(n)));
  });

  it('holds exactly the ids added when sized for them, and grows past the size foreseen', () => {
    for (const expected of [30_000, 1_000]) {
      const set = new TraceIdSet(expected);
      for (let n = 0; n < 60_000; n += 2) set.add(id(n));
      expect(set.size).toBe(30_000);
      for (let n = 0; n < 60_000; n++) expect(set.has(id(n))).toBe(n % 2 === 0);
    }
  });

  it('keeps ids that are not lowercase X-Ray ids as strings', () => {
    const set = new TraceIdSet();
    for (const other of ['t1', '1-66BFD54D-6b379b8727b6273f7675338c', '1-66bfd54d-6b379b8727b6273f7675338g', ''])
      set.add(other);
    expect(set.has('t1')).toBe(true);
    expect(set.has('1-66BFD54D-6b379b8727b6273f7675338c')).toBe(true);
    expect(set.has('1-66bfd54d-6b379b8727b6273f7675338c')).toBe(false);
    expect(set.has('1-66bfd54d-6b379b8727b6273f7675338g')).toBe(true);
    expect(set.has('')).toBe(true);
    expect(set.size).toBe(4);
  });

  it('tells ids apart that differ in any word, including all-zero words', () => {
    const set = new TraceIdSet();
    const zero = '1-00000000-000000000000000000000000';
    set.add(zero);
    expect(set.has(zero)).toBe(true);
    for (const pos of [2, 9, 11, 18, 19, 26, 27, 34]) {
      const other = `${zero.slice(0, pos)}f${zero.slice(pos + 1)}`;
      expect(set.has(other)).toBe(false);
    }
  });
});
