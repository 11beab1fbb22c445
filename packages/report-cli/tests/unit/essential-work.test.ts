import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateReport } from '../../src/generate/index.js';
import { essentialWork } from '../bench/essential-work.js';
import { syntheticInvocations } from '../helpers/synthetic.js';

// The scale benchmark's reference (essential work) is only a fair yardstick if it handles the
// invocations `generate` handles: the same count, traced and from REPORT lines alone.
describe('the scale benchmark essential-work reference', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-essential-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const invocations = [...syntheticInvocations({ invocations: 300, environments: 3, seed: 7 })];
  mkdirSync(join(dir, 'ndjson'));
  mkdirSync(join(dir, 'batch'));
  // 40 invocations have no trace (unsampled): their REPORT lines count alone.
  const traced = invocations.slice(40);
  writeFileSync(
    join(dir, 'ndjson', 'traces.ndjson'),
    `${traced.flatMap((i) => i.documents.map((d) => JSON.stringify(d))).join('\n')}\n`,
  );
  writeFileSync(
    join(dir, 'batch', 'traces-0000.json'),
    JSON.stringify({
      Traces: traced.map((i) => ({
        Id: i.traceId,
        Segments: i.documents.map((d, n) => ({ Id: String(n), Document: JSON.stringify(d) })),
      })),
      UnprocessedTraceIds: [],
    }),
  );
  writeFileSync(join(dir, 'function.log'), `${invocations.flatMap((i) => i.logLines).join('\n')}\n`);

  it.each(['ndjson', 'batch'])('counts every invocation generate counts (%s)', async (format) => {
    const report = await generateReport({
      traces: [join(dir, format)],
      logs: [join(dir, 'function.log')],
      generatedAt: '2026-01-15T12:00:00.000Z',
    });
    expect(report.sample.invocations).toBe(300);
    expect(essentialWork(dir, format)).toBe(report.sample.invocations);
  });
});
