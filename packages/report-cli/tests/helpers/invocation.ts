import type { Invocation } from '../../src/model/types.js';

/** An invocation with every field at its empty value, for analyzer unit tests; `fields` override. */
export function invocationFixture(fields: Partial<Invocation> = {}): Invocation {
  return {
    traceId: null,
    requestId: null,
    functionName: 'fn',
    startMs: 0,
    durationMs: 0,
    coldStart: false,
    initMs: null,
    traceInitMs: null,
    report: null,
    error: false,
    fault: false,
    throttle: false,
    timeout: false,
    errorType: null,
    annotations: new Map(),
    calls: [],
    root: null,
    environment: null,
    memory: { allocatedMb: null, maxUsedMb: null },
    profiler: {},
    upstream: [],
    hasTrace: false,
    ...fields,
  };
}
