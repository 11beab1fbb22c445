import { describe, expect, it } from 'vitest';
import { gcPausesBetween, pauseMsWithin, startGcLog } from '../../src/collectors/gc.js';

describe('pauseMsWithin', () => {
  it('counts only the part of each pause inside the window', () => {
    const pauses = [
      { startMs: 10, ms: 2 }, // inside
      { startMs: 19, ms: 4 }, // 1 ms inside
      { startMs: 5, ms: 6 }, // 1 ms inside (starts before)
      { startMs: 30, ms: 1 }, // outside
    ];
    expect(pauseMsWithin(pauses, 10, 20)).toBeCloseTo(4, 9);
    expect(pauseMsWithin(pauses, 0, 100)).toBeCloseTo(13, 9);
    expect(pauseMsWithin([], 0, 100)).toBe(0);
  });
});

describe('gcPausesBetween', () => {
  it('gives no figure before anything observes collections, then the observed ones', () => {
    expect(gcPausesBetween(0, Number.POSITIVE_INFINITY)).toBeNull();
    startGcLog();
    expect(gcPausesBetween(0, Number.POSITIVE_INFINITY)).toEqual([]);
  });
});
