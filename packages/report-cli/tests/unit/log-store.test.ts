import fc from 'fast-check';
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

/**
 * The join as LogStore did it before its trace-id index was built lazily: one record object per
 * REPORT, request id and trace id maps filled as REPORTs are read. LogStore must answer every
 * sequence of reads and takes the same way.
 */
class EagerReference {
  private readonly reports = new Map<string, { requestId: string; traceId: string | null; order: number }>();
  private readonly requestByTrace = new Map<string, string>();
  private readonly shared = new Set<string>();
  private last: { requestId: string; traceId: string | null; order: number } | null = null;
  private order = 0;

  report(requestId: string, traceId: string | null): void {
    const r = { requestId, traceId, order: this.order++ };
    this.last = r;
    this.reports.set(requestId, r);
    if (traceId) this.index(traceId, requestId);
  }

  xray(traceId: string): void {
    if (!this.last || this.last.traceId) return;
    this.last.traceId = traceId;
    this.index(traceId, this.last.requestId);
  }

  private index(traceId: string, requestId: string): void {
    const size = this.requestByTrace.size;
    this.requestByTrace.set(traceId, requestId);
    if (this.requestByTrace.size === size) this.shared.add(traceId);
  }

  take(requestId: string | null, traceId: string | null): { requestId: string; order: number } | null {
    let r = requestId ? this.reports.get(requestId) : undefined;
    if (!r && traceId) {
      const id = this.requestByTrace.get(traceId);
      if (id) r = this.reports.get(id);
    }
    if (!r) return null;
    this.reports.delete(r.requestId);
    if (r.traceId && this.shared.has(r.traceId)) this.requestByTrace.delete(r.traceId);
    return { requestId: r.requestId, order: r.order };
  }

  unjoined(): string[] {
    return [...this.reports.keys()];
  }
}

describe('LogStore trace-id index (built on first use)', () => {
  const ids = ['a', 'b', 'c', 'd'];
  const traces = [T, '1-6968b9a0-0123456789abcdef01234568', '1-6968b9a0-0123456789abcdef01234569'];
  const op = fc.oneof(
    fc.record({
      kind: fc.constant('report' as const),
      id: fc.constantFrom(...ids),
      trace: fc.option(fc.constantFrom(...traces)),
    }),
    fc.record({ kind: fc.constant('xray' as const), trace: fc.constantFrom(...traces) }),
    fc.record({
      kind: fc.constant('take' as const),
      id: fc.option(fc.constantFrom(...ids, 'zzz')),
      trace: fc.option(fc.constantFrom(...traces)),
    }),
  );

  it('joins like the eager index for any order of REPORTs, XRAY parts and takes (duplicates, shared ids)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const store = new LogStore();
        const reference = new EagerReference();
        for (const o of ops) {
          if (o.kind === 'report') {
            store.report('f.log', false, report(o.id, o.trace));
            reference.report(o.id, o.trace);
          } else if (o.kind === 'xray') {
            store.xrayForLastReport('f.log', false, o.trace, null);
            reference.xray(o.trace);
          } else {
            const got = store.take(o.id, o.trace);
            const want = reference.take(o.id, o.trace);
            expect(got && { requestId: got.requestId, order: got.order }).toEqual(want);
          }
        }
        expect([...store.unjoined()].map((r) => r.requestId)).toEqual(reference.unjoined());
      }),
      { numRuns: 500 },
    );
  });

  it('finds a REPORT by a trace id set by its XRAY line, after other takes', () => {
    const store = new LogStore();
    store.report('f.log', false, report('a', null));
    store.xrayForLastReport('f.log', false, T, '0123456789abcdef');
    store.report('f.log', false, report('b', null));
    expect(store.take('b', null)?.requestId).toBe('b');
    expect(store.take(null, T)).toMatchObject({ requestId: 'a', traceId: T, segmentId: '0123456789abcdef' });
  });

  it('yields unjoined REPORTs in first-read order while they are taken', () => {
    const store = new LogStore();
    for (const id of ['a', 'b', 'a', 'c']) store.report('f.log', false, report(id, null));
    const seen: [string, number][] = [];
    for (const r of store.unjoined()) {
      seen.push([r.requestId, r.order]);
      expect(store.take(r.requestId, null)).toBe(r);
    }
    expect(seen).toEqual([
      ['a', 2],
      ['b', 1],
      ['c', 3],
    ]);
    expect(store.pendingReports).toBe(0);
    expect(store.reportCount).toBe(3);
  });

  it('hands out a fresh record when an XRAY part arrived after the row was yielded', () => {
    const store = new LogStore();
    store.report('f.log', false, report('a', null));
    for (const r of store.unjoined()) {
      store.xrayForLastReport('f.log', false, T, null);
      const taken = store.take(r.requestId, null);
      expect(taken).not.toBe(r);
      expect(taken?.traceId).toBe(T);
    }
  });
});
