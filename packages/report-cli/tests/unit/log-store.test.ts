import { describe, expect, it } from 'vitest';
import { LogStore } from '../../src/model/log-store.js';
import type { ReportRecord } from '../../src/model/types.js';

const T = '1-6968b9a0-0123456789abcdef01234567';

function report(requestId: string, traceId: string | null): Omit<ReportRecord, 'order'> {
  return {
    requestId,
    durationMs: 10,
    billedMs: null,
    memorySizeMb: null,
    maxMemoryUsedMb: null,
    initDurationMs: null,
    restoreDurationMs: null,
    traceId,
    segmentId: null,
    status: null,
    errorType: null,
    timestampMs: null,
  };
}

describe('LogStore joins', () => {
  it('finds a REPORT by request id or trace id, once', () => {
    const store = new LogStore();
    store.report('f.log', false, report('a', T));
    expect(store.take(null, T)?.requestId).toBe('a');
    expect(store.take('a', T)).toBeNull();
    expect(store.joined).toBe(1);
  });

  it('forgets a trace id shared by two REPORTs once either is joined', () => {
    const store = new LogStore();
    store.report('f.log', false, report('a', T));
    store.report('f.log', false, report('b', T));
    expect(store.take('a', null)?.requestId).toBe('a');
    expect(store.take(null, T)).toBeNull();
    expect(store.take('b', null)?.requestId).toBe('b');
  });

  it('gives the environment inferred from the stream with the joined REPORT', () => {
    const store = new LogStore();
    store.report('f.log', false, report('a', T));
    const r = store.take('a', null);
    expect(store.environmentOf('a', r)).toBe('f.log#1');
    expect(store.environmentOf('zzz', null)).toBeNull();
  });
});
