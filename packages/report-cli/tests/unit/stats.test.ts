import { describe, expect, it } from 'vitest';
import { percentile, Samples, slope } from '../../src/model/stats.js';

describe('percentiles', () => {
  it('interpolates linearly between closest ranks as numpy does', () => {
    // numpy.percentile([1, 2, 3, 4], 90) == 3.7; ([15, 20, 35, 40, 50], 40) == 29.0
    expect(percentile([1, 2, 3, 4], 90)).toBeCloseTo(3.7, 10);
    expect(percentile([50, 15, 40, 20, 35], 40)).toBeCloseTo(29, 10);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('keeps samples as numbers and answers mean, max and percentiles', () => {
    const s = new Samples(2);
    for (let i = 1; i <= 101; i++) s.add(i);
    s.add(Number.NaN);
    expect(s.count).toBe(101);
    expect(s.mean()).toBe(51);
    expect(s.max()).toBe(101);
    expect(s.percentile(99)).toBe(100);
    expect(s.percentile(50)).toBe(51);
  });

  it('fits a least-squares slope', () => {
    expect(slope([0, 1, 2, 3], [10, 12, 14, 16])).toBeCloseTo(2, 10);
    expect(slope([1, 1], [3, 4])).toBeNull();
  });
});
