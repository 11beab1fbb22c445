import type { InvocationRecord } from '@lambda-profiler/middleware/contract';
import { describe, expect, it } from 'vitest';
import { memoryAnalyzer } from '../../src/analyzers/memory.js';
import type { Invocation, ReportRecord } from '../../src/model/types.js';

let order = 0;

function report(maxMemoryUsedMb: number): ReportRecord {
  return {
    requestId: `r${order}`,
    durationMs: 10,
    billedMs: 10,
    memorySizeMb: 512,
    maxMemoryUsedMb,
    initDurationMs: null,
    restoreDurationMs: null,
    traceId: null,
    segmentId: null,
    status: null,
    errorType: null,
    timestampMs: null,
    order: order++,
  };
}

/** One invocation of `environment`; `heapMb` only when the middleware sampled it. */
function invocation(environment: string, index: number, reportMb: number | null, heapMb?: number): Invocation {
  const record = {
    v: 1,
    kind: 'invocation',
    requestId: `r${index}`,
    coldStart: index === 1,
    initType: 'on-demand',
    environmentId: environment,
    invocationIndex: index,
    sampled: heapMb !== undefined,
    startEpochMs: 0,
    durationMs: 1,
    memory:
      heapMb === undefined ? { limitMb: 512, peakRssMb: 90 } : { limitMb: 512, peakRssMb: 90, heapUsedEndMb: heapMb },
  } as InvocationRecord;
  return {
    traceId: null,
    requestId: `r${index}`,
    functionName: 'fn',
    startMs: index,
    durationMs: 10,
    coldStart: index === 1,
    initMs: null,
    traceInitMs: null,
    report: reportMb === null ? null : report(reportMb),
    error: false,
    fault: false,
    throttle: false,
    timeout: false,
    errorType: null,
    annotations: new Map(),
    calls: [],
    root: null,
    environment,
    memory: { allocatedMb: 512, maxUsedMb: null },
    profiler: { invocation: record },
    upstream: [],
    hasTrace: false,
  };
}

describe('memory analyzer: leak suspicion per environment', () => {
  it('measures heap growth per invocation from sampled invocations, never mixing heap and RSS levels', () => {
    const analyzer = memoryAnalyzer();
    for (let i = 1; i <= 200; i++) {
      // Heap grows 0.8 MB per invocation but is only measured on every 10th (sampled) one; REPORT's
      // Max Memory Used (a process high-water mark, far above the heap) stays flat.
      analyzer.add(invocation('leaky', i, 300, i % 10 === 1 ? 20 + 0.8 * i : undefined), []);
      // No middleware samples at all here: the REPORT series grows 0.6 MB per invocation.
      analyzer.add(invocation('report-only', i, 100 + 0.6 * i), []);
      // Sampled heap flat, REPORT flat: nothing to suspect.
      analyzer.add(invocation('steady', i, 120, i % 10 === 1 ? 30 : undefined), []);
    }
    const result = analyzer.finish();
    const byEnv = Object.fromEntries(result.leakSuspects.map((s) => [s.environment, s.growthMbPerInvocation]));
    // Per invocation, not per sampled point (which would be 8 MB).
    expect(byEnv.leaky).toBeCloseTo(0.8, 2);
    expect(byEnv['report-only']).toBeCloseTo(0.6, 2);
    expect(byEnv).not.toHaveProperty('steady');
  });

  it('falls back to REPORT when an environment has too few sampled invocations', () => {
    const analyzer = memoryAnalyzer();
    for (let i = 1; i <= 30; i++) analyzer.add(invocation('few-samples', i, 100 + i, i === 1 ? 25 : undefined), []);
    const [suspect] = analyzer.finish().leakSuspects;
    expect(suspect).toEqual({ environment: 'few-samples', growthMbPerInvocation: 1 });
  });
});
