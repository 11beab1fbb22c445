import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../src/generate/index.js';
import { FIXED_TIME } from '../helpers/fixtures.js';
import { syntheticInvocations } from '../helpers/synthetic.js';

describe('execution environments of a text log holding several of them', () => {
  // 4 environments taking turns, the first leaking 0.9 MB per invocation (the synthetic data's
  // planted leak); their logs merged into one text file, as `aws logs tail --format short` or a
  // concatenated export gives them: no log stream names the environment.
  const dir = mkdtempSync(join(tmpdir(), 'lp-envs-'));
  const invocations = [...syntheticInvocations({ invocations: 400, environments: 4, seed: 3 })];
  const traces = join(dir, 'traces.ndjson');
  const logs = join(dir, 'function.log');
  writeFileSync(traces, `${invocations.flatMap((i) => i.documents.map((d) => JSON.stringify(d))).join('\n')}\n`);
  writeFileSync(logs, `${invocations.flatMap((i) => i.logLines).join('\n')}\n`);
  const record = (d: Record<string, unknown>) =>
    (d.metadata as { 'lambda-profiler'?: { invocation?: { environmentId: string } } } | undefined)?.['lambda-profiler']
      ?.invocation;
  const leaking = invocations[0]!.documents.map(record).find((r) => r !== undefined)!.environmentId;

  it("take the middleware's environment ids from the traces over the file's guess, and find the leak", async () => {
    const r = await generateReport({ traces: [traces], logs: [logs], generatedAt: FIXED_TIME });
    expect(r.memory.leakSuspects.map((s) => s.environment)).toEqual([leaking]);
    expect(r.memory.leakSuspects[0]!.growthMbPerInvocation).toBeCloseTo(0.9, 0);
    expect(r.recommendations.map((x) => x.id)).toContain('memory-leak');
  });

  it('keep the guess when nothing better names them (logs alone)', async () => {
    const r = await generateReport({ logs: [logs], generatedAt: FIXED_TIME });
    // Every invocation after the last cold start went to the last environment to start: no
    // environment holds the leaking one's series alone.
    expect(r.memory.leakSuspects.map((s) => s.environment)).not.toContain(leaking);
    expect(r.sample.invocations).toBe(400);
  });
});
