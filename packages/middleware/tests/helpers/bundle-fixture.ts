import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The middleware's source folder: bundles alias the package to it (no build needed). */
export const middlewareSrc = fileURLToPath(new URL('../../src', import.meta.url));

/** Known own init cost (ms) of each module of the fixture graph, by the name the report uses. */
export const KNOWN_MS: Record<string, number> = {
  './src/heavy.mjs': 60,
  './src/light.mjs': 15,
  './src/config.ts': 25,
  'fakepkg/index.js': 40,
  'fakepkg/lib/sub.js': 20,
};

const busy = (ms: number) =>
  `{ const end = performance.now() + ${ms}; let x = 0; while (performance.now() < end) x++; globalThis.__spin = x; }`;

/**
 * A small module graph with busy loops of known length: ESM app files (one TypeScript), a CommonJS
 * package in node_modules that requires a file of its own (nested CJS: own time = inclusive − child).
 * The entry exports `initRecord()`, which builds the init document the way the middleware does.
 */
export function writeBundleFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lp-bundle-'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'node_modules', 'fakepkg', 'lib'), { recursive: true });
  writeFileSync(join(dir, 'src', 'heavy.mjs'), `${busy(60)}\nexport const heavy = 1;\n`);
  writeFileSync(join(dir, 'src', 'light.mjs'), `'use strict';\n${busy(15)}\nexport const light = 2;\n`);
  writeFileSync(
    join(dir, 'src', 'config.ts'),
    `// typed config\ninterface Config { n: number }\n${busy(25)}\nexport const config: Config = { n: 3 };\n`,
  );
  writeFileSync(
    join(dir, 'node_modules', 'fakepkg', 'package.json'),
    JSON.stringify({ name: 'fakepkg', version: '1.0.0', main: 'index.js' }),
  );
  writeFileSync(
    join(dir, 'node_modules', 'fakepkg', 'index.js'),
    `'use strict';\nconst sub = require('./lib/sub.js');\n${busy(40)}\nmodule.exports = { pkg: sub.sub + 1 };\n`,
  );
  writeFileSync(join(dir, 'node_modules', 'fakepkg', 'lib', 'sub.js'), `${busy(20)}\nexports.sub = 4;\n`);
  writeFileSync(
    join(dir, 'src', 'handler.mjs'),
    [
      `import { heavy } from './heavy.mjs';`,
      `import { light } from './light.mjs';`,
      `import { config } from './config.ts';`,
      `import fakepkg from 'fakepkg';`,
      `import { buildInitRecord } from '@lambda-profiler/middleware/src/collectors/init.ts';`,
      `import { globalState } from '@lambda-profiler/middleware/src/recording/global-state.ts';`,
      `export const handler = async () => heavy + light + config.n + fakepkg.pkg;`,
      `export function initRecord() {`,
      `  const now = performance.now();`,
      `  return buildInitRecord({ state: globalState(), initType: 'on-demand', firstInvokeMs: now, topModules: 25,`,
      `    proactiveInitMs: 10000, bootstrapMs: performance.nodeTiming.bootstrapComplete });`,
      `}`,
      '',
    ].join('\n'),
  );
  return dir;
}
