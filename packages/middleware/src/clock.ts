/**
 * The only place that reads time. `performance.now()` is monotonic and sub-millisecond; epoch
 * times are derived from `performance.timeOrigin` so both kinds agree within one process.
 */

/** Milliseconds since process start (`performance.timeOrigin`), monotonic. */
export function nowMs(): number {
  return performance.now();
}

/** Wall-clock epoch milliseconds of a `nowMs()` reading. */
export function toEpochMs(perfMs: number): number {
  return performance.timeOrigin + perfMs;
}

/** Rounds a millisecond figure to µs precision, keeping documents small. */
export function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

const MB = 1024 * 1024;

/** Bytes to MB (2^20), rounded to 0.001. */
export function toMb(bytes: number): number {
  return Math.round((bytes / MB) * 1000) / 1000;
}
