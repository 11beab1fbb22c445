import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaProfilerInit } from '../../src/bundlers/esbuild.js';
import type { InitRecord } from '../../src/contract/types.js';
import { KNOWN_MS, middlewareSrc, writeBundleFixture } from '../helpers/bundle-fixture.js';
import { assertValidMetadata } from '../helpers/schema.js';

let dir: string;
beforeAll(() => {
  dir = writeBundleFixture();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function initOf(bundle: string): InitRecord {
  const run = spawnSync(
    process.execPath,
    ['-e', `console.log(JSON.stringify(require(${JSON.stringify(bundle)}).initRecord()))`],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, LAMBDA_TASK_ROOT: dir } },
  );
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as InitRecord;
}

describe('esbuild plugin: init attributed to the modules inside the bundle', () => {
  it('times each module within 20 % of its known cost and joins the bytes from the metafile', async () => {
    // Prepare: the bundle is built now, from the fixture graph, with the plugin.
    const outfile = join(dir, 'dist', 'index.cjs');
    await esbuild.build({
      absWorkingDir: dir,
      entryPoints: ['src/handler.mjs'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      sourcemap: true,
      outfile,
      alias: { '@lambda-profiler/middleware/src': middlewareSrc },
      plugins: [lambdaProfilerInit()],
      logLevel: 'silent',
    });

    // Act
    const init = initOf(outfile);

    // Assess
    assertValidMetadata({ init });
    expect(init.imports.source).toBe('bundle');
    expect(init.imports.bundle).toMatchObject({ bundler: 'esbuild' });
    expect(init.imports.bundle!.bytes).toBeGreaterThan(1000);
    const byName = new Map(init.imports.modules.map((m) => [m.module, m]));
    for (const [name, ms] of Object.entries(KNOWN_MS)) {
      const m = byName.get(name);
      expect(m, name).toBeDefined();
      expect(m!.format).toBe('bundle');
      expect(m!.selfMs, name).toBeGreaterThanOrEqual(ms * 0.8);
      expect(m!.selfMs, name).toBeLessThanOrEqual(ms * 1.2);
      expect(m!.bytes, name).toBeGreaterThan(0);
    }
    const pkg = init.imports.packages.find((p) => p.package === 'fakepkg')!;
    expect(pkg.selfMs).toBeGreaterThanOrEqual(60 * 0.8);
    expect(pkg.selfMs).toBeLessThanOrEqual(60 * 1.2);
    expect(pkg.ms).toBeGreaterThanOrEqual(pkg.selfMs);
    expect(pkg.bytes).toBeGreaterThan(0);
    // At least 80 % of the measured import window is attributed to named modules.
    const attributed = init.imports.modules.reduce((n, m) => n + m.selfMs, 0);
    expect(attributed / init.imports.totalMs).toBeGreaterThanOrEqual(0.8);
    // The names are package-relative: never the machine's temporary folder.
    expect(JSON.stringify(init)).not.toContain(dir);
    // The bundle still maps back to the original files.
    const map = JSON.parse(readFileSync(`${outfile}.map`, 'utf8')) as { sources: string[] };
    expect(map.sources).toEqual(expect.arrayContaining(['../src/heavy.mjs', '../node_modules/fakepkg/index.js']));
  });
});
