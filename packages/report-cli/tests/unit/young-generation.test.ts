import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_CAP_BYTES } from '../../src/generate/young-generation.js';

const probe = fileURLToPath(new URL('../fixtures/heap/young-generation-probe.ts', import.meta.url));

/**
 * The probe in its own process: V8 flags set at run time hold for the whole process. V8's ceiling
 * for the young generation depends on the machine's memory (16 MB of young generation on a small
 * one): it is pinned at its largest so the uncapped run can show growth past the cap anywhere. The
 * probe hands the cap its own command line, so this flag does not switch the cap off.
 */
function run(mode: 'cap' | 'user' | 'none'): { capped: boolean; cappedAfterRelease: boolean; maxYoungMb: number } {
  const r = spawnSync(process.execPath, ['--max-semi-space-size=64', probe, mode], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('YoungGenerationCap', () => {
  const capMb = YOUNG_GENERATION_CAP_BYTES / 2 ** 20;

  it('stops the growth V8 gives a young generation whose objects keep surviving', () => {
    const free = run('none');
    // Without the cap, survivors take the young generation past the cap (to V8's maximum).
    expect(free.maxYoungMb).toBeGreaterThan(2 * capMb);
    const capped = run('cap');
    expect(capped.capped).toBe(true);
    // One doubling may happen between two checks.
    expect(capped.maxYoungMb).toBeLessThanOrEqual(2 * capMb);
    expect(capped.cappedAfterRelease).toBe(false);
  });

  it('leaves a young generation alone that the user sized with a flag', () => {
    const user = run('user');
    expect(user.capped).toBe(false);
    expect(user.maxYoungMb).toBeGreaterThan(2 * capMb);
  });
});
