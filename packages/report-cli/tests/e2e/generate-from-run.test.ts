import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateReport } from '../../src/contracts/validate.js';
import { spawnCli } from '../helpers/cli-process.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lp-run-generate-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(args: string[]) {
  const p = spawnCli(args);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

describe('run → generate', () => {
  it('profiles a real traced handler run locally and reports it', async () => {
    // Prepare: a run of the Powertools-traced fixture handler in two environments.
    const events = join(root, 'events.ndjson');
    writeFileSync(
      events,
      `${[{ action: 'sleep', ms: 400 }, { action: 'ok' }, { action: 'throw' }].map((e) => JSON.stringify(e)).join('\n')}\n`,
    );
    const out = join(root, 'run');
    const ran = await cli([
      ...['run', '--handler', 'tests/fixtures/handlers/traced.handler', '--events', events],
      ...[
        '--count',
        '9',
        '--concurrency',
        '2',
        '--memory',
        '256',
        '--timeout',
        '5',
        '--name',
        'fixture-fn',
        '--out',
        out,
      ],
    ]);
    expect(ran.code, ran.stderr).toBe(0);

    // Act
    const prefix = join(root, 'report');
    const generated = await cli(['generate', out, '--out', prefix, '--invocations-per-month', '100000']);

    // Assess
    expect(generated.code, generated.stderr).toBe(0);
    const report = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
    expect(validateReport(report).errors).toEqual([]);
    expect(report.source).toBe('local');
    expect(report.function).toMatchObject({ name: 'fixture-fn', memoryMb: 256, timeoutS: 5, architecture: 'x86_64' });
    expect(report.sample.invocations).toBe(9);
    expect(report.sample.traces).toBe(9);
    expect(report.sample.coldStarts).toBe(2);
    expect(report.errors.count).toBe(3);
    expect(report.memory.peakUsedMb).toBeGreaterThan(0);
    // The 400 ms `## sleep` subsegment is the slowest trace's main work (longer than any cold-start
    // invocation overhead, even on a loaded machine).
    expect(report.slowestTraces[0].durationMs).toBeGreaterThanOrEqual(400);
    expect(report.slowestTraces[0].timeline.map((r: { name: string }) => r.name)).toContain('## sleep');
    expect(report.notes.join('\n')).toContain('Local run');
    const md = readFileSync(`${prefix}.md`, 'utf8');
    expect(md).toContain('# Lambda Profiling Report - fixture-fn');
  }, 60_000);
});
