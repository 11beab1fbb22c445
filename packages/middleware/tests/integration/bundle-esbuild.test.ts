import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaProfilerInit } from '../../src/bundlers/esbuild.js';
import {
  buildInitRecordHelper,
  initRecordsOf,
  KNOWN_MS,
  medianAttributed,
  medianSelfMs,
  overrunBound,
  writeBundleFixture,
} from '../helpers/bundle-fixture.js';
import { assertValidMetadata } from '../helpers/schema.js';

let dir: string;
beforeAll(() => {
  dir = writeBundleFixture();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
      plugins: [lambdaProfilerInit()],
      logLevel: 'silent',
    });

    // Act
    const runs = initRecordsOf(dir, outfile, await buildInitRecordHelper(dir));
    const init = runs[0]!;

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
      expect(medianSelfMs(runs, name), name).toBeGreaterThanOrEqual(ms * 0.8);
      expect(medianSelfMs(runs, name), name).toBeLessThanOrEqual(overrunBound(ms));
      expect(m!.bytes, name).toBeGreaterThan(0);
    }
    const pkg = init.imports.packages.find((p) => p.package === 'fakepkg')!;
    expect(medianSelfMs(runs, 'fakepkg', true)).toBeGreaterThanOrEqual(120 * 0.8);
    expect(medianSelfMs(runs, 'fakepkg', true)).toBeLessThanOrEqual(overrunBound(120));
    expect(pkg.ms).toBeGreaterThanOrEqual(pkg.selfMs);
    expect(pkg.bytes).toBeGreaterThan(0);
    // At least 80 % of the measured import window is attributed to named modules.
    expect(medianAttributed(runs)).toBeGreaterThanOrEqual(0.8);
    // The names are package-relative: never the machine's temporary folder.
    expect(JSON.stringify(init)).not.toContain(dir);
    // The bundle still maps back to the original files.
    const map = JSON.parse(readFileSync(`${outfile}.map`, 'utf8')) as { sources: string[] };
    expect(map.sources).toEqual(expect.arrayContaining(['../src/heavy.mjs', '../node_modules/fakepkg/index.js']));
  });
});
