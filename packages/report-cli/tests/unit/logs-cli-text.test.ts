import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../src/generate/index.js';
import { detectFile } from '../../src/readers/detect.js';
import { FIXED_TIME } from '../helpers/fixtures.js';
import { syntheticInvocations } from '../helpers/synthetic.js';

interface LogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
}

/** An invocation's log lines as CloudWatch Logs events: a REPORT and its XRAY part are one event. */
function eventMessages(logLines: string[]): string[] {
  const lines = [...logLines];
  const xray = lines.findIndex((l) => l.startsWith('XRAY '));
  lines.splice(xray - 1, 2, `${lines[xray - 1]}\n${lines[xray]}\n`);
  return lines;
}

/**
 * The same log events four ways: `filter-log-events` JSON, the text `aws logs tail` prints for them
 * with `--format detailed` and `--format short` (awscli/customizations/logs/tail.py: the message
 * right-stripped, after `isoformat(timespec='microseconds')` and the stream, or after
 * `%Y-%m-%dT%H:%M:%S`), and what `sam logs` prints (samcli cw_log_formatters.py: the stream, the
 * naive UTC `isoformat()`, the message as it is). A REPORT and its XRAY part are one event, as in
 * CloudWatch Logs.
 */
function writeInputs(dir: string) {
  const events: LogEvent[] = [];
  const documents: string[] = [];
  let timestamp = Date.UTC(2026, 0, 15, 10, 0, 0);
  for (const inv of syntheticInvocations({ invocations: 60, environments: 3, seed: 7 })) {
    documents.push(...inv.documents.map((d) => JSON.stringify(d)));
    for (const message of eventMessages(inv.logLines)) {
      timestamp += 7;
      events.push({ logStreamName: inv.environment, timestamp, message });
    }
  }
  const micro = (ms: number) => new Date(ms).toISOString().replace('Z', '000+00:00');
  // Python's isoformat(): microseconds only when not zero.
  const naive = (ms: number) => new Date(ms).toISOString().replace(/(?:\.000)?Z$/, (m) => (m === 'Z' ? '000' : ''));
  const seconds = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  const text = (prefix: (e: LogEvent) => string) => events.map((e) => `${prefix(e)} ${e.message.trimEnd()}\n`).join('');
  const path = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  return {
    traces: path('traces.ndjson', `${documents.join('\n')}\n`),
    events: path('events.json', JSON.stringify({ events, searchedLogStreams: [] })),
    detailed: path(
      'tail-detailed.txt',
      text((e) => `${micro(e.timestamp)} ${e.logStreamName}`),
    ),
    short: path(
      'tail-short.txt',
      text((e) => seconds(e.timestamp)),
    ),
    eventLines: path('events.ndjson', events.map((e) => `${JSON.stringify(e)}\n`).join('')),
    sam: path(
      'sam-logs.txt',
      events
        .map(
          (e) => `${e.logStreamName} ${naive(e.timestamp)} ${e.message.endsWith('\n') ? e.message : `${e.message}\n`}`,
        )
        .join(''),
    ),
  };
}

