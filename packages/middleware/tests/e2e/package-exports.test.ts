import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Imports the *built* package through its exports map, as a user's function would, in a fresh
// Node process for each module system.
const packageDir = fileURLToPath(new URL('../..', import.meta.url));

function runNode(code: string, type: 'module' | 'commonjs'): string {
  return execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], {
    cwd: packageDir,
    encoding: 'utf8',
  });
}

describe('built package exports', () => {
  it('has been built', () => {
    expect(existsSync(`${packageDir}/dist/index.js`)).toBe(true);
    expect(existsSync(`${packageDir}/dist/index.cjs`)).toBe(true);
    expect(existsSync(`${packageDir}/dist/contract/index.d.ts`)).toBe(true);
    expect(existsSync(`${packageDir}/dist/register.js`)).toBe(true);
    expect(existsSync(`${packageDir}/dist/register.cjs`)).toBe(true);
  });

  it('exports profiler, span, the plugin and init marks from both module systems', () => {
    const esm = runNode(
      `import * as m from '@lambda-profiler/middleware';
       console.log([m.profiler, m.span, m.profilerPlugin, m.markInit, m.initPhase].map((f) => typeof f).join());`,
      'module',
    );
    expect(esm.trim()).toBe('function,function,function,function,function');
    const cjs = runNode(
      `const m = require('@lambda-profiler/middleware'); console.log(typeof m.profiler(), typeof m.span);`,
      'commonjs',
    );
    expect(cjs.trim()).toBe('object function');
  });

  it('resolves the register entry through the exports map, listed in sideEffects', () => {
    const out = runNode(
      `import '@lambda-profiler/middleware/register';
       console.log(globalThis[Symbol.for('lambda-profiler.state.v1')].registerActive);`,
      'module',
    );
    expect(out.trim()).toBe('true');
    const cjs = runNode(
      `require('@lambda-profiler/middleware/register'); console.log(globalThis[Symbol.for('lambda-profiler.state.v1')].registerActive);`,
      'commonjs',
    );
    expect(cjs.trim()).toBe('true');
  });

  it('imports as ESM through the exports map', () => {
    const out = runNode(
      `import * as m from '@lambda-profiler/middleware'; import * as c from '@lambda-profiler/middleware/contract';
       console.log(JSON.stringify({ version: m.PROFILER_VERSION, ns: c.METADATA_NAMESPACE, schema: c.metadataSchema.$id }));`,
      'module',
    );
    const parsed = JSON.parse(out) as { version: string; ns: string; schema: string };
    expect(parsed.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(parsed.ns).toBe('lambda-profiler');
    expect(parsed.schema).toContain('metadata-v1');
  });

  it('requires as CommonJS through the exports map', () => {
    const out = runNode(
      `const m = require('@lambda-profiler/middleware'); const c = require('@lambda-profiler/middleware/contract');
       console.log(JSON.stringify({ version: m.PROFILER_VERSION, init: c.INIT_SUBSEGMENT_NAME }));`,
      'commonjs',
    );
    expect(JSON.parse(out)).toMatchObject({ init: '## lambda-profiler:init' });
  });
});
