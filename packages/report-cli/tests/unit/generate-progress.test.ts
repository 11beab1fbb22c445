import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { progressLine } from '../../src/commands/generate.js';
import type { ReadProgress } from '../../src/generate/options.js';
import { generateReport } from '../../src/generate/pipeline.js';
import { FIXED_TIME, fixture } from '../helpers/fixtures.js';

const size = (path: string) => statSync(path).size;

describe('generate progress', () => {
  it('tells how far each pass has read, logs first, ending at the inputs’ total size', async () => {
    const events: ReadProgress[] = [];
    const report = await generateReport({
      runFolder: fixture('run-folder'),
      generatedAt: FIXED_TIME,
      onProgress: (p) => events.push({ ...p }),
    });
    const logs = events.filter((e) => e.phase === 'logs');
    const traces = events.filter((e) => e.phase === 'traces');
    expect(logs.length).toBeGreaterThan(0);
    expect(traces.length).toBeGreaterThan(0);
    // Logs are read first, then traces; within a pass bytes and records never go back.
    expect(events.findIndex((e) => e.phase === 'traces')).toBe(logs.length);
    for (const pass of [logs, traces])
      for (let i = 1; i < pass.length; i++) {
        expect(pass[i]!.bytesDone).toBeGreaterThanOrEqual(pass[i - 1]!.bytesDone);
        expect(pass[i]!.records).toBeGreaterThanOrEqual(pass[i - 1]!.records);
      }
    const logSize = size(fixture('run-folder/function.log'));
    const traceSize = size(fixture('run-folder/traces.ndjson'));
    const reports = report.method?.match(/\((\d+) REPORT lines\)/)?.[1];
    expect(reports).toBeDefined();
    expect(logs.at(-1)).toMatchObject({ bytesDone: logSize, bytesTotal: logSize, records: Number(reports) });
    expect(traces.at(-1)).toMatchObject({ bytesDone: traceSize, bytesTotal: traceSize });
    expect(report.method).toContain(`${traces.at(-1)!.records} documents`);
  });

  it('counts whole-file JSON inputs (batch-get-traces) once read', async () => {
    const events: ReadProgress[] = [];
    const files = [fixture('xray/lambda-cold-warm-2023.batch.json'), fixture('xray/batch-get-traces-scorekeep.json')];
    await generateReport({ traces: files, generatedAt: FIXED_TIME, onProgress: (p) => events.push({ ...p }) });
    const total = files.reduce((sum, f) => sum + size(f), 0);
    expect(events.map((e) => e.bytesDone)).toEqual([size(files[0]!), total]);
    expect(events.every((e) => e.phase === 'traces' && e.bytesTotal === total)).toBe(true);
  });

  it('formats the status line', () => {
    expect(
      progressLine({ phase: 'traces', bytesDone: 312 * 1024 * 1024, bytesTotal: 529 * 1024 * 1024, records: 540112 }),
    ).toBe('Reading traces: 312 of 529 MB (58 %), 540,112 documents');
    expect(progressLine({ phase: 'logs', bytesDone: 0, bytesTotal: 0, records: 0 })).toBe(
      'Reading logs: 0 of 0 MB (100 %), 0 REPORT lines',
    );
  });

  it('shows a status line on a TTY and clears it before printing the report paths', async () => {
    const run = async (isTTY: boolean) => {
      let stderr = '';
      let stdout = '';
      const out = join(mkdtempSync(join(tmpdir(), 'lp-progress-')), 'r');
      const code = await runCli(['generate', fixture('run-folder'), '--format', 'json', '--out', out], {
        stdout: (t) => {
          stdout += t;
        },
        stderr: (t) => {
          stderr += t;
        },
        isTTY,
      });
      return { code, stdout, stderr, out };
    };
    const tty = await run(true);
    expect(tty.code).toBe(0);
    // The first status comes once the first block of the log was read (the whole 5 KB file here).
    const clear = '\r\u001b[2K';
    expect(tty.stderr.startsWith(`${clear}Reading logs: 0 of 0 MB (100 %), 12 REPORT lines`)).toBe(true);
    // The line is cleared once reading ends, before anything goes to stdout.
    expect(tty.stderr.endsWith(clear)).toBe(true);
    expect(tty.stdout).toBe(`${tty.out}.json\n`);
    const plain = await run(false);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe('');
  });
});
