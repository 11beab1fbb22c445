import { NumberColumn } from './number-column.js';
import { minFrom, selectInPlace } from './select.js';

/**
 * Numeric samples and exact percentiles. The CLI keeps numbers, not documents: a million samples
 * are 8 MB in a Float64Array.
 */

/** A growable array of doubles (in a chunked NumberColumn: a large one is never copied to grow). */
export class Samples {
  private readonly data: NumberColumn;
  /**
   * A copy that percentile() partially orders (selection); dropped when a sample is added. The only
   * copy: sums and counts read the column itself. A second, ordered copy made first doubled the
   * megabytes freshly allocated (and, on a VM, page-faulted) for every large set of samples.
   */
  private work: Float64Array | undefined;
  /** Ranks percentile() has put in their sorted place in `work`. */
  private placed: number[] = [];

  constructor(capacity = 16) {
    this.data = new NumberColumn(Float64Array, capacity);
  }

  get count(): number {
    return this.data.length;
  }

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    this.data.push(value);
    this.work = undefined;
  }

  sum(): number {
    return this.data.sum();
  }

  mean(): number | null {
    return this.count === 0 ? null : this.sum() / this.count;
  }

  max(): number | null {
    return this.count === 0 ? null : this.data.max();
  }

  /**
   * Exact percentile, p in 0–100 (numpy's default linear interpolation): the same number as
   * percentileOfSorted on the sorted samples, from the two closest ranks selected, not sorted.
   */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    if (!this.work) {
      this.work = this.data.toFloat64Array();
      this.placed = [];
    }
    const n = this.count;
    const h = ((n - 1) * Math.min(100, Math.max(0, p))) / 100;
    const lo = Math.floor(h);
    const hi = Math.ceil(h);
    // Ranks selected before split the copy: p90 after p50 searches only the upper half.
    let from = 0;
    let to = n - 1;
    for (const r of this.placed) {
      if (r < lo) from = Math.max(from, r + 1);
      else if (r > lo) to = Math.min(to, r - 1);
      else from = to = r;
    }
    const a = this.signedZero(selectInPlace(this.work, lo, from, to), lo);
    this.placed.push(lo);
    const b = hi === lo ? a : this.signedZero(minFrom(this.work, lo + 1), hi);
    return a + (b - a) * (h - lo);
  }

  /** A sort puts −0 before +0, which comparisons cannot tell apart: the zero at `rank` as sorted. */
  private signedZero(value: number, rank: number): number {
    if (value !== 0) return value;
    const below = this.data.count((v) => v < 0 || Object.is(v, -0));
    return rank < below ? -0 : 0;
  }

  values(): Float64Array {
    return this.data.toFloat64Array();
  }
}

/**
 * Linear interpolation between the closest ranks: h = (n − 1)·p/100, as numpy.percentile's
 * default ('linear') method.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = ((n - 1) * Math.min(100, Math.max(0, p))) / 100;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (h - lo);
}

/** Percentile of an unsorted list (copies). */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted(Float64Array.from(values).sort(), p);
}

interface LeastSquares {
  n: number;
  mx: number;
  my: number;
  sxx: number;
  slope: number;
}

/** The least-squares line of y over x, or null with fewer than two distinct x. */
function leastSquares(xs: readonly number[], ys: readonly number[]): LeastSquares | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i]!;
    sy += ys[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    sxy += dx * (ys[i]! - my);
    sxx += dx * dx;
  }
  return sxx === 0 ? null : { n, mx, my, sxx, slope: sxy / sxx };
}

/** Least-squares slope of y over x, or null with fewer than two distinct x. */
export function slope(xs: readonly number[], ys: readonly number[]): number | null {
  return leastSquares(xs, ys)?.slope ?? null;
}

/**
 * Least-squares line through the points: its slope and the slope's t statistic (slope / its standard
 * error; Infinity when every point lies on the line). Null for fewer than three points or a constant x.
 */
export function linearFit(xs: readonly number[], ys: readonly number[]): { slope: number; t: number } | null {
  const line = leastSquares(xs, ys);
  if (line === null || line.n < 3) return null;
  const { n, mx, my, sxx, slope: s } = line;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (ys[i]! - (my + s * (xs[i]! - mx))) ** 2;
  const standardError = Math.sqrt(residual / (n - 2) / sxx);
  return { slope: s, t: standardError === 0 ? Number.POSITIVE_INFINITY : s / standardError };
}

/** Rounds to a fixed number of decimals (reports keep stable, readable numbers). */
export function round(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  const r = Math.round(value * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

export function roundOrNull(value: number | null | undefined, decimals = 1): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : round(value, decimals);
}

/** Share in percent (0–100), null when the whole is zero. */
export function pctOf(part: number, whole: number): number | null {
  if (!(whole > 0)) return null;
  return Math.min(100, Math.max(0, (part / whole) * 100));
}