describe('log text printed by aws logs tail and sam logs', () => {
  const inputs = writeInputs(mkdtempSync(join(tmpdir(), 'lp-tail-')));
  const report = (logs: string) => generateReport({ traces: [inputs.traces], logs: [logs], generatedAt: FIXED_TIME });

  it('is recognised as Lambda log text, with or without X-Ray lines', () => {
    expect(detectFile(inputs.detailed)).toBe('lambda-log-text');
    expect(detectFile(inputs.short)).toBe('lambda-log-text');
    expect(detectFile(inputs.sam)).toBe('lambda-log-text');
    const dir = mkdtempSync(join(tmpdir(), 'lp-tail-detect-'));
    const untraced = {
      detailed: '2026-01-15T10:00:00.123000+00:00 2026/01/15/[$LATEST]abc START RequestId: r1 Version: $LATEST\n',
      short: '2026-01-15T10:00:00 REPORT RequestId: r1\tDuration: 1.00 ms\tMemory Size: 128 MB\n',
      json: '2026-01-15T10:00:00.123000+00:00 2026/01/15/[$LATEST]abc {"time":"2026-01-15T10:00:00.123Z","type":"platform.start","record":{"requestId":"r1"}}\n',
      sam: '2026/01/15/[$LATEST]abc 2026-01-15T10:00:00 START RequestId: r1 Version: $LATEST\n',
    };
    for (const [name, text] of Object.entries(untraced)) {
      writeFileSync(join(dir, name), text);
      expect(detectFile(join(dir, name)), name).toBe('lambda-log-text');
    }
  });

  it('--format detailed gives the report the same events give as filter-log-events JSON', async () => {
    const fromJson = await report(inputs.events);
    const fromTail = await report(inputs.detailed);
    expect(fromJson.sample.invocations).toBe(60);
    expect(fromJson.latency.invocation.avgMs).not.toBeNull();
    // Every REPORT joined its trace (the XRAY part on the line after it), and the environments come
    // from the log streams: the notes name neither a missing join nor interleaved streams.
    expect(fromTail.notes.some((n) => /interleave|No REPORT line matched/.test(n))).toBe(false);
    expect(fromTail).toEqual(fromJson);
  });

  it('sam logs gives the report the same events give as filter-log-events JSON', async () => {
    expect(await report(inputs.sam)).toEqual(await report(inputs.events));
  });

  it('one event a line (sam logs --output json) gives the same report, a bad line a warning naming it', async () => {
    expect(detectFile(inputs.eventLines)).toBe('cloudwatch-log-events');
    expect(await report(inputs.eventLines)).toEqual(await report(inputs.events));
    const dir = mkdtempSync(join(tmpdir(), 'lp-event-lines-'));
    const file = join(dir, 'events.ndjson');
    const event = (message: string) => JSON.stringify({ logStreamName: 's', timestamp: 1768471200000, message });
    writeFileSync(
      file,
      `${event('REPORT RequestId: r1\tDuration: 10.00 ms\tMemory Size: 128 MB\t')}\n{oops\n${JSON.stringify({ timestamp: 1 })}\n`,
    );
    const warnings: string[] = [];
    const r = await generateReport({ logs: [file], generatedAt: FIXED_TIME, onWarning: (w) => warnings.push(w) });
    expect(r.sample.invocations).toBe(1);
    expect(warnings).toEqual([
      `${file}:2: not valid JSON; line skipped`,
      `${file}:3: message: missing or not a string; event skipped`,
    ]);
  });

  it('--format short (no stream) gives the same figures, its environments unknown', async () => {
    const fromJson = await report(inputs.events);
    const fromShort = await report(inputs.short);
    expect(fromShort.sample).toEqual(fromJson.sample);
    expect(fromShort.latency).toEqual(fromJson.latency);
    expect(fromShort.coldStart).toEqual(fromJson.coldStart);
    expect(fromShort.memory.avgUsedMb).toBe(fromJson.memory.avgUsedMb);
  });

  it("reads Lambda's timeout lines behind the prefix", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-tail-timeout-'));
    const stream = '2026/01/15/[$LATEST]abc';
    const id = '7b1e2c3d-0000-4000-8000-00000000000a';
    const file = join(dir, 'tail.txt');
    writeFileSync(
      file,
      [
        `2026-01-15T10:00:00.000000+00:00 ${stream} START RequestId: ${id} Version: $LATEST`,
        `2026-01-15T10:00:03.000000+00:00 ${stream} 2026-01-15T10:00:03.000Z ${id} Task timed out after 3.00 seconds`,
        `2026-01-15T10:00:03.010000+00:00 ${stream} END RequestId: ${id}`,
        `2026-01-15T10:00:03.010000+00:00 ${stream} REPORT RequestId: ${id}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
        '',
      ].join('\n'),
    );
    const r = await generateReport({ logs: [file], generatedAt: FIXED_TIME });
    expect(r.errors.timeouts).toBe(1);
    expect(r.sample.to).toBe('2026-01-15T10:00:03.010Z');
  });
});

/**
 * A synthetic invocation's text log lines as Lambda's JSON log format writes them: `platform.*`
 * records, and the uncaught error as a JSON application line.
 */
function jsonLogMessages(lines: string[], time: string): string[] {
  const messages: string[] = [];
  const field = (line: string, name: string) => {
    const part = line.split('\t').find((p) => p.startsWith(`${name}: `));
    return part === undefined ? undefined : Number.parseFloat(part.slice(name.length + 2));
  };
  for (const line of lines) {
    const start = /^START RequestId: (\S+)/.exec(line);
    const end = /^END RequestId: (\S+)/.exec(line);
    const error = /^\S+\t(\S+)\tERROR\tInvoke Error \t(.*)$/.exec(line);
    const record = (type: string, body: object) => JSON.stringify({ time, type, record: body });
    if (line.startsWith('INIT_START'))
      messages.push(
        record('platform.initStart', {
          initializationType: 'on-demand',
          phase: 'init',
          runtimeVersion: 'nodejs:24.v48',
        }),
      );
    else if (start) messages.push(record('platform.start', { requestId: start[1], version: '$LATEST' }));
    else if (end) messages.push(record('platform.runtimeDone', { requestId: end[1], status: 'success' }));
    else if (error)
      messages.push(
        JSON.stringify({
          timestamp: time,
          level: 'ERROR',
          requestId: error[1],
          message: 'Invoke Error',
          ...(JSON.parse(error[2]!) as object),
        }),
      );
    else if (line.startsWith('REPORT ')) {
      const requestId = /RequestId: (\S+)/.exec(line)![1];
      const xray = lines.find((l) => l.startsWith('XRAY '))!;
      const traceId = /TraceId: (\S+)/.exec(xray)![1];
      const parent = /SegmentId: (\S+)/.exec(xray)![1];
      messages.push(
        record('platform.report', {
          requestId,
          metrics: {
            durationMs: field(line, 'Duration'),
            billedDurationMs: field(line, 'Billed Duration'),
            memorySizeMB: field(line, 'Memory Size'),
            maxMemoryUsedMB: field(line, 'Max Memory Used'),
            ...(field(line, 'Init Duration') === undefined ? {} : { initDurationMs: field(line, 'Init Duration') }),
          },
          tracing: { type: 'X-Amzn-Trace-Id', value: `Root=${traceId};Parent=${parent};Sampled=1` },
          status: 'success',
        }),
      );
    }
  }
  return messages;
}

/** Python's `datetime.isoformat()` of an aware UTC time: microseconds only when not zero. */
const isoformat = (ms: number) =>
  new Date(ms).toISOString().replace(/(\.\d{3})?Z$/, (_, frac?: string) => `${frac ? `${frac}000` : ''}+00:00`);
/** Python's `isoformat()` of the naive UTC time `sam logs` prints. */
const naiveIso = (ms: number) => isoformat(ms).replace('+00:00', '');

describe('pretty-printed JSON messages (aws logs tail --format json, sam logs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-tail-json-'));
  const events: LogEvent[] = [];
  const textEvents: LogEvent[] = [];
  const documents: string[] = [];
  let timestamp = Date.UTC(2026, 0, 15, 10, 0, 0);
  for (const inv of syntheticInvocations({ invocations: 60, environments: 3, seed: 11 })) {
    documents.push(...inv.documents.map((d) => JSON.stringify(d)));
    // Every fourth event on a whole second: isoformat() then prints no fraction.
    for (const message of jsonLogMessages(inv.logLines, new Date(timestamp).toISOString())) {
      timestamp += events.length % 4 === 0 ? 1000 - (timestamp % 1000) : 7;
      events.push({ logStreamName: inv.environment, timestamp, message });
    }
    for (const message of eventMessages(inv.logLines)) {
      timestamp += 7;
      textEvents.push({ logStreamName: inv.environment, timestamp, message });
    }
  }
  const path = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  // awscli PrettyJSONLogEventsFormatter: a message that is JSON goes on the lines after the prefix.
  const tailJson = (list: LogEvent[]) =>
    list
      .map((e) => {
        let message = e.message;
        try {
          message = `\n${JSON.stringify(JSON.parse(e.message), null, 4)}`;
        } catch {}
        return `${`${isoformat(e.timestamp)} ${e.logStreamName} ${message}`.trimEnd()}\n`;
      })
      .join('');
  // samcli CWJsonFormatter + CWPrettyPrintFormatter: a message starting with `{` indented by 2 from the prefix on.
  const samLogs = (list: LogEvent[]) =>
    list
      .map((e) => {
        const message = e.message.startsWith('{') ? JSON.stringify(JSON.parse(e.message), null, 2) : e.message;
        const line = `${e.logStreamName} ${naiveIso(e.timestamp)} ${message}`;
        return line.endsWith('\n') ? line : `${line}\n`;
      })
      .join('');
  const inputs = {
    traces: path('traces.ndjson', `${documents.join('\n')}\n`),
    events: path('events.json', JSON.stringify({ events, searchedLogStreams: [] })),
    tail: path('tail-json.txt', tailJson(events)),
    sam: path('sam-logs.txt', samLogs(events)),
    textEvents: path('text-events.json', JSON.stringify({ events: textEvents, searchedLogStreams: [] })),
    tailText: path('tail-json-text.txt', tailJson(textEvents)),
  };
  const report = (logs: string, onWarning?: (w: string) => void) =>
    generateReport({ traces: [inputs.traces], logs: [logs], generatedAt: FIXED_TIME, onWarning });

  it('are recognised as Lambda log text', () => {
    expect(readFileSync(inputs.tail, 'utf8')).toMatch(/^\S+\+00:00 \S+ \n\{\n {4}"time": /);
    expect(readFileSync(inputs.sam, 'utf8')).toMatch(/^\S+ \S+ \{\n {2}"time": /);
    expect(detectFile(inputs.tail)).toBe('lambda-log-text');
    expect(detectFile(inputs.sam)).toBe('lambda-log-text');
  });

  it("give the report the same JSON-format events give as filter-log-events JSON (Lambda's JSON log format)", async () => {
    const warnings: string[] = [];
    const fromJson = await report(inputs.events);
    expect(fromJson.sample.invocations).toBe(60);
    expect(fromJson.sample.coldStarts).toBe(3);
    expect(fromJson.errors.count).toBeGreaterThan(0);
    expect(fromJson.notes.some((n) => /No REPORT line matched|No Lambda REPORT/.test(n))).toBe(false);
    expect(await report(inputs.tail, (w) => warnings.push(w))).toEqual(fromJson);
    expect(await report(inputs.sam, (w) => warnings.push(w))).toEqual(fromJson);
    expect(warnings).toEqual([]);
  });

  it('--format json of text-format logs keeps each message on its prefix line', async () => {
    expect(await report(inputs.tailText)).toEqual(await report(inputs.textEvents));
  });

  it('a message cut off by the next event or by the end of the file is a warning naming its line', async () => {
    const stream = '2026/01/15/[$LATEST]abc';
    const id = '7b1e2c3d-0000-4000-8000-00000000000b';
    const reportRecord = JSON.stringify(
      {
        time: '2026-01-15T10:00:01.000Z',
        type: 'platform.report',
        record: {
          requestId: id,
          metrics: { durationMs: 12.5, billedDurationMs: 13, memorySizeMB: 128, maxMemoryUsedMB: 70 },
        },
      },
      null,
      4,
    ).split('\n');
    const file = path(
      'cut.txt',
      [
        `2026-01-15T10:00:00.500000+00:00 ${stream} `,
        ...reportRecord.slice(0, 3),
        `2026-01-15T10:00:01+00:00 ${stream} `,
        ...reportRecord,
        `2026-01-15T10:00:02+00:00 ${stream} `,
        '{',
        '    "time": "2026-01-15T10:00:02.000Z",',
        '    "type": "platform.report",',
        '    "record": {oops}',
        '}',
        `2026-01-15T10:00:03+00:00 ${stream} `,
        ...reportRecord.slice(0, 5),
        '',
      ].join('\n'),
    );
    const warnings: string[] = [];
    const r = await generateReport({ logs: [file], generatedAt: FIXED_TIME, onWarning: (w) => warnings.push(w) });
    // The one whole record is read, at the time of its event.
    expect(r.sample.invocations).toBe(1);
    expect(r.latency.invocation.avgMs).toBe(12.5);
    // Prefix lines: 1 (cut after 3 lines), 5 (whole), then the bad one and the one the file cuts.
    const bad = 5 + reportRecord.length + 1;
    expect(warnings).toEqual([
      `${file}:1: pretty-printed JSON message cut off by the next event; skipped`,
      `${file}:${bad}: not valid JSON; message skipped`,
      `${file}:${bad + 6}: pretty-printed JSON message cut off by the end of the file; skipped`,
    ]);
  });
});
