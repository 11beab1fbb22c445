import { describe, expect, it } from 'vitest';
import { measureFix, perFixMarkdown } from '../src/demo/per-fix.js';
import type { VariantOutcome } from '../src/demo/variant.js';
import type { TrafficRequest } from '../src/traffic/scenarios.js';

function outcome(samples: [TrafficRequest['scenario'], string, number][]): VariantOutcome {
  const results = samples.map(([scenario, label, ms]) => {
    const request = {
      platform: 'slack',
      scenario,
      label,
      path: '/',
      headers: {},
      body: '',
      expect: [200],
    } as TrafficRequest;
    return { request, status: 200, ms, ok: true };
  });
  return {
    plan: { name: 'x', fixEnv: {}, count: results.length, concurrency: 1, seed: 1 },
    runDir: undefined,
    results,
    seconds: 1,
  };
}

describe('per-fix measurement', () => {
  it('takes the median of paired differences over the requests the plant sits on', () => {
    const baseline = outcome([
      ['returning-user', 'checkin', 900],
      ['returning-user', 'checkin', 1000],
      ['complex-command', 'ask', 1500],
      ['returning-user', 'checkin', 5000], // a cold start in the baseline only
    ]);
    const fixed = outcome([
      ['returning-user', 'checkin', 600],
      ['returning-user', 'checkin', 650],
      ['complex-command', 'ask', 1490],
      ['returning-user', 'checkin', 700],
    ]);
    const report = {
      recommendations: [{ id: 'http-parallelize', savingsMs: 320 }],
      latency: { invocation: { avgMs: 1000 } },
    };
    const row = measureFix(
      'http-parallelize',
      { outcome: baseline, report },
      { outcome: fixed, report: { latency: { invocation: { avgMs: 900 } } } },
    );
    expect(row).toMatchObject({ estimatedMs: 320, measuredMs: 350, overallMs: 100 });
    expect(row.basis).toContain('n=3');
  });

  it('estimates the lazy-load saving from the heavy-import evidence and measures it on init', () => {
    const report = {
      coldStart: { avgInitMs: 1200 },
      recommendations: [
        { id: 'init-lazy-load', savingsMs: null },
        {
          id: 'init-heavy-import',
          savingsMs: 450,
          evidence: ['exceljs: 1,450.5 ms per cold start (156 files, 40% of init)'],
        },
      ],
    };
    const empty = outcome([]);
    const row = measureFix(
      'init-lazy-load',
      { outcome: empty, report },
      { outcome: empty, report: { coldStart: { avgInitMs: 800 } } },
    );
    expect(row).toMatchObject({ estimatedMs: 1450.5, measuredMs: 400 });
    expect(perFixMarkdown([row])).toContain(
      '| `init-lazy-load` | 1451 ms (exceljs, from init-heavy-import) | 400 ms |',
    );
  });
});
