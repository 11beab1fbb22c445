import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../src/generate/index.js';
import { FIXED_TIME } from '../helpers/fixtures.js';
import { syntheticInvocations } from '../helpers/synthetic.js';

/** A report of `invocations` synthetic invocations over `environments` (one cold start each). */
async function reportOf(invocations: number, environments: number) {
  const dir = mkdtempSync(join(tmpdir(), 'lp-cold-'));
  const list = [...syntheticInvocations({ invocations, environments, seed: 9 })];
  const traces = join(dir, 'traces.ndjson');
  writeFileSync(traces, `${list.flatMap((i) => i.documents.map((d) => JSON.stringify(d))).join('\n')}\n`);
  return generateReport({ traces: [traces], generatedAt: FIXED_TIME });
}

describe('priority of the init fixes', () => {
  it('follows the share of the init time when cold starts are common', async () => {
    const r = await reportOf(150, 10);
    expect(r.sample.coldStarts).toBe(10);
    const heavy = r.recommendations.find((x) => x.id === 'init-heavy-import')!;
    expect(heavy.priority).toBe('HIGH');
    expect(heavy.evidence.join('\n')).not.toContain('stay out of the p99');
  });

  it('is a level lower when cold starts are under 1 % of invocations, and says why once', async () => {
    const r = await reportOf(150, 1);
    expect(r.sample.coldStarts).toBe(1);
    const init = r.recommendations.filter((x) => x.id.startsWith('init-'));
    expect(init.find((x) => x.id === 'init-heavy-import')!.priority).toBe('MEDIUM');
    expect(init.find((x) => x.id === 'init-sdk-clients')!.priority).toBe('MEDIUM');
    expect(init.flatMap((x) => x.evidence).filter((e) => e.includes('stay out of the p99'))).toEqual([
      'cold starts are 0.67% of invocations: under 1%, they stay out of the p99',
    ]);
  });
});

describe('the observed monthly volume', () => {
  it('is extrapolated from REPORT lines over 10 minutes or more, and written with thousands separators', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-volume-'));
    const list = [...syntheticInvocations({ invocations: 3000, environments: 3, seed: 4 })];
    const logs = join(dir, 'function.log');
    const traces = join(dir, 'traces.ndjson');
    writeFileSync(logs, `${list.flatMap((i) => i.logLines).join('\n')}\n`);
    // The traces give the times (plain log text has none).
    writeFileSync(traces, `${list.flatMap((i) => i.documents.map((d) => JSON.stringify(d))).join('\n')}\n`);
    const r = await generateReport({ traces: [traces], logs: [logs], generatedAt: FIXED_TIME });
    expect(r.pricing?.invocationsPerMonthSource).toBe('observed');
    const volume = r.pricing!.invocationsPerMonth!;
    expect(volume).toBeGreaterThan(1_000_000);
    expect(r.notes).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Monthly volume observed: 3000 REPORT lines over [\\d.]+ minutes ≈ ${volume.toLocaleString('en-US')} invocations per month`,
        ),
      ),
    );
  });
});
