import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentileOfSorted, Samples } from '../../src/model/stats.js';

const sample = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 101, 101, 101),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
);

describe('percentiles by selection', () => {
  it('equal the sorted percentiles exactly, the sign of zero included', () => {
    fc.assert(
      fc.property(
        fc.array(sample, { minLength: 1, maxLength: 300 }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 6 }),
        (values, ps) => {
          const s = new Samples(4);
          for (const v of values) s.add(v);
          const sorted = Float64Array.from(values).sort();
          for (const p of [...ps, 0, 50, 90, 99, 100])
            expect(Object.is(s.percentile(p), percentileOfSorted(sorted, p))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('stay linear and exact on long runs of one value', () => {
    const s = new Samples();
    for (let i = 0; i < 200_000; i++) s.add(i % 1000 === 0 ? i : 101);
    expect(s.percentile(50)).toBe(101);
    expect(s.percentile(100)).toBe(199_000);
  });
});
