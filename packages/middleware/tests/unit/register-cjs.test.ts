import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawModuleTiming } from '../../src/collectors/imports.js';
import { globalState } from '../../src/recording/global-state.js';
import { installCjsTimer } from '../../src/register/cjs.js';
import { functionRoot, MAX_MODULES, namer, noteImportStart, recordModule } from '../../src/register/table.js';
import { freshEnvironment } from '../helpers/state.js';

// In-process counterpart of tests/e2e/register.test.ts (which runs the built entry in fresh
// processes): the CJS timer on this worker's module loader, restored afterwards.
type Proto = { _compile: (...args: unknown[]) => unknown };
const proto = (Module as unknown as { prototype: Proto }).prototype;
const original = proto._compile;
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'lp-cjs-'));
  mkdirSync(path.join(root, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules', 'dep', 'index.js'), 'module.exports = 2;');
  writeFileSync(path.join(root, 'app.cjs'), "module.exports = require('dep') + 1;");
  writeFileSync(path.join(root, 'boom.cjs'), "throw new Error('module failed');");
});

afterAll(() => {
  proto._compile = original;
  delete (proto as unknown as Record<symbol, unknown>)[Symbol.for('lambda-profiler.cjs-timer.v1')];
  rmSync(root, { recursive: true, force: true });
  delete process.env.LAMBDA_TASK_ROOT;
});

describe('CJS timer', () => {
  it('records inclusive and own times of nested requires, once installed', () => {
    freshEnvironment();
    process.env.LAMBDA_TASK_ROOT = root;
    expect(functionRoot()).toBe(root);
    const name = namer(path.join(root, 'own'));
    expect(installCjsTimer(name, () => performance.now())).toBe(true);
    expect(installCjsTimer(name, () => performance.now())).toBe(false);
    const require = createRequire(path.join(root, 'index.js'));
    expect(require('./app.cjs')).toBe(3);
    expect(() => require('./boom.cjs')).toThrow('module failed');
    require('node:path');
    const modules = globalState().modules as unknown as RawModuleTiming[];
    const byName = new Map(modules.map((m) => [m.module, m]));
    expect([...byName.keys()].sort()).toEqual(['./app.cjs', './boom.cjs', 'dep/index.js']);
    const app = byName.get('./app.cjs')!;
    const dep = byName.get('dep/index.js')!;
    expect(app.ms).toBeGreaterThanOrEqual(dep.ms);
    expect(app.selfMs).toBeCloseTo(app.ms - dep.ms, 5);
    expect(dep.entry).toBe(true);
    expect(globalState().importWindow!.lastEndMs).toBeGreaterThan(globalState().importWindow!.firstStartMs);
  });

  it('keeps the table bounded and the window widened by earlier starts', () => {
    freshEnvironment();
    noteImportStart(10);
    noteImportStart(5);
    noteImportStart(7);
    expect(globalState().importWindow).toEqual({ firstStartMs: 5, lastEndMs: 10 });
    const state = globalState();
    state.modules = new Array(MAX_MODULES).fill(null);
    recordModule({ module: 'x.js', package: 'x' }, 'cjs', 1, 20, 19, true);
    expect(state.modules).toHaveLength(MAX_MODULES);
    expect(state.importWindow).toEqual({ firstStartMs: 1, lastEndMs: 20 });
  });
});
