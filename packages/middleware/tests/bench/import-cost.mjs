// Cost of importing the middleware (fresh processes, interleaved with an empty-module baseline).
import { execFileSync } from 'node:child_process';

// A function imports other modules first, so the ESM loader is already up (its ≈ 10 ms start-up
// is not the middleware's): warm it with one empty module, then time the import under test.
// CPU time (user + system) is reported beside wall time: on a shared machine a process waiting for a
// core inflates wall time several-fold, CPU time much less.
const code = (what, warm = '') =>
  `await import('./tests/bench/fixtures/empty.mjs'); ${warm} const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(what)}); const w = performance.now() - t; const d = process.cpuUsage(c); console.log(JSON.stringify({ wall: w, cpu: (d.user + d.system) / 1000 }));`;
const BASELINE = 'an empty module (baseline)';
const variants = {
  [BASELINE]: code('./tests/bench/fixtures/empty-2.mjs'),
  // The built file by path: the module's own cost.
  "import './dist/index.js'": code('./dist/index.js'),
  // By package name: adds resolving the package (here a self-reference through the exports map).
  "import '@lambda-profiler/middleware'": code('@lambda-profiler/middleware'),
  // A function resolves other packages (middy, Powertools) before this one: Node's first resolution
  // of a package through an exports map costs ≈ 2–3 ms once per process (its own code, not this package's).
  "import '@lambda-profiler/middleware', resolver warm": code(
    '@lambda-profiler/middleware',
    "import.meta.resolve('@middy/core');",
  ),
};

export function importBench(rounds = 15) {
  const out = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, src] of Object.entries(variants)) {
      const ms = execFileSync(process.execPath, ['--input-type=module', '-e', src], {
        cwd: new URL('../..', import.meta.url),
        encoding: 'utf8',
      });
      out[name].push(JSON.parse(ms.trim()));
    }
  }
  return out;
}

export function printImport(results) {
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const pick = (name, key) => med(results[name].map((r) => r[key]));
  console.log(`\nimport cost (ms, median of ${results[BASELINE].length} fresh processes)`);
  console.log('variant | CPU ms | CPU vs baseline | wall ms | wall vs baseline');
  for (const name of Object.keys(results)) {
    const cpu = pick(name, 'cpu');
    const wall = pick(name, 'wall');
    console.log(
      `${name} | ${cpu.toFixed(2)} | +${(cpu - pick(BASELINE, 'cpu')).toFixed(2)} | ${wall.toFixed(2)} | +${(wall - pick(BASELINE, 'wall')).toFixed(2)}`,
    );
  }
}
