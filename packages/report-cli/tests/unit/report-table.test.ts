import { describe, expect, it } from 'vitest';
import { ReportTable } from '../../src/model/report-table.js';
import type { ReportRecord } from '../../src/model/types.js';

const FULL: Omit<ReportRecord, 'order' | 'environment'> = {
  requestId: 'r-full',
  durationMs: 128.83,
  billedMs: 200,
  memorySizeMb: 128,
  maxMemoryUsedMb: 74,
  initDurationMs: 166.62,
  restoreDurationMs: 0,
  traceId: '1-5d9d007f-0a8c7fd02aaaa480aed55ef0',
  segmentId: '3d752aaaa1bbe37e',
  status: 'timeout',
  errorType: 'Sandbox.Timedout',
  timestampMs: 1_768_000_000_123,
};

const EMPTY: Omit<ReportRecord, 'order' | 'environment'> = {
  requestId: 'r-empty',
  durationMs: 0,
  billedMs: null,
  memorySizeMb: null,
  maxMemoryUsedMb: null,
  initDurationMs: null,
  restoreDurationMs: null,
  traceId: null,
  segmentId: null,
  status: null,
  errorType: null,
  timestampMs: null,
};

describe('ReportTable', () => {
  it('gives back every field as added, nulls and zeros apart, with the row as order', () => {
    const table = new ReportTable();
    expect(table.add(FULL)).toBe(0);
    expect(table.add(EMPTY)).toBe(1);
    table.setEnvironment(0, 'f.log#1');
    expect(table.record(0)).toEqual({ ...FULL, order: 0, environment: 'f.log#1' });
    expect(table.record(1)).toEqual({ ...EMPTY, order: 1, environment: null });
    expect(Object.is(table.record(1).durationMs, 0)).toBe(true);
  });

  it('keeps rows apart across number blocks (thousands of rows)', () => {
    const table = new ReportTable();
    for (let i = 0; i < 10_000; i++)
      table.add({ ...EMPTY, requestId: `r${i}`, durationMs: i + 0.5, billedMs: i % 3 === 0 ? null : i });
    expect(table.size).toBe(10_000);
    for (const i of [0, 4095, 4096, 8191, 8192, 9999]) {
      const r = table.record(i);
      expect(r.requestId).toBe(`r${i}`);
      expect(r.durationMs).toBe(i + 0.5);
      expect(r.billedMs).toBe(i % 3 === 0 ? null : i);
      expect(r.order).toBe(i);
    }
  });

  it('attaches a trace read after the row, and stores the status as its literal', () => {
    const table = new ReportTable();
    const row = table.add({ ...EMPTY, status: 'xerrorx'.slice(1, -1) as 'error' });
    table.setTrace(row, FULL.traceId!, null);
    expect(table.traceId(row)).toBe(FULL.traceId);
    expect(table.record(row)).toMatchObject({ traceId: FULL.traceId, segmentId: null, status: 'error' });
  });

  it('gives back each status, error type and environment of many rows, environments switching', () => {
    const table = new ReportTable();
    const statuses = [null, 'success', 'timeout', 'error', 'failure'] as const;
    const environments = ['f.log#1', 'f.log#2', null, 'stream-a'];
    for (let i = 0; i < 9000; i++) {
      const row = table.add({
        ...EMPTY,
        requestId: `r${i}`,
        status: statuses[i % 5]!,
        errorType: i % 1000 === 3 ? `Runtime.Error${i}` : null,
      });
      table.setEnvironment(row, environments[Math.floor(i / 7) % 4]!);
    }
    for (const i of [0, 3, 6, 7, 1003, 4095, 4096, 5003, 8999]) {
      const r = table.record(i);
      expect(r.status).toBe(statuses[i % 5]);
      expect(r.errorType).toBe(i % 1000 === 3 ? `Runtime.Error${i}` : null);
      expect(r.environment).toBe(environments[Math.floor(i / 7) % 4]);
      expect(table.environment(i)).toBe(r.environment);
    }
    table.setEnvironment(7, null);
    expect(table.record(7).environment).toBeNull();
  });
});
