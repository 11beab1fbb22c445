import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The register entry where a bundled function has no node_modules: the single-file build copied
// next to the bundle, and the layer layout (NODE_PATH, as Lambda sets it for /opt/nodejs/node_modules).
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const STATE = `globalThis[Symbol.for('lambda-profiler.state.v1')]`;
const PRINT = `console.log(JSON.stringify({ active: ${STATE}.registerActive, modules: ${STATE}.modules.map((m) => m.module) }))`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lp-packaging-'));
  // A "bundled function": one CommonJS file, no node_modules.
  writeFileSync(join(dir, 'index.cjs'), `exports.handler = async () => 'ok';\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('register entry for bundled functions', () => {
  it('times the bundle when the single-file register is copied next to it and preloaded', () => {
    // Prepare
    copyFileSync(join(packageDir, 'dist', 'register.bundle.cjs'), join(dir, 'lambda-profiler-register.cjs'));

    // Act
    const out = execFileSync(
      process.execPath,
      ['--require', './lambda-profiler-register.cjs', '-e', `require('./index.cjs'); ${PRINT}`],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, LAMBDA_TASK_ROOT: dir } },
    );

    // Assess: the bundle is timed, the register file itself is not.
    const state = JSON.parse(out) as { active: boolean; modules: string[] };
    expect(state.active).toBe(true);
    expect(state.modules).toEqual(['./index.cjs']);
  });

  it('builds a layer whose register resolves through NODE_PATH', () => {
    // Prepare
    const layer = join(dir, 'layer');
    execFileSync(process.execPath, [join(packageDir, 'scripts', 'build-layer.mjs'), layer], { encoding: 'utf8' });
    const fn = join(dir, 'fn');
    mkdirSync(fn);
    copyFileSync(join(dir, 'index.cjs'), join(fn, 'index.cjs'));
    const layerPkg = join(layer, 'nodejs', 'node_modules', '@lambda-profiler', 'middleware');

    // Act
    const out = execFileSync(
      process.execPath,
      ['--require', '@lambda-profiler/middleware/register', '-e', `require('./index.cjs'); ${PRINT}`],
      {
        cwd: fn,
        encoding: 'utf8',
        env: { ...process.env, LAMBDA_TASK_ROOT: fn, NODE_PATH: join(layer, 'nodejs', 'node_modules') },
      },
    );

    // Assess
    expect(JSON.parse(out)).toEqual({ active: true, modules: ['./index.cjs'] });
    const pkg = JSON.parse(readFileSync(join(layerPkg, 'package.json'), 'utf8')) as { exports: object };
    expect(Object.keys(pkg.exports)).toContain('./register');
    expect(Object.keys(pkg.exports)).not.toContain('./webpack');
  });
});
