import { describe, expect, it } from 'vitest';
import { heavyOperationsAnalyzer } from '../../src/analyzers/heavy-operations.js';
import type { HotFunctionRow, HotFunctionsSection } from '../../src/contracts/report-types.js';
import type { Invocation } from '../../src/model/types.js';
import { namedHot } from '../../src/recommendations/build.js';

const MB = 1024 * 1024;
const row = (over: Partial<HotFunctionRow>): HotFunctionRow => ({
  name: 'f',
  location: './src/f.ts:1',
  package: '(app)',
  avgSelfMs: 0,
  avgTotalMs: 0,
  selfPct: 0,
  profiles: 1,
  ...over,
});
const section = (profiles: number, avgSampledMs: number): HotFunctionsSection => ({
  profiles,
  avgSampledMs,
  avgOverheadMs: 10,
  functions: [],
});

describe('cpu-hot-function: which sampled functions are named', () => {
  it('judges a function by the profiled invocations it ran in', () => {
    // 35 ms per run in 1 of 5 profiles (7 ms averaged over all), 7 % of all sampled CPU, runs of ~100 ms
    const sometimes = row({ avgSelfMs: 7, selfPct: 7, profiles: 1 });
    expect(namedHot(sometimes, section(5, 100))).toBe(true);
    // The same 35 ms in invocations spending 500 ms of CPU each: under 10 %
    expect(namedHot(sometimes, section(5, 500))).toBe(false);
  });

  it('names 50 ms per run whatever the share, never runtime frames, never under 10 ms', () => {
    expect(namedHot(row({ avgSelfMs: 60, selfPct: 2, profiles: 1 }), section(1, 3000))).toBe(true);
    expect(namedHot(row({ avgSelfMs: 60, selfPct: 60, package: '(v8)' }), section(1, 100))).toBe(false);
    expect(namedHot(row({ avgSelfMs: 8, selfPct: 40, profiles: 1 }), section(1, 20))).toBe(false);
  });
});

describe('memory-heavy-operation: allocation per profiled invocation that ran it', () => {
  it('keeps a deep clone that allocates 1.5 MB on one request type in three', () => {
    // Prepare
    const analyzer = heavyOperationsAnalyzer();
    const inv = (sites: object[]) => ({ profiler: { profile: { heap: { sites } } } }) as unknown as Invocation;
    const clone = { name: 'applyTurn', location: './src/flows/state-update.ts:61', package: '(app)', bytes: 1.5 * MB };

    // Act
    analyzer.add(inv([clone]), []);
    analyzer.add(inv([]), []);
    analyzer.add(inv([]), []);
    const ops = analyzer.finish();

    // Assess
    expect(ops).toEqual([
      { name: 'applyTurn', location: './src/flows/state-update.ts:61', heapDeltaMb: null, allocatedMb: 1.5, count: 1 },
    ]);
  });
});

describe('memory-heavy-operation: the default threshold', () => {
  it('names 0.6 MB per invocation that ran it and drops 0.4 MB', () => {
    const analyzer = heavyOperationsAnalyzer();
    const inv = (sites: object[]) => ({ profiler: { profile: { heap: { sites } } } }) as unknown as Invocation;
    const site = (name: string, mb: number) => ({
      name,
      location: `./src/${name}.ts:1`,
      package: '(app)',
      bytes: mb * MB,
    });
    analyzer.add(inv([site('applyTurn', 0.6), site('small', 0.4)]), []);
    expect(analyzer.finish().map((h) => h.name)).toEqual(['applyTurn']);
  });
});
