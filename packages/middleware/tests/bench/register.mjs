// Register-entry overhead on a large dependency set (≈ 150 files), fresh processes, variants
// interleaved round by round so machine drift hits them alike. Prints medians and ratios.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./fixtures/large-app.mjs', import.meta.url));
const register = fileURLToPath(new URL('../../dist/register.js', import.meta.url));
const passthrough = fileURLToPath(new URL('./fixtures/passthrough-hooks.mjs', import.meta.url));

const variants = {
  baseline: { args: [], env: {} },
  'register (CJS _compile + ESM load hook)': { args: ['--import', register], env: {} },
  'register, CJS only': { args: ['--import', register], env: { LAMBDA_PROFILER_REGISTER_ESM: 'false' } },
  'pass-through registerHooks (reference)': { args: ['--import', passthrough], env: {} },
};

export function registerBench(rounds = 15) {
  const results = Object.fromEntries(
    Object.keys(variants).map((k) => [k, { importMs: [], endMs: [], cpuMs: [], importCpuMs: [], modules: 0 }]),
  );
  for (let round = 0; round < rounds; round++) {
    for (const [name, v] of Object.entries(variants)) {
      const out = execFileSync(process.execPath, [...v.args, fixture], {
        env: { ...process.env, ...v.env },
        cwd: fileURLToPath(new URL('.', import.meta.url)),
        encoding: 'utf8',
      });
      const parsed = JSON.parse(out.trim().split('\n').at(-1));
      results[name].importMs.push(parsed.importMs);
      results[name].endMs.push(parsed.endMs);
      results[name].cpuMs.push(parsed.cpuMs);
      results[name].importCpuMs.push(parsed.importCpuMs);
      results[name].modules = parsed.modules;
    }
  }

  return results;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export function printRegister(results) {
  const base = results.baseline;
  const baseImport = median(base.importMs);
  const baseEnd = median(base.endMs);
  console.log(`\nregister entry: ${base.importMs.length} fresh processes per variant, interleaved`);
  const baseCpuEnd = median(base.cpuMs);
  const baseImportCpu = median(base.importCpuMs);
  const pct = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;
  console.log(
    'variant | files timed | import wall ms | start → imports done, wall ms | wall overhead | import CPU ms | process CPU ms | CPU overhead',
  );
  for (const [name, r] of Object.entries(results)) {
    const imp = median(r.importMs);
    const end = median(r.endMs);
    const cpuEnd = median(r.cpuMs);
    // Overheads count the register's own load (before the app's first import) too, relative to
    // the baseline's import time.
    const wall = ((end - baseEnd) / baseImport) * 100;
    const cpu = ((cpuEnd - baseCpuEnd) / baseImportCpu) * 100;
    const isBase = name === 'baseline';
    console.log(
      `${name} | ${r.modules} | ${imp.toFixed(1)} | ${end.toFixed(1)} | ${isBase ? '-' : pct(wall)} | ${median(r.importCpuMs).toFixed(1)} | ${cpuEnd.toFixed(1)} | ${isBase ? '-' : pct(cpu)}`,
    );
  }
}
