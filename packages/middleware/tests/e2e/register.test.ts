import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the built register entry in fresh processes over a small function folder with ESM and CJS
// files and a fake node_modules package, and reads the table it left on globalThis.
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const registerEsm = path.join(packageDir, 'dist/register.js');
const registerCjs = path.join(packageDir, 'dist/register.cjs');

let root: string;

function write(rel: string, text: string): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const dump = `const s = globalThis[Symbol.for('lambda-profiler.state.v1')];
console.log(JSON.stringify({ active: s?.registerActive ?? false, window: s?.importWindow ?? null, modules: s?.modules ?? [] }));`;

interface Dump {
  active: boolean;
  window: { firstStartMs: number; lastEndMs: number } | null;
  modules: { module: string; package: string; format: string; ms: number; selfMs: number; entry: boolean }[];
}

function run(flag: string, entry: string): Dump {
  const out = execFileSync(process.execPath, [flag, flag === '--import' ? registerEsm : registerCjs, entry], {
    cwd: root,
    env: { ...process.env, LAMBDA_TASK_ROOT: root },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Dump;
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'lp-register-'));
  write('node_modules/@acme/sdk/package.json', '{"name":"@acme/sdk","main":"index.js"}');
  write('node_modules/@acme/sdk/index.js', "require('./part.js'); const t = Date.now(); while (Date.now() - t < 15);");
  write('node_modules/@acme/sdk/part.js', 'const t = Date.now(); while (Date.now() - t < 5); module.exports = 1;');
  write('node_modules/esm-lib/package.json', '{"name":"esm-lib","type":"module","exports":"./main.js"}');
  write(
    'node_modules/esm-lib/main.js',
    "import { z } from './inner.js'; const t = Date.now(); while (Date.now() - t < 10); export const x = z;",
  );
  write('node_modules/esm-lib/inner.js', 'const t = Date.now(); while (Date.now() - t < 5); export const z = 1;');
  write('src/flows.mjs', "import { x } from 'esm-lib'; import sdk from '@acme/sdk'; export const y = x + sdk;");
  write('index.mjs', `import { y } from './src/flows.mjs';\n${dump}`);
  write('index.cjs', `require('@acme/sdk');\n${dump}`);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('register entry', () => {
  it('times ESM and CJS modules with package-relative names under --import', () => {
    const { active, modules, window } = run('--import', path.join(root, 'index.mjs'));
    expect(active).toBe(true);
    const byName = new Map(modules.map((m) => [m.module, m]));
    expect([...byName.keys()].sort()).toEqual(
      // The entry itself is still evaluating when it dumps the table.
      ['./src/flows.mjs', '@acme/sdk/index.js', '@acme/sdk/part.js', 'esm-lib/main.js', 'esm-lib/inner.js'].sort(),
    );
    expect(modules.every((m) => !path.isAbsolute(m.module))).toBe(true);
    const sdk = byName.get('@acme/sdk/index.js')!;
    const part = byName.get('@acme/sdk/part.js')!;
    expect(sdk).toMatchObject({ package: '@acme/sdk', format: 'cjs', entry: true });
    expect(part.entry).toBe(false);
    // Inclusive time holds the child's; own time does not.
    expect(sdk.ms).toBeGreaterThanOrEqual(19);
    expect(sdk.ms - sdk.selfMs).toBeCloseTo(part.ms, 0);
    expect(byName.get('esm-lib/main.js')).toMatchObject({ format: 'esm', package: 'esm-lib' });
    expect(byName.get('esm-lib/main.js')!.selfMs).toBeGreaterThanOrEqual(9);
    const flows = byName.get('./src/flows.mjs')!;
    expect(flows.package).toBe('(app)');
    // ES modules get inclusive time too: flows.mjs loaded both of its imports first.
    // Its imports busy-wait 35 ms in all; its own body does nothing.
    expect(flows.ms - flows.selfMs).toBeGreaterThanOrEqual(30);
    expect(flows.ms).toBeGreaterThanOrEqual(byName.get('esm-lib/main.js')!.ms + sdk.ms - 1);
    // Within a package, only the module loaded from outside counts for the package's inclusive time.
    const [main, inner] = [byName.get('esm-lib/main.js')!, byName.get('esm-lib/inner.js')!];
    expect(main.ms).toBeGreaterThanOrEqual(main.selfMs + inner.ms - 1);
    // (flows.mjs's owner, index.mjs, is still evaluating when the table is read: decided when it ends.)
    expect([main.entry, inner.entry]).toEqual([true, false]);
    expect(window!.lastEndMs).toBeGreaterThan(window!.firstStartMs);
  });

  it('times CJS modules under --require and leaves ESM alone', () => {
    const { active, modules } = run('--require', path.join(root, 'index.cjs'));
    expect(active).toBe(true);
    expect(modules.map((m) => m.module).sort()).toEqual(['@acme/sdk/index.js', '@acme/sdk/part.js']);
  });
});
