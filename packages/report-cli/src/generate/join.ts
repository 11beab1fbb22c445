import type { LogStore } from '../model/log-store.js';
import type { Invocation, ReportRecord } from '../model/types.js';

/**
 * The annotations of every log-only invocation: none. Analyzers only read annotations; one Map per
 * invocation was 1 % of a log-only run's profile (100,000 empty Maps).
 */
const NO_ANNOTATIONS = new Map<string, string>();

/** An invocation known from its REPORT line only (no trace claimed it). */
export function logOnlyInvocation(r: ReportRecord, store: LogStore): Invocation {
  const timeout = r.status === 'timeout' || store.timeouts.has(r.requestId);
  // One look-up answers has() and get(): the map's values are strings or null, never undefined.
  const logged = store.errors.get(r.requestId);
  const errorType = logged ?? r.errorType;
  return {
    traceId: r.traceId,
    requestId: r.requestId,
    functionName: null,
    startMs: r.timestampMs !== null ? r.timestampMs - r.durationMs : null,
    durationMs: r.durationMs,
    coldStart: r.initDurationMs !== null || r.restoreDurationMs !== null,
    initMs: r.initDurationMs,
    traceInitMs: null,
    report: r,
    error: logged !== undefined || r.status === 'error' || r.status === 'failure',
    fault: false,
    throttle: false,
    timeout,
    errorType: errorType ?? null,
    annotations: NO_ANNOTATIONS,
    calls: [],
    root: null,
    environment: store.environmentOf(r.requestId, r),
    memory: { allocatedMb: r.memorySizeMb, maxUsedMb: r.maxMemoryUsedMb },
    profiler: {},
    upstream: [],
    hasTrace: false,
  };
}

/** Joins an invocation from a trace with its REPORT line and log facts. */
export function joinLogs(inv: Invocation, store: LogStore): void {
  const r = store.take(inv.requestId, inv.traceId);
  if (r) {
    inv.report = r;
    inv.requestId = r.requestId;
    inv.durationMs = r.durationMs;
    if (r.initDurationMs !== null) {
      inv.coldStart = true;
      inv.initMs = r.initDurationMs;
    } else if (inv.coldStart === null) inv.coldStart = false;
    inv.memory = {
      allocatedMb: r.memorySizeMb ?? inv.memory.allocatedMb,
      maxUsedMb: r.maxMemoryUsedMb ?? inv.memory.maxUsedMb,
    };
  }
  if (inv.coldStart === true && inv.initMs === null)
    inv.initMs = inv.traceInitMs ?? inv.profiler.init?.durationMs ?? null;
  if (inv.requestId) {
    if (store.timeouts.has(inv.requestId) || r?.status === 'timeout') inv.timeout = true;
    // One look-up answers has() and get(): the map's values are strings or null, never undefined.
    const logged = store.errors.get(inv.requestId);
    if (logged !== undefined) {
      inv.error = true;
      inv.errorType = logged;
    }
    const environment = store.environmentOf(inv.requestId, r);
    // Log streams and run.json name environments for certain; a text file's inference is a guess
    // that the middleware's own environment id (from the trace) beats.
    if (environment !== null && !(inv.environment !== null && store.isInferred(environment)))
      inv.environment = environment;
  }
  if (r && (r.status === 'error' || r.status === 'failure')) {
    inv.error = true;
    inv.errorType ??= r.errorType;
  }
}
