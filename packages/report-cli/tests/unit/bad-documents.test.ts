import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../src/contracts/validate.js';
import { generateReport } from '../../src/generate/index.js';
import { FIXED_TIME } from '../helpers/fixtures.js';

const TRACE = '1-66bfd54d-6b379b8727b6273f7675338c';

function write(name: string, lines: unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lp-bad-')), name);
  writeFileSync(file, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
  return file;
}

const fn = (extra: Record<string, unknown>) => ({
  id: 'a0aaa0aa000aaa00',
  name: 'fn',
  trace_id: TRACE,
  start_time: 1700000000,
  end_time: 1700000000.5,
  origin: 'AWS::Lambda::Function',
  ...extra,
});

/** Inputs the property test found (fast-check seeds 1-11): each gave a report outside the schema, or a crash. */
describe('documents that contradict themselves', () => {
  it('give no negative duration when a subsegment ends before it starts, or has a null end', async () => {
    const traces = write('traces.ndjson', [
      fn({
        subsegments: [
          { id: 'aaa00a0a0aa000aa', name: 'backwards', start_time: 1700000000.2, end_time: 1700000000.1 },
          { id: 'aaa00a0a0aa000ab', name: 'unended', start_time: 1700000000.3, end_time: null },
        ],
      }),
    ]);
    const r = await generateReport({ traces: [traces], generatedAt: FIXED_TIME });
    expect(validateReport(r).errors).toEqual([]);
    expect(r.slowestTraces[0]!.timeline!.every((t) => t.durationMs >= 0)).toBe(true);
  });

  it('read a function segment that ends before it starts as lasting 0 ms', async () => {
    const traces = write('traces.ndjson', [fn({ start_time: 1700000000.00005, end_time: 1700000000 })]);
    const r = await generateReport({ traces: [traces], generatedAt: FIXED_TIME });
    expect(validateReport(r).errors).toEqual([]);
    expect(r.latency.invocation.avgMs).toBe(0);
  });

  it('read "aws": null as no AWS call', async () => {
    const traces = write('traces.ndjson', [
      fn({}),
      {
        id: 'a00a0aaa0a0a0a0a',
        name: 'DynamoDB',
        trace_id: TRACE,
        start_time: 1700000000.1,
        end_time: 1700000000.2,
        parent_id: 'a0aaa0aa000aaa00',
        type: 'subsegment',
        aws: null,
      },
    ]);
    const r = await generateReport({ traces: [traces], generatedAt: FIXED_TIME });
    expect(validateReport(r).errors).toEqual([]);
    expect(r.dynamodb.operations).toEqual([]);
  });

  it('leave the time range unknown when a REPORT duration puts it outside the years 0000-9999', async () => {
    const logs = write('tail.txt', [
      '2026-01-15T10:00:00.000000+00:00 2026/01/15/[$LATEST]abc REPORT RequestId: 00000000-0000-1000-8000-000000000000\tDuration: 63935690400000.51 ms\tMemory Size: 128 MB',
    ]);
    const r = await generateReport({ logs: [logs], generatedAt: FIXED_TIME });
    expect(validateReport(r).errors).toEqual([]);
    expect(r.sample.from).toBeNull();
    expect(r.sample.to).toBe('2026-01-15T10:00:00.000Z');
  });
});
