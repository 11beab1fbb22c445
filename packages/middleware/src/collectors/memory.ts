type V8 = typeof import('node:v8');
let v8: V8 | undefined;

/**
 * `node:v8`, loaded on first use: importing it costs 9–20 ms on a busy 2-core machine, which would
 * break the ≤ 5 ms import budget of the middleware. `profiler()` warms it during init.
 */
export function v8Module(): V8 {
  v8 ??= process.getBuiltinModule('node:v8') as V8;
  return v8;
}

/** Heap used, bytes (≈ 0.4 µs). */
export function heapUsedBytes(): number {
  return v8Module().getHeapStatistics().used_heap_size;
}

/** The cheap probe (≈ 0.2 µs in a loop, 1–2 µs inside a warm invocation): V8 heap figures, bytes. */
export function heapProbe(): import('node:v8').HeapInfo {
  return v8Module().getHeapStatistics();
}

/** Peak resident set size of the process so far, bytes (`process.resourceUsage().maxRSS` is in KiB). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** How long a peak-RSS reading is reused on unsampled invocations. */
export const PEAK_RSS_REFRESH_MS = 1000;
let lastPeak = 0;
let lastPeakAt = Number.NEGATIVE_INFINITY;

/**
 * Peak RSS, read fresh when `fresh` (first invocation, `memory: 'detailed'`) or when the last reading
 * is older than PEAK_RSS_REFRESH_MS. `getrusage` measured 2–10 µs inside a warm invocation: the
 * largest probe left, and peak RSS only grows, so a recent reading is a close lower bound (REPORT's
 * Max Memory Used stays the authoritative figure).
 */
export function peakRssBytesCached(nowMs: number, fresh: boolean): number {
  if (fresh || nowMs - lastPeakAt > PEAK_RSS_REFRESH_MS) {
    lastPeak = peakRssBytes();
    lastPeakAt = nowMs;
  }
  return lastPeak;
}

let configured: number | null | undefined;

/** Configured memory size (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`), null when unknown. Read once. */
export function configuredMemoryMb(): number | null {
  if (configured === undefined) {
    const value = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
    configured = Number.isFinite(value) && value > 0 ? value : null;
  }
  return configured;
}

/** Test seam: re-read the configured memory size. */
export function resetConfiguredMemory(): void {
  configured = undefined;
  lastPeakAt = Number.NEGATIVE_INFINITY;
}
