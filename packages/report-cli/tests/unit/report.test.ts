import { describe, expect, it } from 'vitest';
import { validateReport } from '../../src/contracts/validate.js';
import { generateReport, renderReport } from '../../src/generate/index.js';
import { FIXED_TIME, fixture } from '../helpers/fixtures.js';

describe('report from a run folder (middleware metadata)', () => {
  it('matches the Markdown and JSON snapshots and the schema', async () => {
    const report = await generateReport({
      runFolder: fixture('run-folder'),
      generatedAt: FIXED_TIME,
      invocationsPerMonth: 2_000_000,
    });
    expect(validateReport(report).errors).toEqual([]);
    expect(report.source).toBe('local');
    expect(report.sample).toMatchObject({ invocations: 12, traces: 12, coldStarts: 3 });
    expect(report.coldStart.phases.map((p) => p.name)).toEqual(['runtime', 'imports', 'aws-sdk', 'custom', 'other']);
    expect(report.recommendations.map((r) => r.id)).toContain('dynamodb-batch-reads');
    expect(report.notes.some((n) => n.startsWith('Local run'))).toBe(true);
    const json = JSON.parse(renderReport(report, 'json'));
    expect(validateReport(json).errors).toEqual([]);
    await expect(renderReport(report, 'md')).toMatchFileSnapshot('__snapshots__/run-folder.md');
    await expect(renderReport(report, 'json')).toMatchFileSnapshot('__snapshots__/run-folder.json');
  });
});

describe('report from plain X-Ray traces and logs (no middleware)', () => {
  it('gives numbers where the data supports them, and null plus a note elsewhere', async () => {
    const report = await generateReport({
      traces: [
        fixture('xray/lambda-cold-warm-2023.batch.json'),
        fixture('xray/lambda-new-layout.ndjson'),
        fixture('xray/lambda-classic-2017.ndjson'),
      ],
      logs: [fixture('logs/lambda-json-format.ndjson')],
      functionConfig: { name: 'todo-list-app-dev-postTask' },
      generatedAt: FIXED_TIME,
    });
    expect(validateReport(report).errors).toEqual([]);
    expect(report.function.name).toBe('todo-list-app-dev-postTask');
    expect(report.sample.traces).toBe(2);
    expect(report.coldStart.phases).toEqual([]);
    expect(report.imports.count).toBeNull();
    expect(report.expected.monthlyCostUsd).toEqual({ from: null, to: null });
    expect(report.notes.join('\n')).toMatch(/Cold-start phases .* need the middleware/);
    expect(report.notes.join('\n')).toMatch(/other functions in the same traces were left out/);
    await expect(renderReport(report, 'md')).toMatchFileSnapshot('__snapshots__/plain-xray.md');
  });

  it('joins REPORT lines to traces by trace id and uses the function configuration', async () => {
    const report = await generateReport({
      traces: [fixture('xray/lambda-cold-warm-2023.batch.json')],
      logs: [fixture('config/get-function-configuration.json')],
      generatedAt: FIXED_TIME,
    });
    expect(report.function).toEqual({
      name: 'todo-list-app-dev-postTask',
      memoryMb: 1024,
      architecture: 'x86_64',
      timeoutS: 6,
    });
    expect(report.dynamodb.operations).toEqual([
      { operation: 'PutItem', table: 'todos', count: 1, avgMs: 23, p90Ms: 23, maxMs: 23 },
    ]);
    expect(report.latency.cold.avgMs).toBeCloseTo(90.2, 0);
  });
});
