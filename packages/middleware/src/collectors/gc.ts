import { builtin } from '../builtins.js';

/** One garbage collection as `PerformanceObserver` reports it: `performance.now()` start, ms. */
export interface GcPause {
  startMs: number;
  ms: number;
}

/** Most recent collections kept; older ones cannot fall inside an open invocation anyway. */
const CAPACITY = 256;

interface GcLog {
  pauses: GcPause[];
  next: number;
}

const KEY = Symbol.for('lambda-profiler.gc-log.v1');

/**
 * Starts recording GC pauses for the process (idempotent, shared by every copy of the package).
 *
 * Why an always-on `PerformanceObserver('gc')`: its entries arrive asynchronously (not through
 * `takeRecords()` at the end of a synchronous stretch), so it must be observing before a sampled
 * invocation starts; re-observing per invocation cost 15 µs and `v8.GCProfiler` 54 µs per
 * start/stop (measured), while a standing observer costs only when V8 collects. A collection in the
 * last synchronous stretch of an invocation is delivered after it ended and is not counted.
 */
export function startGcLog(): void {
  const holder = globalThis as unknown as Record<symbol, GcLog | undefined>;
  if (holder[KEY]) return;
  const log: GcLog = { pauses: [], next: 0 };
  holder[KEY] = log;
  const { PerformanceObserver } = builtin('node:perf_hooks');
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const pause = { startMs: entry.startTime, ms: entry.duration };
      if (log.pauses.length < CAPACITY) log.pauses.push(pause);
      else log.pauses[log.next] = pause;
      log.next = (log.next + 1) % CAPACITY;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}

const NONE: readonly GcPause[] = [];

/**
 * The recorded pauses that started within [fromMs, toMs] (`performance.now()` times), unordered;
 * null when nothing observes collections (no figure rather than a false "no GC").
 */
export function gcPausesBetween(fromMs: number, toMs: number): readonly GcPause[] | null {
  const log = (globalThis as unknown as Record<symbol, GcLog | undefined>)[KEY];
  if (!log) return null;
  let found: GcPause[] | undefined;
  for (const p of log.pauses) {
    if (p.startMs < fromMs || p.startMs > toMs) continue;
    found ??= [];
    found.push(p);
  }
  return found ?? NONE;
}

/** Pause time (ms) of `pauses` overlapping [fromMs, toMs]: each pause counted for the part inside. */
export function pauseMsWithin(pauses: readonly GcPause[], fromMs: number, toMs: number): number {
  let ms = 0;
  for (const p of pauses) {
    const overlap = Math.min(toMs, p.startMs + p.ms) - Math.max(fromMs, p.startMs);
    if (overlap > 0) ms += overlap;
  }
  return ms;
}
