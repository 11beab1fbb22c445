// Init overhead of attributing a bundle's init to its modules, two routes compared on one synthetic
// graph (240 ESM app modules + 160 CommonJS package files, a little top-level work each):
//   plain       the bundle as esbuild builds it
//   markers     built with the esbuild plugin (build-time start/end markers per module)
//   cpuProfile  the plain bundle with a node:inspector CPU profile of init (started by a preload,
//               stopped after the bundle loaded: the register-entry route)
// Fresh processes, interleaved; the figure is the bundle's load time (first statement to last, plus
// the profile's start/stop for cpuProfile), median of the rounds. Budget: markers ≤ 1.10 × plain.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { lambdaProfilerInit } from '../../dist/esbuild.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const dir = mkdtempSync(join(tmpdir(), 'lp-bundle-bench-'));
const work = (i) => `const t${i} = []; for (let k = 0; k < 300; k++) t${i}.push({ k, s: 'v' + k });\n`;
mkdirSync(join(dir, 'src'));
for (let p = 0; p < 8; p++) {
  const pkg = join(dir, 'node_modules', `pkg${p}`);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: `pkg${p}`, main: 'index.js' }));
  const files = Array.from({ length: 20 }, (_, f) => `f${f}.js`);
  for (const [f, file] of files.entries())
    writeFileSync(join(pkg, file), `${work(f)}exports.v = t${f}.length + ${f};\n`);
  writeFileSync(
    join(pkg, 'index.js'),
    `${files.map((f, i) => `const m${i} = require('./${f}');`).join('\n')}\nexports.total = ${files.map((_, i) => `m${i}.v`).join(' + ')};\n`,
  );
}
for (let a = 0; a < 240; a++)
  writeFileSync(join(dir, 'src', `m${a}.mjs`), `${work(a)}export const v${a} = t${a}.length;\n`);
writeFileSync(
  join(dir, 'src', 'entry.mjs'),
  [
    `const start = performance.now();`,
    ...Array.from({ length: 240 }, (_, a) => `import { v${a} } from './m${a}.mjs';`),
    ...Array.from({ length: 8 }, (_, p) => `import p${p} from 'pkg${p}';`),
    `export const sum = ${Array.from({ length: 240 }, (_, a) => `v${a}`).join(' + ')} + ${Array.from({ length: 8 }, (_, p) => `p${p}.total`).join(' + ')};`,
    `globalThis.__loaded = performance.now();`,
    '',
  ].join('\n'),
);
const build = (outfile, plugins) =>
  esbuild.build({
    absWorkingDir: dir,
    entryPoints: ['src/entry.mjs'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    plugins,
    logLevel: 'silent',
  });
await build(join(dir, 'plain.cjs'), []);
await build(join(dir, 'markers.cjs'), [lambdaProfilerInit()]);
writeFileSync(
  join(dir, 'profile-preload.cjs'),
  `const { Session } = require('node:inspector'); const s = new Session(); s.connect();
   const t0 = performance.now(); s.post('Profiler.enable'); s.post('Profiler.setSamplingInterval', { interval: 100 }); s.post('Profiler.start');
   globalThis.__profileStartMs = performance.now() - t0;
   process.on('exit', () => {});
   globalThis.__stop = () => { const t = performance.now(); let nodes = 0; s.post('Profiler.stop', (e, r) => { nodes = r.profile.nodes.length; }); return performance.now() - t; };`,
);
// Load time: from process bootstrap end to the bundle's last statement (what init pays for loading it).
const measure = (bundle, preload) => {
  const args = preload ? ['--require', preload] : [];
  const script = `require(${JSON.stringify(bundle)}); const load = globalThis.__loaded - performance.nodeTiming.bootstrapComplete;
    const extra = globalThis.__stop ? globalThis.__stop() + globalThis.__profileStartMs : 0;
    const table = globalThis[Symbol.for('lambda-profiler.bundle-markers.v1')];
    console.log(JSON.stringify({ ms: load + extra, attributed: table ? table.records.reduce((n, r) => n + r[3], 0) : null }));`;
  return JSON.parse(execFileSync(process.execPath, [...args, '-e', script], { cwd: dir, encoding: 'utf8' }));
};
const variants = {
  plain: () => measure(join(dir, 'plain.cjs')),
  markers: () => measure(join(dir, 'markers.cjs')),
  cpuProfile: () => measure(join(dir, 'plain.cjs'), join(dir, 'profile-preload.cjs')),
};
const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
const attributed = [];
const names = Object.keys(variants);
for (let round = 0; round < ROUNDS; round++)
  for (let i = 0; i < names.length; i++) {
    const name = names[(round + i) % names.length];
    const r = variants[name]();
    samples[name].push(r.ms);
    if (name === 'markers') attributed.push(r.attributed / r.ms);
  }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(samples.plain);
console.log(`\nBundle init: 400 modules, ${ROUNDS} interleaved fresh processes per variant (median load ms)`);
for (const name of names) {
  const ms = median(samples[name]);
  console.log(`  ${name.padEnd(12)} ${ms.toFixed(2).padStart(8)} ms   ratio ${(ms / base).toFixed(3)}`);
}
console.log(
  `  markers: ${(median(attributed) * 100).toFixed(1)} % of the bundle's load time attributed to named modules`,
);
rmSync(dir, { recursive: true, force: true });
