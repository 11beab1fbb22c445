import type { InvocationRecord } from '@lambda-profiler/middleware/contract';
import { describe, expect, it } from 'vitest';
import { memoryAnalyzer } from '../../src/analyzers/memory.js';
import type { Invocation, ReportRecord } from '../../src/model/types.js';
import { heavyLine } from '../../src/renderers/hot-functions.js';
import { invocationFixture } from '../helpers/invocation.js';

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
  return invocationFixture({
    requestId: `r${index}`,
    startMs: index,
    durationMs: 10,
    coldStart: index === 1,
    report: reportMb === null ? null : report(reportMb),
    environment,
    memory: { allocatedMb: 512, maxUsedMb: null },
    profiler: { invocation: record },
  });
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
    for (let i = 1; i <= 80; i++) analyzer.add(invocation('few-samples', i, 100 + i, i === 1 ? 25 : undefined), []);
    const [suspect] = analyzer.finish().leakSuspects;
    expect(suspect).toEqual({ environment: 'few-samples', growthMbPerInvocation: 1 });
  });
});

describe('memory analyzer: a high-water mark that stops rising is no leak', () => {
  it('ignores the warm-up steps of Max Memory Used and flags a mark that keeps rising', () => {
    const analyzer = memoryAnalyzer();
    // As measured in a demo environment (no heap samples): steps while the heap grows to its
    // working size, then flat (here over 60 invocations).
    const warm = [117, 117, 117, 127, 127, 127, 129, 129, 131, 131, 131, 133, 133, 142, 142];
    const marks = [...warm, ...Array.from({ length: 44 }, () => 144.6), 144.8];
    marks.forEach((mb, i) => {
      analyzer.add(invocation('warming', i + 1, mb), []);
    });
    // The same warm-up, then +1 MB per invocation to the end.
    marks.forEach((_, i) => {
      analyzer.add(invocation('leaking', i + 1, i < warm.length ? warm[i]! : 142 + (i - warm.length + 1)), []);
    });
    // A demo environment's whole life (19 invocations, too few heap samples): the mark's last step
    // came 3 invocations before the end. +3 MB per invocation over its last half, and no leak.
    [86, 89, 95, 97, 100, 100, 100, 101, 114, 114, 114, 114, 114, 114, 114, 130, 135, 135, 135].forEach((mb, i) => {
      analyzer.add(invocation('short-life', i + 1, mb), []);
    });
    const suspects = analyzer.finish().leakSuspects;
    expect(suspects.map((s) => s.environment)).toEqual(['leaking']);
    expect(suspects[0]!.growthMbPerInvocation).toBeGreaterThanOrEqual(0.9);
  });
});

describe('memory analyzer: memory-heavy operations', () => {
  it('lists spans that grow the heap or pay GC pauses, with their average pause', () => {
    const analyzer = memoryAnalyzer();
    for (let i = 1; i <= 4; i++) {
      const inv = invocation('env', i, 100, 20);
      inv.profiler.details = {
        v: 1,
        kind: 'details',
        requestId: `r${i}`,
        spans: [
          // Little net growth, much garbage: heavy by its GC pauses.
          { name: 'render', startEpochMs: 0, durationMs: 40, parent: null, heapDeltaMb: -0.2, gcPauseMs: 6 + i },
          // Grows the heap: heavy by its growth; no GC recorded (an older middleware).
          { name: 'load cache', startEpochMs: 50, durationMs: 5, parent: null, heapDeltaMb: 9 },
          // Neither.
          { name: 'reply', startEpochMs: 60, durationMs: 5, parent: null, heapDeltaMb: 0.1, gcPauseMs: 0.5 },
        ],
        calls: [],
      };
      analyzer.add(inv, []);
    }
    const heavy = analyzer.finish().heavyOperations;
    expect(heavy.map((h) => h.name)).toEqual(['load cache', 'render']);
    expect(heavy.find((h) => h.name === 'render')).toMatchObject({ gcPauseMs: 8.5, count: 4 });
    expect(heavy.find((h) => h.name === 'load cache')).not.toHaveProperty('gcPauseMs');
    expect(heavy.map(heavyLine)).toEqual([
      '- load cache: heap +9 MB on average (4 sampled)',
      '- render: heap -0.2 MB on average, GC pauses 8.5 ms (4 sampled)',
    ]);
  });
});

describe('memory analyzer: the saw-tooth of a steady heap is no leak', () => {
  it('needs the growth to stand out of the saw-tooth (t statistic), not just a slope', () => {
    const analyzer = memoryAnalyzer();
    // The sampled points of a steady environment from a demo run: +1 MB per invocation by slope alone.
    const points: [number, number][] = [
      [1, 33.166],
      [5, 36.97],
      [7, 36.047],
      [8, 25.559],
      [9, 25.816],
      [13, 29.592],
      [16, 36.83],
      [17, 28.036],
      [20, 39.107],
    ];
    for (const [index, heap] of points) analyzer.add(invocation('steady', index, null, heap), []);
    // A demo environment (no leak planted) whose heap climbed with uncollected garbage to the end of
    // its short life: +2 MB per invocation at t ≥ 4 over its last 9 invocations, no collection among them.
    const climbing: [number, number][] = [
      [1, 18.0],
      [7, 20.9],
      [10, 21.0],
      [12, 20.0],
      [13, 22.6],
      [16, 30.8],
      [19, 37.4],
    ];
    for (const [index, heap] of climbing) analyzer.add(invocation('short-life', index, null, heap), []);
    // A leak of the same size through the same saw-tooth amplitude, over more invocations.
    for (let i = 1; i <= 60; i += 3) analyzer.add(invocation('leaking', i, null, 25 + i + ((i * 7) % 11) - 5), []);
    const suspects = analyzer.finish().leakSuspects;
    expect(suspects.map((s) => s.environment)).toEqual(['leaking']);
    expect(suspects[0]!.growthMbPerInvocation).toBeGreaterThan(0.8);
  });
});
