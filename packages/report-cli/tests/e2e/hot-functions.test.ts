import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfilingReport } from '../../src/contracts/report-types.js';
import { validateReport } from '../../src/contracts/validate.js';
import { spawnCli } from '../helpers/cli-process.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lp-hot-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(args: string[]) {
  const child = spawnCli(args);
  const code = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

describe('Hot Functions and memory-intensive operations from sampled profiles', () => {
  it('names the hot loop and the allocation site in the report, with evidence', async () => {
    // Prepare: a local run of a function profiled on every invocation by the real middleware.
    const events = join(root, 'events.ndjson');
    writeFileSync(events, '{}\n');
    const out = join(root, 'run');
    const ran = await cli([
      ...['run', '--handler', 'tests/fixtures/handlers/hot.handler', '--events', events],
      ...['--count', '4', '--concurrency', '1', '--memory', '256', '--out', out],
    ]);
    expect(ran.code, ran.stderr).toBe(0);

    // Act
    const prefix = join(root, 'report');
    const generated = await cli(['generate', out, '--format', 'md,json', '--out', prefix]);

    // Assess
    expect(generated.code, generated.stderr).toBe(0);
    const report = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as ProfilingReport;
    expect(validateReport(report).errors).toEqual([]);
    const hot = report.hotFunctions!;
    expect(hot.profiles).toBe(4);
    expect(hot.avgOverheadMs).toBeGreaterThan(0);
    const names = hot.functions.map((f) => f.name);
    expect(names).toContain('renderTranscript');
    const transcript = hot.functions.find((f) => f.name === 'renderTranscript')!;
    expect(transcript.location).toBe('./tests/fixtures/handlers/hot.mjs:13');
    // The loop runs ~30 ms; the first profile of a process can credit part of it to an inlining caller.
    expect(transcript.avgSelfMs).toBeGreaterThan(5);
    const clone = report.memory.heavyOperations.find((h) => h.name === 'cloneConversation');
    expect(clone).toMatchObject({ location: './tests/fixtures/handlers/hot.mjs:24', heapDeltaMb: null });
    expect(clone!.allocatedMb).toBeGreaterThan(1);
    const cpuRec = report.recommendations.find((r) => r.id === 'cpu-hot-function');
    expect(cpuRec?.evidence.join('\n')).toMatch(
      /renderTranscript \(\.\/tests\/fixtures\/handlers\/hot\.mjs:13\): [\d.]+ ms of CPU/,
    );
    const memRec = report.recommendations.find((r) => r.id === 'memory-heavy-operation');
    expect(memRec?.evidence.join('\n')).toMatch(
      /cloneConversation \(\.\/tests\/fixtures\/handlers\/hot\.mjs:24\): allocates [\d.]+ MB/,
    );
    const md = readFileSync(`${prefix}.md`, 'utf8');
    expect(md).toContain('## Hot Functions');
    expect(md).toMatch(/\| `renderTranscript` \| \.\/tests\/fixtures\/handlers\/hot\.mjs:13 \|/);
    expect(md).toMatch(
      /- `cloneConversation` \(\.\/tests\/fixtures\/handlers\/hot\.mjs:24\): allocates [\d.]+ MB per profiled invocation/,
    );
  });
});
