import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../src/generate/index.js';
import { detectFile } from '../../src/readers/detect.js';
import { FIXED_TIME, fixture } from '../helpers/fixtures.js';

interface Batch {
  Traces: { Id: string; Segments: { Id: string; Document: string }[] }[];
}

/**
 * What `aws xray batch-get-traces --query …` prints for the same traces: the segments of each trace,
 * all segments, or all documents (JSON strings), pretty-printed (the CLI's default) or on one line.
 */
describe('batch-get-traces narrowed with --query', () => {
  const batchFile = fixture('xray/lambda-cold-warm-2023.batch.json');
  const batch = JSON.parse(readFileSync(batchFile, 'utf8')) as Batch;
  const dir = mkdtempSync(join(tmpdir(), 'lp-query-'));
  const shapes: Record<string, unknown> = {
    'Traces[*].Segments': batch.Traces.map((t) => t.Segments),
    'Traces[].Segments[]': batch.Traces.flatMap((t) => t.Segments),
    'Traces[].Segments[].Document': batch.Traces.flatMap((t) => t.Segments.map((s) => s.Document)),
  };
  const files = Object.entries(shapes).flatMap(([query, value], n) =>
    [4, undefined].map((indent) => {
      const file = join(dir, `query-${n}-${indent ?? 'compact'}.json`);
      writeFileSync(file, JSON.stringify(value, null, indent));
      return { query, indent, file };
    }),
  );

  it('is recognised as X-Ray JSON and gives the report the whole output gives', async () => {
    const expected = await generateReport({ traces: [batchFile], generatedAt: FIXED_TIME });
    expect(expected.sample.traces).toBe(2);
    for (const { query, indent, file } of files) {
      const label = `${query} (${indent ? 'pretty' : 'one line'})`;
      expect(detectFile(file), label).toBe('xray-json');
      expect(await generateReport({ traces: [file], generatedAt: FIXED_TIME }), label).toEqual(expected);
    }
  });

  it('is recognised by a later element when the first says nothing (a null or stray value first)', async () => {
    const segments = shapes['Traces[].Segments[]'] as unknown[];
    const file = join(dir, 'stray-first.json');
    writeFileSync(file, JSON.stringify([null, { note: 'merged by hand' }, ...segments]));
    expect(detectFile(file)).toBe('xray-json');
    const warnings: string[] = [];
    const report = await generateReport({
      traces: [file],
      generatedAt: FIXED_TIME,
      onWarning: (w) => warnings.push(w),
    });
    const expected = await generateReport({ traces: [batchFile], generatedAt: FIXED_TIME });
    expect(report.sample).toEqual(expected.sample);
    expect(report.latency).toEqual(expected.latency);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^.*stray-first\.json: \[0\]/);
  });

  it('names the element of a bad document', async () => {
    const documents = shapes['Traces[].Segments[].Document'] as string[];
    const file = join(dir, 'bad-documents.json');
    writeFileSync(file, JSON.stringify([...documents, '{oops', JSON.stringify({ id: 'x' })], null, 4));
    const warnings: string[] = [];
    await generateReport({ traces: [file], generatedAt: FIXED_TIME, onWarning: (w) => warnings.push(w) });
    const last = documents.length;
    expect(warnings).toEqual([
      `${file}: [${last}]: not valid JSON; segment skipped`,
      `${file}: [${last + 1}].name: missing or not a string; document skipped`,
    ]);
  });
});
