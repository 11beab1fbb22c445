import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../src/contracts/validate.js';
import { generateReport } from '../../src/generate/index.js';
import { renderMarkdown } from '../../src/renderers/markdown.js';
import { FIXED_TIME } from '../helpers/fixtures.js';
import { syntheticInvocations } from '../helpers/synthetic.js';

/** An EMF document as Powertools Metrics writes it, with the middleware's metrics among its values. */
function emf(values: Record<string, number>): string {
  const units: Record<string, string> = {
    InitDuration: 'Milliseconds',
    ImportDuration: 'Milliseconds',
    PeakMemory: 'Megabytes',
  };
  return JSON.stringify({
    _aws: {
      Timestamp: 1768471200000,
      CloudWatchMetrics: [
        {
          Namespace: 'botflow',
          Dimensions: [['service']],
          Metrics: Object.keys(values).map((Name) => ({ Name, Unit: units[Name] ?? 'Count' })),
        },
      ],
    },
    service: 'botflow',
    ...values,
  });
}

function write(name: string, lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lp-emf-')), name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const report = (id: string, fields: string) =>
  `REPORT RequestId: ${id}\tDuration: 20.00 ms\tBilled Duration: 20 ms\tMemory Size: 512 MB\t${fields}`;

describe("the middleware's EMF metrics fill what traces and REPORT lines leave unknown", () => {
  it('gives the import total and the memory used of a log without traces or Max Memory Used', async () => {
    const logs = write('function.log', [
      'INIT_START Runtime Version: nodejs:24.v48',
      'START RequestId: r1 Version: $LATEST',
      emf({ InitDuration: 480, ImportDuration: 300, PeakMemory: 100 }),
      'END RequestId: r1',
      report('r1', 'Init Duration: 500.00 ms\t'),
      'START RequestId: r2 Version: $LATEST',
      emf({ PeakMemory: 140 }),
      'END RequestId: r2',
      report('r2', ''),
    ]);
    const r = await generateReport({ logs: [logs], generatedAt: FIXED_TIME });
    expect(validateReport(r).errors).toEqual([]);
    expect(r.imports).toMatchObject({ count: null, totalMs: 300, modules: [] });
    expect(r.memory).toMatchObject({ allocatedMb: 512, avgUsedMb: 120, peakUsedMb: 140 });
    expect(r.memory.utilizationPct).toBeCloseTo((140 / 512) * 100, 1);
    // REPORT's Init Duration stays first.
    expect(r.coldStart.avgInitMs).toBe(500);
    expect(r.notes).toContain(
      "Import time from the EMF metric ImportDuration (1 cold start): the modules and their timings are in the traces (the middleware's init subsegment).",
    );
    expect(r.notes).toContain(
      'Memory used from the EMF metric PeakMemory (peak RSS of 2 sampled invocations): REPORT lines give Max Memory Used for every invocation.',
    );
    expect(r.notes.some((n) => n.startsWith('Import timings need') || n.startsWith('Memory used unknown'))).toBe(false);
    expect(renderMarkdown(r)).toContain(
      '- **Total imports:** 300 ms (EMF `ImportDuration`; the modules and their timings need the traces)',
    );
  });

  it('leave the figures REPORT lines give as they are', async () => {
    const logs = write('function.log', [
      'START RequestId: r1 Version: $LATEST',
      emf({ PeakMemory: 140 }),
      report('r1', 'Max Memory Used: 90 MB\t'),
    ]);
    const r = await generateReport({ logs: [logs], generatedAt: FIXED_TIME });
    expect(r.memory).toMatchObject({ avgUsedMb: 90, peakUsedMb: 90 });
    expect(r.notes.some((n) => n.includes('EMF metric'))).toBe(false);
  });

  it('give the init duration of cold starts traced without an Initialization subsegment', async () => {
    // A local daemon's view: the handler's subsegments with their ColdStart annotation, no function
    // segment (so no Lambda Init) and no middleware init record.
    const documents = [
      ...syntheticInvocations({ invocations: 6, environments: 2, seed: 5, functionSegments: false, middleware: false }),
    ].flatMap((inv) => inv.documents.map((d) => JSON.stringify(d)));
    const traces = write('traces.ndjson', documents);
    const logs = write('emf.log', [emf({ InitDuration: 400 }), emf({ InitDuration: 600 })]);
    const without = await generateReport({ traces: [traces], generatedAt: FIXED_TIME });
    expect(without.coldStart.count).toBe(2);
    expect(without.coldStart.avgInitMs).toBeNull();
    const r = await generateReport({ traces: [traces], logs: [logs], generatedAt: FIXED_TIME });
    expect(r.coldStart).toMatchObject({ count: 2, avgInitMs: 500, p90InitMs: 580 });
    expect(r.notes.some((n) => n.startsWith('Init duration from the EMF metric InitDuration (2 cold starts'))).toBe(
      true,
    );
    expect(r.notes.some((n) => n.startsWith('Init duration unknown'))).toBe(false);
  });
});
