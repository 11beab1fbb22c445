import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatError } from '../../src/cli/errors.js';
import { compareReports, failedGates, measureFor } from '../../src/compare/compare-reports.js';
import { parseReport } from '../../src/compare/load-report.js';
import { renderComparisonMarkdown } from '../../src/compare/render-comparison.js';
import type { ProfilingReport } from '../../src/contracts/report-types.js';
import { reportExample } from '../helpers/report-example.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/compare/${name}`, import.meta.url));
const load = (name: string) => parseReport(readFileSync(fixture(name), 'utf8'), name);

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return formatError(error);
  }
  throw new Error('expected an error');
}

describe('compareReports', () => {
  it('computes deltas of the key figures, per DynamoDB operation and per host', () => {
    const c = compareReports(load('before.json'), load('after.json'));
    const row = (figure: string) => c.rows.find((r) => r.figure === figure)!;
    expect(row('Invocation p90')).toMatchObject({ before: 520.5, after: 430, delta: -90.5, gate: 'p90' });
    expect(row('Invocation p90').deltaPct).toBeCloseTo(-17.387, 2);
    expect(row('Cold start: average init')).toMatchObject({ before: 640, after: 520, gate: 'cold-start' });
    expect(row('GetItem states: p90')).toMatchObject({ before: 12, after: 13, delta: 1 });
    // 60 calls over 120 invocations before, 60 over 150 after.
    expect(row('Query channels: calls per invocation')).toMatchObject({ before: 0.5, after: 0.4 });
    expect(row('slack.com: p90')).toMatchObject({ before: 180, after: 95 });
    expect(row('Memory used: peak')).toMatchObject({ before: 190, after: 201 });
    expect(row('Monthly cost (estimated)')).toMatchObject({ before: 42.1, after: 34.6, gate: 'monthly-cost' });
    expect(c.gates).toEqual([]);
  });

  it('puts each recommendation of the first report next to the change measured in the second', () => {
    const c = compareReports(load('before.json'), load('after.json'));
    const keepAlive = c.recommendations.find((r) => r.id === 'http-keep-alive')!;
    expect(keepAlive).toMatchObject({
      estimatedSavingsMs: 48,
      estimatedMonthlySavingsUsd: 12.4,
      stillRecommended: false,
    });
    expect(keepAlive.measured.figure).toBe('External API time per invocation');
    // Σ count × avg / invocations: (30×820 + 240×110)/120 before, (30×820 + 300×62)/150 after.
    expect(keepAlive.measured.before).toBeCloseTo(425, 6);
    expect(keepAlive.measured.after).toBeCloseTo(288, 6);
    expect(keepAlive.measured.saved).toBeCloseTo(137, 6);
    const lazy = c.recommendations.find((r) => r.id === 'init-lazy-load')!;
    expect(lazy.measured).toMatchObject({ figure: 'Cold start: average init', saved: 120 });
    const size = c.recommendations.find((r) => r.id === 'memory-right-size')!;
    expect(size).toMatchObject({ stillRecommended: true, measured: { unit: 'USD' } });
    expect(size.measured.saved).toBeCloseTo(7.5, 6);
    // 512 MB in both reports: the cost fell for other reasons, not by this recommendation.
    expect(size.notApplied).toBe('the memory size is 512 MB in both reports');
    expect(renderComparisonMarkdown(c)).toMatch(
      /`memory-right-size`\) \| [A-Z]+ \| [^|]+ \| not applied: the memory size is 512 MB in both reports \|/,
    );
    expect(keepAlive).not.toHaveProperty('notApplied');
  });

  it('marks a configuration recommendation not applied only when the setting stayed the same', () => {
    const before = load('before.json');
    const after = load('after.json');
    const arm: ProfilingReport['recommendations'][number] = {
      id: 'arm64',
      priority: 'MEDIUM',
      title: 'Switch to arm64 (Graviton)',
      savingsMs: null,
      monthlySavingsUsd: 8,
      evidence: [],
    };
    before.recommendations.push(arm);
    const rec = (b: ProfilingReport, a: ProfilingReport, id: string) =>
      compareReports(b, a).recommendations.find((r) => r.id === id)!;
    expect(rec(before, after, 'arm64').notApplied).toBe('the function is x86_64 in both reports');
    const moved = { ...after, function: { ...after.function, architecture: 'arm64' as const, memoryMb: 1024 } };
    expect(rec(before, moved, 'arm64')).not.toHaveProperty('notApplied');
    expect(rec(before, moved, 'memory-right-size')).not.toHaveProperty('notApplied');
    // An unknown setting cannot tell either way.
    const unknown = { ...before, function: { ...before.function, architecture: null, memoryMb: null } };
    expect(rec(unknown, after, 'arm64')).not.toHaveProperty('notApplied');
  });

  it('maps recommendation families to the figure they move', () => {
    expect(measureFor('dynamodb-batch-reads').figure).toBe('DynamoDB time per invocation');
    expect(measureFor('arm64').unit).toBe('USD');
    expect(measureFor('memory-leak').figure).toBe('Peak memory used');
    expect(measureFor('errors').unit).toBe('%');
    expect(measureFor('timeout-headroom').figure).toBe('Invocation p99');
  });

  it('fails a gate only above the threshold, and cannot gate a missing figure', () => {
    const before = reportExample();
    const after = reportExample();
    after.latency.invocation.p90Ms = 520.5 * 1.1; // exactly +10 %
    after.coldStart.avgInitMs = 640 * 1.1 + 1; // just over +10 %
    after.expected.monthlyCostUsd.from = null;
    const c = compareReports(before, after, { failOnRegressionPct: 10 });
    expect(c.gates.map((g) => [g.id, g.status])).toEqual([
      ['cold-start', 'fail'],
      ['p90', 'pass'],
      ['monthly-cost', 'not-comparable'],
    ]);
    expect(failedGates(c).map((g) => g.id)).toEqual(['cold-start']);
    expect(c.notes.join(' ')).toContain('Monthly cost (estimated) is missing from one report');
  });

  it('counts growth from zero as a regression', () => {
    const before = reportExample();
    before.coldStart.avgInitMs = 0;
    const c = compareReports(before, reportExample(), { failOnRegressionPct: 50 });
    expect(c.gates.find((g) => g.id === 'cold-start')?.status).toBe('fail');
  });

  it('notes different functions, sources and small samples', () => {
    const before = reportExample();
    const after: ProfilingReport = {
      ...reportExample(),
      source: 'aws',
      function: { ...before.function, name: 'other' },
    };
    after.sample.invocations = 12;
    const notes = compareReports(before, after).notes.join('\n');
    expect(notes).toContain('different functions (botFlow, other)');
    expect(notes).toContain('different sources (local, aws)');
    expect(notes).toContain('second report has only 12 invocations');
  });
});

