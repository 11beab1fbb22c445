import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaProfilerInit } from '../../src/bundlers/esbuild.js';
import { BUNDLE_MARKERS_KEY } from '../../src/bundlers/markers.js';

const dir = mkdtempSync(join(tmpdir(), 'lp-shadow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundle markers in a module that declares its own Symbol', () => {
  it('still reach the marker table (lodash.isfunction declares `var Symbol = root.Symbol`)', async () => {
    // Prepare: a CommonJS module whose hoisted `var Symbol` is undefined where the start marker runs
    mkdirSync(join(dir, 'node_modules', 'shadow'), { recursive: true });
    writeFileSync(
      join(dir, 'node_modules', 'shadow', 'index.js'),
      'var root = globalThis;\nvar Symbol = root.Symbol;\nmodule.exports = typeof Symbol;\n',
    );
    writeFileSync(join(dir, 'entry.js'), "module.exports = require('shadow');\n");
    const outfile = join(dir, 'out.cjs');
    await esbuild.build({
      absWorkingDir: dir,
      entryPoints: ['entry.js'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      plugins: [lambdaProfilerInit()],
      logLevel: 'silent',
    });

    // Act
    const loaded = createRequire(import.meta.url)(outfile) as string;

    // Assess: the module ran to the end and both its markers were recorded
    expect(loaded).toBe('function');
    const table = (globalThis as Record<symbol, { records: unknown[][] }>)[Symbol.for(BUNDLE_MARKERS_KEY)];
    expect(table?.records.map((r) => r[0])).toContain('shadow/index.js');
  });
});
