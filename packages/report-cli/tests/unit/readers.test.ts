import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { generateReport } from '../../src/generate/index.js';
import { LogStore } from '../../src/model/log-store.js';
import { detectFile, detectText } from '../../src/readers/detect.js';
import { Diagnostics } from '../../src/readers/diagnostics.js';
import { parseReportLine, readLogLine } from '../../src/readers/lambda-log.js';
import { FIXED_TIME, fixture } from '../helpers/fixtures.js';

function tmp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lp-readers-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('format detection', () => {
  it('recognises every documented input by content', () => {
    expect(detectFile(fixture('xray/batch-get-traces-scorekeep.json'))).toBe('xray-json');
    expect(detectFile(fixture('xray/lambda-cold-warm-2023.batch.json'))).toBe('xray-json');
    expect(detectFile(fixture('xray/lambda-classic-2017.ndjson'))).toBe('xray-ndjson');
    expect(detectFile(fixture('run-folder/traces.ndjson'))).toBe('xray-ndjson');
    expect(detectFile(fixture('logs/lambda-text.log'))).toBe('lambda-log-text');
    expect(detectFile(fixture('run-folder/function.log'))).toBe('lambda-log-text');
    expect(detectFile(fixture('logs/lambda-json-format.ndjson'))).toBe('lambda-log-json');
    expect(detectFile(fixture('logs/filter-log-events.json'))).toBe('cloudwatch-log-events');
    expect(detectFile(fixture('logs/get-log-events.json'))).toBe('cloudwatch-log-events');
    expect(detectFile(fixture('config/get-function-configuration.json'))).toBe('function-config');
    expect(detectFile(fixture('run-folder/run.json'))).toBe('run-manifest');
  });

  it('accepts the daemon header, a compact batch and a bare EMF first line', () => {
    expect(detectText('{"format":"json","version":1}\n{"id":"a"}')).toBe('xray-ndjson');
    expect(detectText('{"Traces":[]}')).toBe('xray-json');
    expect(detectText('{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]},"x":1}\nSTART RequestId: a Version: 1')).toBe(
      'lambda-log-json',
    );
    expect(detectText('hello world\nnothing here')).toBeNull();
    expect(detectText('')).toBeNull();
  });

  it('gives the same report whether the format is detected or forced', async () => {
    const detected = await generateReport({
      traces: [fixture('xray/lambda-cold-warm-2023.batch.json')],
      logs: [fixture('logs/lambda-text.log')],
      generatedAt: FIXED_TIME,
    });
    const forced = await generateReport({
      traces: [fixture('xray/lambda-cold-warm-2023.batch.json')],
      logs: [fixture('logs/lambda-text.log')],
      inputFormat: ['xray-json', 'lambda-log-text'],
      generatedAt: FIXED_TIME,
    });
    expect(forced).toEqual(detected);
  });

  it('names an empty file given by name, and skips one in a folder with a note', async () => {
    const empty = tmp('empty.ndjson', '');
    await expect(generateReport({ traces: [empty] })).rejects.toMatchObject({
      message: 'the file is empty',
      location: { file: empty },
    });
    const dir = mkdtempSync(join(tmpdir(), 'lp-readers-'));
    writeFileSync(join(dir, 'a-empty.log'), '');
    writeFileSync(join(dir, 'b.log'), 'REPORT RequestId: r1\tDuration: 12.5 ms\tMemory Size: 128 MB\n');
    const report = await generateReport({ logs: [dir], generatedAt: FIXED_TIME });
    expect(report.sample.invocations).toBe(1);
    expect(report.notes).toContain(`Skipped ${join(dir, 'a-empty.log')}: empty.`);
  });

  it('says what an AWS output that holds no segments or log lines is, and what to give instead', async () => {
    const lookalikes = {
      'summaries.json': [
        { TraceSummaries: [{ Id: '1-66bfd54d-6b379b8727b6273f7675338c', Duration: 0.2 }] },
        /get-trace-summaries.*batch-get-traces/,
      ],
      'graph.json': [{ Services: [{ Name: 'botFlow', Edges: [] }], StartTime: 1 }, /get-service-graph/],
      'insights.json': [
        {
          results: [[{ field: '@message', value: 'x' }]],
          statistics: { recordsMatched: 1, recordsScanned: 2 },
          status: 'Complete',
        },
        /Logs Insights results.*filter-log-events/,
      ],
      'streams.json': [{ logStreams: [{ logStreamName: 's' }] }, /log streams or groups/],
    } as const;
    const cliOutputs = {
      'traces.yaml':
        "Traces:\n- Duration: 0.2\n  Id: 1-66bfd54d-6b379b8727b6273f7675338c\n  Segments:\n  - Document: '{}'\n",
      'traces.txt': 'TRACES\t0.2\t1-66bfd54d-6b379b8727b6273f7675338c\tFalse\nSEGMENTS\t{}\tabc\n',
      'events.table': '-----------------\n|FilterLogEvents|\n+---------------+\n'.replace(
        '|FilterLogEvents|',
        '|  FilterLogEvents  |',
      ),
    };
    for (const [name, text] of Object.entries(cliOutputs)) {
      const file = tmp(name, text);
      await expect(generateReport({ traces: [file] }), name).rejects.toMatchObject({
        message: expect.stringMatching(/yaml, text or table output.*--output json/),
      });
    }
    const serverless = tmp(
      'serverless.log',
      'START\n2026-01-15 10:00:00.123 INFO  hello\nEND Duration: 3.63 ms (init: 150.07 ms) Memory Used: 60 MB\n',
    );
    await expect(generateReport({ logs: [serverless] })).rejects.toMatchObject({
      message: expect.stringMatching(/^not a trace or log input: `serverless logs` output.*aws logs tail/),
    });
    const dir = mkdtempSync(join(tmpdir(), 'lp-readers-lookalikes-'));
    for (const [name, [value, message]] of Object.entries(lookalikes)) {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(value, null, 2));
      await expect(generateReport({ traces: [file] }), name).rejects.toMatchObject({
        message: expect.stringMatching(new RegExp(`^not a trace or log input: .*${message.source}`)),
        location: { file },
      });
    }
    // In a folder: skipped with the same words.
    writeFileSync(join(dir, 'z.log'), 'REPORT RequestId: r1\tDuration: 12.5 ms\tMemory Size: 128 MB\n');
    const report = await generateReport({ logs: [dir], generatedAt: FIXED_TIME });
    expect(report.notes.find((n) => n.startsWith(`Skipped ${join(dir, 'summaries.json')}`))).toMatch(
      /get-trace-summaries/,
    );
  });
});

