import { describe, expect, it } from 'vitest';
import { ListInterner } from '../../src/model/labels.js';
import { NumberColumn } from '../../src/model/number-column.js';
import { percentileOfSorted, Samples } from '../../src/model/stats.js';

describe('NumberColumn (chunked)', () => {
  it('keeps every row in order across the first chunk doubling and later chunks', () => {
    const c = new NumberColumn(Float64Array, 3);
    const n = 3 * 65_536 + 17;
    for (let i = 0; i < n; i++) c.push(i % 7 === 0 ? Number.NaN : i * 0.5);
    expect(c.length).toBe(n);
    for (const i of [0, 1, 2, 3, 65_535, 65_536, 65_537, 131_071, 131_072, n - 1])
      expect(Object.is(c.at(i), i % 7 === 0 ? Number.NaN : i * 0.5)).toBe(true);
    const flat = c.toFloat64Array();
    expect(flat.length).toBe(n);
    expect(flat[65_536]).toBe(c.at(65_536));
    expect(flat[n - 1]).toBe((n - 1) * 0.5);
  });

  it('stores integers in Int32Array columns, negatives included', () => {
    const c = new NumberColumn(Int32Array);
    for (let i = 0; i < 70_000; i++) c.push(i % 2 === 0 ? -1 : i);
    expect(c.at(0)).toBe(-1);
    expect(c.at(69_999)).toBe(69_999);
    expect(c.at(65_536)).toBe(-1);
    expect(Array.from(c.toFloat64Array().subarray(65_535, 65_538))).toEqual([65_535, -1, 65_537]);
  });

  it('answers an empty column', () => {
    const c = new NumberColumn(Float64Array, 0);
    expect(c.length).toBe(0);
    expect(c.toFloat64Array().length).toBe(0);
    c.push(4);
    expect(c.at(0)).toBe(4);
  });
});

describe('Samples over several chunks', () => {
  it('gives the percentiles, sum and max of a full sort, with samples added after a read', () => {
    const s = new Samples(8);
    const all: number[] = [];
    let x = 12_345;
    for (let i = 0; i < 150_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      const v = (x % 10_000) / 10 - 100;
      s.add(v);
      all.push(v);
    }
    const check = () => {
      const sorted = Float64Array.from(all).sort();
      for (const p of [0, 50, 90, 99, 100]) expect(s.percentile(p)).toBe(percentileOfSorted(sorted, p));
      expect(s.sum()).toBe(all.reduce((a, b) => a + b, 0));
      expect(s.max()).toBe(all.reduce((a, b) => Math.max(a, b)));
      expect(Array.from(s.values().subarray(0, 3))).toEqual(all.slice(0, 3));
    };
    check();
    for (const v of [1e6, -0, 0]) {
      s.add(v);
      all.push(v);
    }
    s.add(Number.POSITIVE_INFINITY);
    expect(s.count).toBe(all.length);
    check();
  });
});

describe('ListInterner', () => {
  it('returns one string per list of parts, made once', () => {
    let made = 0;
    const keys = new ListInterner((parts) => {
      made++;
      return parts.join(' + ');
    });
    const a = keys.get(['channels', 'states']);
    expect(a).toBe('channels + states');
    expect(keys.get(['channels', 'states'])).toBe(a);
    expect(keys.get(['channels'])).toBe('channels');
    expect(keys.get(['channels', 'states', 'x'])).toBe('channels + states + x');
    expect(keys.get([])).toBe('');
    expect(made).toBe(4);
  });
});