describe('renderComparisonMarkdown', () => {
  it('renders the key figures, the recommendations and the gate as Markdown tables', () => {
    const md = renderComparisonMarkdown(
      compareReports(load('before.json'), load('after.json'), {
        beforeLabel: 'before.json',
        afterLabel: 'after.json',
        failOnRegressionPct: 5,
      }),
    );
    expect(md.startsWith('# Lambda Profiling Comparison - botFlow\n')).toBe(true);
    expect(md).toContain('| Invocation p90 (gated) | 521 ms | 430 ms | −90.5 ms (−17.4 %) |');
    expect(md).toContain('| GetItem states: p90 | 12.0 ms | 13.0 ms | +1.0 ms (+8.3 %) |');
    expect(md).toContain('| Cold invocation p90 | 1,400 ms | 1,400 ms | no change |');
    expect(md).toContain(
      '| Reuse HTTPS connections (keep-alive agent) (`http-keep-alive`) | HIGH | 48.0 ms, $12.40/month | saved 137 ms (External API time per invocation: 425 ms → 288 ms) | no longer recommended |',
    );
    expect(md).toContain('| Monthly cost (estimated) | $42.10 | $34.60 | −17.8 % | pass |');
    // Every table row has the same number of cells as its header.
    for (const block of md.split('\n\n').filter((b) => b.startsWith('|'))) {
      const lines = block.trim().split('\n');
      const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
      for (const line of lines) expect(cells(line)).toBe(cells(lines[0]!));
    }
  });

  it('marks a failed gate as REGRESSION', () => {
    const md = renderComparisonMarkdown(
      compareReports(load('after.json'), load('before.json'), { failOnRegressionPct: 10 }),
    );
    expect(md).toContain('| Invocation p90 **REGRESSION** | 430 ms | 521 ms | +90.5 ms (+21.0 %) |');
    expect(md).toContain('| Invocation p90 | 430 ms | 521 ms | +21.0 % | **FAIL** |');
  });
});

describe('parseReport', () => {
  it('names file, line and field of a schema violation', () => {
    const report = reportExample() as unknown as { errors: { ratePct: number } };
    report.errors.ratePct = 140;
    const text = JSON.stringify(report, null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"ratePct": 140')) + 1;
    expect(errorOf(() => parseReport(text, 'a.json'))).toBe(
      `a.json:${line}: /errors/ratePct: not a lambda-profiler report: must be <= 100`,
    );
  });

  it('names the line of a JSON syntax error', () => {
    expect(errorOf(() => parseReport('{\n  "schemaVersion": 1,\n  oops\n}', 'b.json'))).toMatch(
      /^b\.json:3: not valid JSON: /,
    );
  });
});
