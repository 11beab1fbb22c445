import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../src/generate/index.js';
import { ObjectArrayScanner, objectArrayRanges } from '../../src/readers/json-array-split.js';
import { FIXED_TIME, fixture } from '../helpers/fixtures.js';

/** The elements the ranges point at, parsed; null when the splitter declined. */
function elements(text: string, key: string | null = 'Traces'): unknown[] | null {
  const buf = Buffer.from(text);
  const ranges = objectArrayRanges(buf, key);
  if (ranges === null) return null;
  const out: unknown[] = [];
  for (let i = 0; i < ranges.length; i += 2) out.push(JSON.parse(buf.toString('utf8', ranges[i], ranges[i + 1])));
  return out;
}

describe('objectArrayRanges', () => {
  it('finds every element of the array under the key, whatever the strings and layout hold', () => {
    const element = fc.dictionary(fc.string(), fc.jsonValue());
    fc.assert(
      fc.property(
        fc.array(element, { maxLength: 6 }),
        fc.jsonValue(),
        fc.jsonValue(),
        fc.constantFrom(undefined, 2, '\t'),
        (traces, before, after, indent) => {
          const text = JSON.stringify({ Before: before, Traces: traces, After: after }, null, indent);
          // Parsed back, as JSON.parse gives them (-0 becomes 0, like the whole-file parse).
          expect(elements(text)).toEqual(JSON.parse(JSON.stringify(traces)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same ranges whatever blocks the text comes in (strings, escapes and keys cut anywhere)', () => {
    const element = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 });
    fc.assert(
      fc.property(
        fc.array(element, { maxLength: 4 }),
        fc.constantFrom('Traces', 'Tr\\u0061ces', 'TracesX', 'Trace'),
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom(undefined, 1),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
        (traces, name, other, indent, cuts) => {
          const text = JSON.stringify({ a: other, Traces: traces }, null, indent).replace('"Traces"', `"${name}"`);
          const buf = Buffer.from(text);
          const scanner = new ObjectArrayScanner('Traces');
          let at = 0;
          for (let k = 0; at < buf.length; k++) {
            const n = cuts[k % cuts.length]!;
            scanner.feed(buf.subarray(at, at + n), at);
            at += n;
          }
          expect(scanner.finish()).toEqual(objectArrayRanges(buf, 'Traces'));
          if (name !== 'Traces') expect(scanner.finish()).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('follows strings holding brackets, braces, quotes, escapes and other scripts', () => {
    const tricky = { Id: 'a]}[{', Segments: [{ Document: '{"name":"x\\"]}","ü":"日本"}' }], q: '\\', e: '\\"' };
    expect(elements(JSON.stringify({ UnprocessedTraceIds: ['[', '{'], Traces: [tricky, {}] }))).toEqual([tricky, {}]);
    expect(elements('{"Traces":[]}')).toEqual([]);
    expect(elements(' \n{ "Traces" : [ { } , {"a":[1,{"b":[]}]} ] }\n')).toEqual([{}, { a: [1, { b: [] }] }]);
  });

  it('declines anything else, so the caller parses the text whole', () => {
    for (const text of [
      '[{"Traces":[]}]', // another top level
      '{"Other":[{}]}', // no such key
      '{"Traces":[{}],"Traces":[{}]}', // the key twice
      '{"Traces":{"a":{}}}', // not an array
      '{"Traces":[{},1]}', // an element that is no object
      '{"Traces":[{},"x"]}',
      '{"Traces":[[]]}',
      '{"Traces":[{}{}]}', // a missing comma
      '{"Traces":[{},]}', // a trailing comma
      '{"Traces":[,{}]}',
      '{"Traces":[{}]', // unbalanced
      '{"Traces":[{}}}',
      '{"Traces":[{"a":"x}]}', // an unterminated string
      '{"Traces":[{}]} {}', // text after the end
      '{"Traces":[{}]} "x"',
      '{"Traces":[{}:{}]}', // a colon between elements
      '\uFEFF{"Traces":[]}', // a byte-order mark (JSON.parse rejects it too)
      '',
    ])
      expect(elements(text), text).toBeNull();
  });

  it('with no key, finds the objects of a top-level array (--query Traces[*], arrays of pages)', () => {
    const element = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 });
    fc.assert(
      fc.property(
        fc.array(element, { maxLength: 6 }),
        fc.constantFrom(undefined, 2, '\t'),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
        (items, indent, cuts) => {
          const text = JSON.stringify(items, null, indent);
          expect(elements(text, null)).toEqual(JSON.parse(JSON.stringify(items)));
          // The same ranges whatever blocks the text comes in.
          const buf = Buffer.from(text);
          const scanner = new ObjectArrayScanner(null);
          let at = 0;
          for (let k = 0; at < buf.length; k++) {
            const n = cuts[k % cuts.length]!;
            scanner.feed(buf.subarray(at, at + n), at);
            at += n;
          }
          expect(scanner.finish()).toEqual(objectArrayRanges(buf, null));
        },
      ),
      { numRuns: 300 },
    );
    const page = { Traces: [{ Id: '1-a', Segments: [] }], UnprocessedTraceIds: ['[', ']'] };
    expect(elements(` [ ${JSON.stringify(page)} ,\n{"id":"x]"} ]\n`, null)).toEqual([page, { id: 'x]' }]);
    expect(elements('[]', null)).toEqual([]);
    for (const text of [
      '{"Traces":[{}]}', // an object at the top
      '[1]',
      '[{},"x"]',
      '[{},[]]',
      '[{}{}]',
      '[{},]',
      '[,{}]',
      '[{}:{}]',
      '[{}',
      '[{}]]',
      '[{}] []',
      '[{"a":"x}]',
      '',
    ])
      expect(elements(text, null), text).toBeNull();
  });
});

describe('forEachArrayElement', () => {
  it('steps over a UTF-8 byte-order mark, and leaves UTF-16 to the whole-file parse', async () => {
    const { forEachArrayElement } = await import('../../src/readers/json-file.js');
    const dir = mkdtempSync(join(tmpdir(), 'lp-split-bom-'));
    const text = '{"Traces": [{"Id": "a"}, {"Id": "b"}]}';
    const seen: unknown[] = [];
    const bom = join(dir, 'bom.json');
    writeFileSync(bom, `\uFEFF${text}`);
    expect(await forEachArrayElement(bom, 'Traces', (value) => seen.push(value))).toBe(true);
    expect(seen).toEqual([{ Id: 'a' }, { Id: 'b' }]);
    const utf16 = join(dir, 'utf16.json');
    writeFileSync(utf16, Buffer.from(`\uFEFF${text}`, 'utf16le'));
    expect(await forEachArrayElement(utf16, 'Traces', (value) => seen.push(value))).toBe(false);
    expect(seen).toHaveLength(2);
  });

  it('reads files larger than its block in windows, elements larger than a block too', async () => {
    const { forEachArrayElement } = await import('../../src/readers/json-file.js');
    const dir = mkdtempSync(join(tmpdir(), 'lp-split-big-'));
    // 8 MB blocks: ~20 MB of elements, one of them 9 MB, with quotes and escapes in the strings.
    const filler = 'a "quoted" \\ [text] {x}\n'.repeat(40);
    const traces = Array.from({ length: 16_000 }, (_, i) => ({
      Id: `t${i}`,
      Segments: [{ Document: `${i}${filler}` }],
    }));
    traces.splice(8000, 0, { Id: 'big', Segments: [{ Document: 'é'.repeat(4_600_000) }] });
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify({ Traces: traces, UnprocessedTraceIds: [] }));
    const seen: unknown[] = [];
    const offsets: number[] = [];
    expect(
      await forEachArrayElement(
        file,
        'Traces',
        (value, i) => seen.push([i, value]),
        (offset) => offsets.push(offset),
      ),
    ).toBe(true);
    expect(seen.length).toBe(traces.length);
    // Progress: one offset per window read for the elements, going forward through the file.
    const { statSync } = await import('node:fs');
    expect(offsets.length).toBeGreaterThanOrEqual(3);
    expect(offsets.every((o, i) => o < statSync(file).size && (i === 0 || o > offsets[i - 1]!))).toBe(true);
    expect(seen.every((entry, i) => (entry as [number, unknown])[0] === i)).toBe(true);
    expect(seen.map((entry) => (entry as [number, unknown])[1])).toEqual(traces);
  });
});

describe('batch-get-traces files, read one trace at a time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-split-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const source = fixture('xray/lambda-cold-warm-2023.batch.json');

  it('give the same report pretty-printed, compact, as an array of traces, of pages, or gzip (parsed whole)', async () => {
    const { readFileSync } = await import('node:fs');
    const { gzipSync } = await import('node:zlib');
    const value = JSON.parse(readFileSync(source, 'utf8')) as { Traces: unknown[] };
    const report = (path: string) => generateReport({ traces: [path], generatedAt: FIXED_TIME });
    const pretty = await report(write('pretty.json', JSON.stringify(value, null, 4)));
    expect(pretty.sample.invocations).toBeGreaterThan(0);
    expect(await report(write('compact.json', JSON.stringify(value)))).toEqual(pretty);
    expect(await report(write('array.json', JSON.stringify(value.Traces, null, 2)))).toEqual(pretty);
    const pages = value.Traces.map((trace) => ({ Traces: [trace], UnprocessedTraceIds: [] }));
    expect(await report(write('pages.json', JSON.stringify(pages)))).toEqual(pretty);
    // A mix: the first trace as a page, the second as a trace, the rest as their segment documents.
    const [first, second, ...rest] = value.Traces as { Segments: { Document: string }[] }[];
    const documents = rest.flatMap((t) => t.Segments.map((s) => JSON.parse(s.Document) as unknown));
    expect(await report(write('mixed.json', JSON.stringify([{ Traces: [first] }, second, ...documents])))).toEqual(
      pretty,
    );
    const gzipPath = join(dir, 'array.json.gz');
    writeFileSync(gzipPath, gzipSync(JSON.stringify(value.Traces)));
    expect(await report(gzipPath)).toEqual(pretty);
  });

  it('read a file that is one trace (the X-Ray console raw data, Document an object or a string)', async () => {
    const { readFileSync } = await import('node:fs');
    const value = JSON.parse(readFileSync(source, 'utf8')) as { Traces: { Segments: { Document: string }[] }[] };
    const report = (path: string) => generateReport({ traces: [path], generatedAt: FIXED_TIME });
    const first = value.Traces[0]!;
    const expected = await report(write('first.json', JSON.stringify({ Traces: [first] })));
    expect(expected.sample.invocations).toBe(1);
    expect(await report(write('one.json', JSON.stringify(first)))).toEqual(expected);
    const objects = { ...first, Segments: first.Segments.map((s) => ({ ...s, Document: JSON.parse(s.Document) })) };
    expect(await report(write('raw-data.json', JSON.stringify(objects, null, 2)))).toEqual(expected);
  });

  it('name the path of a bad segment in each shape', async () => {
    const bad = { Id: '1-66bfd54d-6b379b8727b6273f7675338c', Segments: [{ Id: 'x', Document: '{nope' }] };
    const warningsOf = async (text: string) => {
      const warnings: string[] = [];
      await generateReport({
        traces: [write(`bad-${warnings.length}-${text.length}.json`, text)],
        onWarning: (w) => warnings.push(w),
      }).catch(() => {});
      return warnings.map((w) => w.slice(w.indexOf(': ') + 2));
    };
    expect(await warningsOf(JSON.stringify({ Traces: [bad] }))).toEqual([
      'Traces[0].Segments[0].Document: not valid JSON; segment skipped',
    ]);
    expect(await warningsOf(JSON.stringify([bad, {}]))).toEqual([
      '[0].Segments[0].Document: not valid JSON; segment skipped',
      '[1].id: missing or not a string; document skipped',
    ]);
    expect(await warningsOf(JSON.stringify([{ Traces: [] }, { Traces: [bad] }]))).toEqual([
      '[1].Traces[0].Segments[0].Document: not valid JSON; segment skipped',
    ]);
    expect(await warningsOf(JSON.stringify(bad))).toEqual(['Segments[0].Document: not valid JSON; segment skipped']);
  });

  it('warn about an element of a top-level array that is no document, and read the others', async () => {
    const { readFileSync } = await import('node:fs');
    const value = JSON.parse(readFileSync(source, 'utf8')) as { Traces: unknown[] };
    const warnings: string[] = [];
    const report = await generateReport({
      traces: [write('odd.json', JSON.stringify([...value.Traces, { Segments: 'x' }, { name: 'no id' }]))],
      generatedAt: FIXED_TIME,
      onWarning: (w) => warnings.push(w),
    });
    expect(report.sample.invocations).toBeGreaterThan(0);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(`[${value.Traces.length}].id`);
    expect(warnings[1]).toContain(`[${value.Traces.length + 1}].id`);
  });

  it('name the line and column of invalid JSON, inside or around the traces', async () => {
    const inside = write(
      'inside.json',
      '{\n  "Traces": [\n    {"Id": "a", "Segments": []},\n    {"Id": tru}\n  ]\n}\n',
    );
    await expect(generateReport({ traces: [inside], inputFormat: 'xray-json' })).rejects.toMatchObject({
      message: expect.stringMatching(/^not valid JSON \(column \d+\): /),
      location: { file: inside, line: 4 },
    });
    const around = write('around.json', '{\n  "Traces": [{"Id": "a", "Segments": []}],\n  "Next": nul\n}\n');
    await expect(generateReport({ traces: [around], inputFormat: 'xray-json' })).rejects.toMatchObject({
      message: expect.stringMatching(/^not valid JSON \(column \d+\): /),
      location: { file: around, line: 3 },
    });
  });
});

describe('filter-log-events files, read one event at a time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-split-events-'));
  const report = (text: string) => {
    const path = join(dir, `events-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, text);
    return { path, run: () => generateReport({ logs: [path], generatedAt: FIXED_TIME }) };
  };
  const event = (id: string, ms: number) => ({
    logStreamName: '2026/01/15/[$LATEST]abc',
    timestamp: 1768471200000,
    message: `REPORT RequestId: ${id}\tDuration: ${ms} ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
  });

  it('give the same report as the same events in an array of pages, an array of events, or gzip', async () => {
    const { gzipSync } = await import('node:zlib');
    // An object without a message: still an object, so this file is read one event at a time.
    const events = [event('r1', 10), event('r2', 30), { timestamp: 1 }, event('r3', 20)];
    const one = await report(JSON.stringify({ events, searchedLogStreams: [] }, null, 2)).run();
    expect(one.sample.invocations).toBe(3);
    expect(one.notes.find((n) => n.includes('events[2].message'))).toContain('missing or not a string');
    const pages = await report(JSON.stringify([{ events: events.slice(0, 2) }, { events: events.slice(2) }])).run();
    expect(pages.latency).toEqual(one.latency);
    expect(pages.notes.find((n) => n.includes('[1].events[0].message'))).toContain('missing or not a string');
    const bare = await report(JSON.stringify(events)).run();
    expect(bare.latency).toEqual(one.latency);
    expect(bare.notes.find((n) => n.includes('[2].message'))).toContain('missing or not a string');
    const gzip = join(dir, 'events.json.gz');
    writeFileSync(gzip, gzipSync(JSON.stringify([{ events }])));
    expect((await generateReport({ logs: [gzip], generatedAt: FIXED_TIME })).latency).toEqual(one.latency);
  });

  it('name the line of invalid JSON in an event', async () => {
    const { path, run } = report(
      `{"events": [\n${JSON.stringify(event('r1', 10))},\n{"message": "x", "timestamp": 1e}\n]}`,
    );
    await expect(run()).rejects.toMatchObject({
      message: expect.stringMatching(/^not valid JSON/),
      location: { file: path, line: 3 },
    });
  });
});
