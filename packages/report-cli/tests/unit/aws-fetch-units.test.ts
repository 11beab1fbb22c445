import { describe, expect, it } from 'vitest';
import { mergeIntervals, selectSampledEvents } from '../../src/aws/log-events.js';
import { parsePopulation } from '../../src/aws/logs-insights.js';
import { serviceMapFromGraph } from '../../src/aws/service-map.js';
import { parseDuration, resolveWindow, splitWindow } from '../../src/aws/time-window.js';
import { formatError } from '../../src/cli/errors.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-28T12:00:00Z');

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return formatError(error);
  }
  throw new Error('expected an error');
}

describe('time windows', () => {
  it('parses --since and --start/--end, UTC unless an offset is given', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(1.5 * HOUR);
    expect(resolveWindow({ since: '2d' }, NOW)).toEqual({ startMs: NOW - 48 * HOUR, endMs: NOW });
    expect(resolveWindow({ start: '2026-11-28T09:00:00', end: '2026-11-28T11:30:00+01:00' }, NOW)).toEqual({
      startMs: Date.parse('2026-11-28T09:00:00Z'),
      endMs: Date.parse('2026-11-28T10:30:00Z'),
    });
  });

  it('rejects a window that ends before it starts, and bad durations', () => {
    expect(errorOf(() => resolveWindow({ start: '2026-11-28T10:00:00Z', end: '2026-11-28T09:00:00Z' }, NOW))).toBe(
      '--end must be after --start',
    );
    expect(errorOf(() => parseDuration('0h'))).toBe('--since: must be longer than 0, got "0h"');
    expect(errorOf(() => resolveWindow({}, NOW))).toContain('needs --since');
  });

  it('splits into ≤ 6 h windows, newest first, covering the range exactly', () => {
    const windows = splitWindow({ startMs: NOW - 13 * HOUR, endMs: NOW });
    expect(windows.map((w) => (w.endMs - w.startMs) / HOUR)).toEqual([6, 6, 1]);
    expect(windows[0]!.endMs).toBe(NOW);
    expect(windows[2]!.startMs).toBe(NOW - 13 * HOUR);
    expect(windows[1]!.endMs).toBe(windows[0]!.startMs);
  });
});

describe('log events of sampled traces', () => {
  const report = (id: string, trace: string, ts: number, stream = 's1') => ({
    logStreamName: stream,
    timestamp: ts,
    message: `REPORT RequestId: ${id}\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t\nXRAY TraceId: ${trace}\tSegmentId: 0123456789abcdef\tSampled: true\t\n`,
  });
  const emf = (ts: number, stream = 's1') => ({
    logStreamName: stream,
    timestamp: ts,
    message: '{"_aws":{"Timestamp":1}}',
  });
  const A = 'c793869b-ee49-415b-a5b6-000000000001';
  const B = 'c793869b-ee49-415b-a5b6-000000000002';
  const TA = '1-6352a70e-1e2c502e358361800241fd45';

  it('keeps REPORT lines matched by request id or trace id, and EMF lines inside those invocations', () => {
    const events = [
      emf(1_000),
      report(A, '1-6352a70e-000000000000000000000000', 1_050),
      emf(5_000),
      report(B, TA, 5_020),
      emf(5_010, 's2'),
      emf(9_000),
    ];
    const keep = selectSampledEvents(events, {
      requestIds: new Set([A]),
      traceIds: new Set([TA]),
      intervals: [],
    });
    expect(keep).toEqual([events[0], events[1], events[2], events[3]]);
  });

  it('reads JSON-format platform.report records too', () => {
    const json = {
      logStreamName: 's',
      timestamp: 10,
      message: JSON.stringify({ type: 'platform.report', record: { requestId: B, metrics: { durationMs: 5 } } }),
    };
    expect(selectSampledEvents([json], { requestIds: new Set([B]), traceIds: new Set(), intervals: [] })).toEqual([
      json,
    ]);
  });

  it('merges nearby invocation intervals into few FilterLogEvents ranges', () => {
    const merged = mergeIntervals([
      { startMs: 100_000, endMs: 101_000 },
      { startMs: 130_000, endMs: 131_000 },
      { startMs: 900_000, endMs: 901_000 },
    ]);
    expect(merged).toEqual([
      { startMs: 99_000, endMs: 136_000 },
      { startMs: 899_000, endMs: 906_000 },
    ]);
  });
});

describe('Logs Insights results', () => {
  it('converts bytes (MB × 10⁶) to MB and splits cold and warm rows', () => {
    const stats = { recordsMatched: 10, recordsScanned: 30, bytesScanned: 4_000 };
    const f = (o: Record<string, string>) => Object.entries(o).map(([field, value]) => ({ field, value }));
    const rows = (list: Record<string, string>[]) =>
      list.map((o) => Object.fromEntries(f(o).map((x) => [x.field, x.value])));
    const population = parsePopulation(
      '/aws/lambda/botFlow',
      'q',
      {
        rows: rows([
          {
            invocations: '10',
            coldStarts: '2',
            p90Ms: '250.5',
            peakMemoryUsedBytes: '150000000',
            memorySizeBytes: '768000000',
          },
        ]),
        statistics: stats,
      },
      {
        rows: rows([
          { coldStart: '0', invocations: '8', p90Ms: '200' },
          { coldStart: '1', invocations: '2', p90Ms: '900' },
        ]),
        statistics: stats,
      },
    );
    expect(population).toMatchObject({ invocations: 10, coldStarts: 2, peakMemoryUsedMb: 150, memorySizeMb: 768 });
    expect(population.latency.p90Ms).toBe(250.5);
    expect(population.cold).toMatchObject({ invocations: 2, p90Ms: 900 });
    expect(population.warm).toMatchObject({ invocations: 8, p90Ms: 200 });
    expect(population.statistics.bytesScanned).toBe(8_000);
  });
});

describe('service map from GetServiceGraph', () => {
  it('merges windows by name and type, and keeps only the function, its callees and callers', () => {
    const window = [
      {
        ReferenceId: 0,
        Name: 'api',
        Type: 'AWS::ApiGateway::Stage',
        Edges: [{ ReferenceId: 1, SummaryStatistics: { TotalCount: 10, TotalResponseTime: 2 } }],
      },
      {
        ReferenceId: 1,
        Name: 'botFlow',
        Type: 'AWS::Lambda',
        Edges: [{ ReferenceId: 2, SummaryStatistics: { TotalCount: 10, TotalResponseTime: 1.5 } }],
      },
      {
        ReferenceId: 2,
        Name: 'botFlow',
        Type: 'AWS::Lambda::Function',
        Edges: [
          {
            ReferenceId: 3,
            SummaryStatistics: { TotalCount: 20, TotalResponseTime: 0.4, FaultStatistics: { TotalCount: 1 } },
          },
        ],
      },
      { ReferenceId: 3, Name: 'api.openai.com', Type: 'remote', Edges: [] },
      {
        ReferenceId: 4,
        Name: 'other',
        Type: 'AWS::Lambda::Function',
        Edges: [{ ReferenceId: 3, SummaryStatistics: { TotalCount: 5 } }],
      },
    ];
    const map = serviceMapFromGraph([...window, ...window], 'botFlow');
    expect(map.nodes.map((n) => n.name)).toEqual(['api', 'botFlow', 'botFlow', 'api.openai.com']);
    const toOpenAi = map.edges.find((e) => map.nodes.find((n) => n.id === e.to)?.name === 'api.openai.com')!;
    expect(toOpenAi).toMatchObject({ count: 40, avgMs: 20, errorRatePct: 5 });
  });
});
