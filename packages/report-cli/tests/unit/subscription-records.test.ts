import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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

/**
 * Lambda logs as a CloudWatch Logs subscription filter delivers them (to Firehose, then S3): records
 * of one log stream each (`{messageType, owner, logGroup, logStream, subscriptionFilters, logEvents:
 * [{id, timestamp, message}]}`), each gzip-compressed; a Firehose object is the records one after
 * another. The same events as `filter-log-events` output give the reference report.
 */
describe('CloudWatch Logs subscription records (Firehose to S3)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-subscription-'));
  const events: LogEvent[] = [];
  const documents: string[] = [];
  let timestamp = Date.UTC(2026, 0, 15, 10, 0, 0);
  for (const inv of syntheticInvocations({ invocations: 60, environments: 3, seed: 21 })) {
    documents.push(...inv.documents.map((d) => JSON.stringify(d)));
    for (const message of inv.logLines) {
      timestamp += 7;
      events.push({ logStreamName: inv.environment, timestamp, message });
    }
  }
  // Up to 10 events a record, each record of one stream (as the subscription batches them).
  const records: object[] = [];
  for (const stream of new Set(events.map((e) => e.logStreamName))) {
    const own = events.filter((e) => e.logStreamName === stream);
    for (let i = 0; i < own.length; i += 10)
      records.push({
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: '/aws/lambda/botFlow',
        logStream: stream,
        subscriptionFilters: ['to-firehose'],
        logEvents: own
          .slice(i, i + 10)
          .map((e, j) => ({ id: String(i + j), timestamp: e.timestamp, message: e.message })),
      });
  }
  records.splice(1, 0, {
    messageType: 'CONTROL_MESSAGE',
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [
      {
        id: '',
        timestamp: events[0]!.timestamp,
        message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.',
      },
    ],
  });
  const write = (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  const traces = write('traces.ndjson', `${documents.join('\n')}\n`);
  const inputs = {
    reference: write('events.json', JSON.stringify({ events, searchedLogStreams: [] })),
    concatenated: write('firehose.json', records.map((r) => JSON.stringify(r)).join('')),
    lines: write('firehose-lines.json', records.map((r) => `${JSON.stringify(r)}\n`).join('')),
    gzipMembers: write('firehose.gz', Buffer.concat(records.map((r) => gzipSync(JSON.stringify(r))))),
    arrayOfRecords: write('records.json', JSON.stringify(records, null, 2)),
  };
  const report = (logs: string) => generateReport({ traces: [traces], logs: [logs], generatedAt: FIXED_TIME });

  it('are recognised as CloudWatch Logs events and give the report the same events give', async () => {
    const expected = await report(inputs.reference);
    expect(expected.sample.invocations).toBe(60);
    // The streams name the environments: no note about interleaved ones or a missing join.
    expect(expected.notes.some((n) => /interleave|No REPORT line matched/.test(n))).toBe(false);
    for (const [name, file] of Object.entries(inputs)) {
      expect(detectFile(file), name).toBe('cloudwatch-log-events');
      expect(await report(file), name).toEqual(expected);
    }
  });

  it('names a bad event by its record and place', async () => {
    const bad = write(
      'bad.json',
      JSON.stringify({ messageType: 'DATA_MESSAGE', logStream: 's', logEvents: [{ id: '1', timestamp: 1 }] }),
    );
    const warnings: string[] = [];
    await generateReport({ logs: [bad], generatedAt: FIXED_TIME, onWarning: (w) => warnings.push(w) }).catch(() => {});
    expect(warnings).toEqual([`${bad}: logEvents[0].message: missing or not a string; event skipped`]);
  });
});