describe('REPORT lines', () => {
  it('parses the documented cold-start REPORT with the XRAY part on the same line', () => {
    const line =
      'REPORT RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac\tDuration: 128.83 ms\tBilled Duration: 200 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB\tInit Duration: 166.62 ms\tXRAY TraceId: 1-5d9d007f-0a8c7fd02aaaa480aed55ef0\tSegmentId: 3d752aaaa1bbe37e\tSampled: true';
    const parsed = parseReportLine(line);
    expect(parsed).toMatchObject({
      record: {
        requestId: 'c793869b-ee49-115b-a5b6-4fd21e8dedac',
        durationMs: 128.83,
        billedMs: 200,
        memorySizeMb: 128,
        maxMemoryUsedMb: 74,
        initDurationMs: 166.62,
        traceId: '1-5d9d007f-0a8c7fd02aaaa480aed55ef0',
        segmentId: '3d752aaaa1bbe37e',
      },
    });
  });

  it('joins the XRAY part on the next line, and reads timeouts and get-log-events strings', () => {
    const store = new LogStore();
    const diag = new Diagnostics();
    const ctx = { file: 'f.log', line: 1, stream: 'f.log', isLogStream: false };
    readLogLine(
      'REPORT RequestId: r1\tDuration: 26.73 ms\tBilled Duration: 27 ms \tMemory Size: 128 MB\tMax Memory Used: 75 MB\t',
      ctx,
      store,
      diag,
    );
    readLogLine(
      'XRAY TraceId: 1-6968b9a0-0123456789abcdef01234567\tSegmentId: 0123456789abcdef\tSampled: true\t',
      ctx,
      store,
      diag,
    );
    readLogLine(
      'REPORT RequestId: r2\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 90 MB\tStatus: timeout',
      ctx,
      store,
      diag,
    );
    expect(store.reportFor('r1')?.billedMs).toBe(27);
    expect(store.requestIdForTrace('1-6968b9a0-0123456789abcdef01234567')).toBe('r1');
    expect(store.timeouts.has('r2')).toBe(true);
    expect(diag.warningCount).toBe(0);
  });

  it('warns with file, line and field for a REPORT without Duration, and keeps going', () => {
    const store = new LogStore();
    const diag = new Diagnostics();
    readLogLine(
      'REPORT RequestId: r3\tBilled Duration: 27 ms',
      { file: 'bad.log', line: 7, stream: 'bad.log', isLogStream: false },
      store,
      diag,
    );
    expect(diag.warnings).toEqual(['bad.log:7: REPORT Duration: missing or not a number; line skipped']);
    expect(store.pendingReports).toBe(0);
  });
});

