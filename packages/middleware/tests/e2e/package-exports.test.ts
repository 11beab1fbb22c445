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
