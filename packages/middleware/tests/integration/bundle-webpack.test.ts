import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpack from 'webpack';
import { LambdaProfilerInitPlugin } from '../../src/bundlers/webpack.js';
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

function build(mode: 'development' | 'production'): Promise<string> {
  const path = join(dir, `dist-${mode}`);
  return new Promise((resolve, reject) => {
    webpack(
      {
        mode,
        context: dir,
        target: 'node',
        entry: './src/handler.mjs',
        devtool: 'source-map',
        output: { path, filename: 'index.js', library: { type: 'commonjs2' } },
        plugins: [new LambdaProfilerInitPlugin() as never],
      },
      (error, stats) => {
        if (error) reject(error);
        else if (stats?.hasErrors()) reject(new Error(stats.toString({ all: false, errors: true })));
        else resolve(join(path, 'index.js'));
      },
    );
  });
}

describe('webpack plugin: init attributed to the modules inside the bundle', () => {
  it.each(['development', 'production'] as const)(
    'times each module within 20 percent of its known cost in %s mode, with webpack module sizes',
    async (mode) => {
      // Prepare: built now, from the fixture graph (production concatenates the ESM modules).
      const bundle = await build(mode);

      // Act
      const runs = initRecordsOf(dir, bundle, await buildInitRecordHelper(dir));
      const init = runs[0]!;

      // Assess
      assertValidMetadata({ init });
      expect(init.imports.source).toBe('bundle');
      expect(init.imports.bundle).toMatchObject({ bundler: 'webpack' });
      const byName = new Map(init.imports.modules.map((m) => [m.module, m]));
      for (const [name, ms] of Object.entries(KNOWN_MS)) {
        const m = byName.get(name);
        expect(m, name).toBeDefined();
        expect(medianSelfMs(runs, name), name).toBeGreaterThanOrEqual(ms * 0.8);
        expect(medianSelfMs(runs, name), name).toBeLessThanOrEqual(overrunBound(ms));
        expect(m!.bytes, name).toBeGreaterThan(0);
      }
      expect(medianSelfMs(runs, 'fakepkg', true)).toBeGreaterThanOrEqual(120 * 0.8);
      expect(medianSelfMs(runs, 'fakepkg', true)).toBeLessThanOrEqual(overrunBound(120));
      expect(medianAttributed(runs)).toBeGreaterThanOrEqual(0.8);
      expect(JSON.stringify(init)).not.toContain(dir);
      // Source maps still point at the original files (the runtime was inserted before they were made).
      const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] };
      expect(map.sources.some((s) => s.endsWith('src/heavy.mjs'))).toBe(true);
    },
  );
});