describe('log inputs', () => {
  it('reads text, JSON-format and CloudWatch logs into one report', async () => {
    const report = await generateReport({
      logs: [
        fixture('logs/lambda-text.log'),
        fixture('logs/lambda-json-format.ndjson'),
        fixture('logs/filter-log-events.json'),
        fixture('logs/get-log-events.json'),
      ],
      generatedAt: FIXED_TIME,
    });
    // 4 text REPORTs + 3 platform.report + 2 filter-log-events + 1 get-log-events
    expect(report.sample.invocations).toBe(10);
    expect(report.sample.coldStarts).toBe(4);
    expect(report.errors.timeouts).toBe(2);
    expect(report.coldStart.avgInitMs).toBeCloseTo((166.62 + 549.04 + 174.055 + 486.2) / 4, 1);
    expect(report.memory.peakUsedMb).toBe(141);
    expect(report.sample.traces).toBe(0);
    expect(report.notes.some((n) => n.startsWith('No X-Ray traces'))).toBe(true);
  });

  it('skips an unknown file in a folder with a note, and rejects one given by name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-folder-'));
    writeFileSync(
      join(dir, 'a.log'),
      'REPORT RequestId: r1\tDuration: 5.00 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\n',
    );
    writeFileSync(join(dir, 'notes.txt'), 'shopping list\n');
    const report = await generateReport({ logs: [dir], generatedAt: FIXED_TIME });
    expect(report.notes.some((n) => n.includes('notes.txt') && n.startsWith('Skipped'))).toBe(true);
    await expect(generateReport({ logs: [join(dir, 'notes.txt')] })).rejects.toThrow(InputError);
  });

  it('names file and line for a broken JSON file', async () => {
    const path = tmp('broken.json', '{\n  "Traces": [\n    {"Id": oops}\n  ]\n}\n');
    const error = await generateReport({ traces: [path] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).location).toMatchObject({ file: path, line: 3 });
  });

  it('warns for a bad Document string and still reports the rest', async () => {
    const good = JSON.parse(
      '{"id":"e6a9e00f59b508c8","name":"fn","start_time":1.7238480131E9,"end_time":1.7238480133E9,"origin":"AWS::Lambda::Function","trace_id":"1-66bfd54d-6b379b8727b6273f7675338c"}',
    );
    const path = tmp(
      'batch.json',
      JSON.stringify({
        Traces: [
          {
            Id: good.trace_id,
            Segments: [
              { Id: good.id, Document: JSON.stringify(good) },
              { Id: 'x', Document: '{not json' },
            ],
          },
        ],
      }),
    );
    const warnings: string[] = [];
    const report = await generateReport({
      traces: [path],
      onWarning: (w) => warnings.push(w),
      generatedAt: FIXED_TIME,
    });
    expect(report.sample.invocations).toBe(1);
    expect(warnings).toEqual([`${path}: Traces[0].Segments[1].Document: not valid JSON; segment skipped`]);
  });

  it('names the trace, segment and field of every bad batch-get-traces record, and reads the rest', async () => {
    const doc = (id: string, extra: object = {}) => ({
      id,
      name: 'fn',
      start_time: 1.7238480131e9,
      end_time: 1.7238480133e9,
      origin: 'AWS::Lambda::Function',
      ...extra,
    });
    const traceA = '1-66bfd54d-6b379b8727b6273f7675338c';
    const traceB = '1-66bfd54d-6b379b8727b6273f7675338d';
    const path = tmp(
      'batch-bad.json',
      JSON.stringify({
        Traces: [
          // No trace_id in the document: the trace's Id stands in.
          { Id: traceA, Segments: [{ Id: 'a', Document: JSON.stringify(doc('a000000000000001')) }] },
          {
            Id: traceB,
            Segments: [
              { Id: 'b', Document: JSON.stringify(doc('b000000000000001', { start_time: 'soon' })) },
              { Id: 'c' },
              { Id: 'd', Document: JSON.stringify(doc('d000000000000001', { trace_id: traceB })) },
            ],
          },
          { Id: 'no-segments' },
        ],
      }),
    );
    const warnings: string[] = [];
    const report = await generateReport({
      traces: [path],
      onWarning: (w) => warnings.push(w),
      generatedAt: FIXED_TIME,
    });
    expect(report.sample.invocations).toBe(2);
    expect(warnings).toEqual([
      `${path}: Traces[1].Segments[0].Document.start_time: missing or not a number; document skipped`,
      `${path}: Traces[1].Segments[1].Document: missing; segment skipped`,
      `${path}: Traces[2].Segments: missing or not an array; trace skipped`,
    ]);
  });
});
