import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../src/generate/index.js';
import { JsonSequenceScanner } from '../../src/readers/json-sequence.js';
import { FIXED_TIME, fixture } from '../helpers/fixtures.js';

/** The scanner's documents, parsed, with their first lines; null when it declined. */
function documents(text: string, cuts: number[] = [1 << 20]): { values: unknown[]; lines: number[] } | null {
  const buf = Buffer.from(text);
  const scanner = new JsonSequenceScanner();
  let at = 0;
  for (let k = 0; at < buf.length; k++) {
    const n = cuts[k % cuts.length]!;
    scanner.feed(buf.subarray(at, at + n), at);
    at += n;
  }
  const found = scanner.finish();
  if (!found) return null;
  const values = [];
  for (let i = 0; i < found.ranges.length; i += 2)
    values.push(JSON.parse(buf.toString('utf8', found.ranges[i], found.ranges[i + 1])));
  return { values, lines: found.lines };
}

describe('JsonSequenceScanner', () => {
  it('finds each of several documents and its first line, whatever the layout and block cuts', () => {
    const document = fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue(), { maxLength: 3 }));
    fc.assert(
      fc.property(
        fc.array(document, { minLength: 2, maxLength: 5 }),
        fc.constantFrom(undefined, 4),
        fc.constantFrom('\n', ' ', '\r\n', '\n\n'),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
        (values, indent, between, cuts) => {
          const texts = values.map((v) => JSON.stringify(v, null, indent));
          const text = `${texts.join(between)}\n`;
          const expectedLines: number[] = [];
          let line = 1;
          for (const t of texts) {
            expectedLines.push(line);
            line += t.split('\n').length - 1 + between.split('\n').length - 1;
          }
          expect(documents(text, cuts)).toEqual({ values: JSON.parse(JSON.stringify(values)), lines: expectedLines });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('declines one document, and anything that is no sequence of objects and arrays', () => {
    expect(documents('{"a": "}{"}')).toBeNull(); // one document (brackets in a string)
    for (const text of ['{} 1', '"x" {}', '{} {', '{}} {}', '[] ]', '{"a": "x} {}', 'null {}', ''])
      expect(documents(text), text).toBeNull();
    expect(documents('{"a": "}{\\"}"} [1]')?.values).toEqual([{ a: '}{"}' }, [1]]);
  });
});

describe('files of several documents one after another (>> in a loop)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-sequence-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('give the batch-get-traces report of the same traces in one document', async () => {
    const value = JSON.parse(readFileSync(fixture('xray/lambda-cold-warm-2023.batch.json'), 'utf8')) as {
      Traces: unknown[];
    };
    const report = (path: string) => generateReport({ traces: [path], generatedAt: FIXED_TIME });
    const one = await report(write('one.json', JSON.stringify(value)));
    // As the AWS CLI prints each call (4-space indent), one call per trace.
    const appended = value.Traces.map((t) => JSON.stringify({ Traces: [t], UnprocessedTraceIds: [] }, null, 4));
    expect(one.sample.invocations).toBeGreaterThan(0);
    expect(await report(write('appended.json', `${appended.join('\n')}\n`))).toEqual(one);
    // Compressed, the byte scan cannot run: the whole text is split the same way.
    const gz = join(dir, 'appended.json.gz');
    writeFileSync(gz, gzipSync(`${appended.join('\n')}\n`));
    expect(await report(gz)).toEqual(one);
  });

  it('give the filter-log-events report of the same events in one page, and name a bad document', async () => {
    const event = (id: string, ms: number) => ({
      logStreamName: '2026/01/15/[$LATEST]abc',
      timestamp: 1768471200000 + ms,
      message: `REPORT RequestId: ${id}\tDuration: ${ms} ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
    });
    const events = [event('r1', 10), event('r2', 30), event('r3', 20)];
    const report = (path: string) => generateReport({ logs: [path], generatedAt: FIXED_TIME });
    const one = await report(write('page.json', JSON.stringify({ events }, null, 4)));
    const pages = events.map((e) => JSON.stringify({ events: [e], searchedLogStreams: [] }, null, 4));
    expect((await report(write('pages.json', pages.join('\n')))).latency).toEqual(one.latency);
    const broken = write('broken.json', `${pages[0]}\n{\n    "events": [\n        {"message": tru}\n    ]\n}\n`);
    const firstLines = pages[0]!.split('\n').length;
    await expect(report(broken)).rejects.toMatchObject({
      message: expect.stringMatching(/^not valid JSON \(document 2, column \d+\): /),
      location: { file: broken, line: firstLines + 3 },
    });
  });
});
