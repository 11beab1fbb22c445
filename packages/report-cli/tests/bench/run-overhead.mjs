// What `lambda-profiler run` adds to an invocation, measured against the same handler without it.
// Warm: one environment, invocations in sequence, vs calling the handler in-process.
// Cold: a fresh environment per invocation (--recycle-after 1), vs a bare `node` process that imports
// the handler and calls it once. Goals: ≤ 2 ms per warm invocation, ≤ 30 ms per cold start.
// Variants alternate in blocks within one run (machines drift by ±30 %); medians and ratios printed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultBootstrapPath, RunSession, resolveHandler } from '../../dist/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const packageDir = join(here, '..', '..');
const handlerSpec = 'tests/bench/fixtures/handler.handler';
const handlerFile = join(here, 'fixtures', 'handler.mjs');
const rounds = Number(process.env.LP_BENCH_ROUNDS ?? 10);
const dir = mkdtempSync(join(tmpdir(), 'lp-bench-run-'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

function session(name, recycleAfter) {
  return RunSession.start({
    handler: resolveHandler(handlerSpec, packageDir),
    functionName: 'bench',
    memoryMb: 1024,
    timeoutS: 30,
    architecture: 'x86_64',
    region: 'us-east-1',
    concurrency: 1,
    recycleAfter,
    userEnv: {},
    outDir: join(dir, name),
    mode: 'events',
    bootstrapPath: defaultBootstrapPath(),
  });
}

async function warm() {
  const { handler } = await import(pathToFileURL(handlerFile).href);
  const context = { awsRequestId: 'in-process', getRemainingTimeInMillis: () => 3000 };
  const runner = await session('warm', 0);
  for (let i = 0; i < 200; i++) await runner.invoke({ n: i }); // warm-up: JIT on both sides
  const inProcess = [];
  const throughRunner = [];
  const block = 100;
  for (let r = 0; r < rounds * 2; r++) {
    for (let i = 0; i < block; i++) {
      const t = performance.now();
      await handler({ n: i }, context);
      inProcess.push(performance.now() - t);
    }
    for (let i = 0; i < block; i++) {
      const t = performance.now();
      const result = await runner.invoke({ n: i });
      throughRunner.push(performance.now() - t);
      if (result.status !== 'success') throw new Error(`warm invocation failed: ${result.status}`);
    }
  }
  await runner.finish();
  return { inProcess, throughRunner };
}

function bareColdStart() {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, [join(here, 'fixtures', 'plain-start.mjs'), handlerFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const lines = out.split('\n');
      if (lines.length > 2) resolve({ wallMs: performance.now() - t, cpuMs: JSON.parse(lines[0]).cpuMs });
    });
    child.on('exit', (code) => code !== 0 && reject(new Error(`baseline exited ${code}`)));
  });
}

async function cold() {
  const runner = await session('cold', 1);
  const bare = [];
  const bareCpu = [];
  const throughRunner = [];
  const runnerCpu = [];
  const inits = [];
  await bareColdStart();
  await runner.invoke({ n: -1 });
  for (let r = 0; r < rounds; r++) {
    const baseline = await bareColdStart();
    bare.push(baseline.wallMs);
    bareCpu.push(baseline.cpuMs);
    const t = performance.now();
    const result = await runner.invoke({ n: r });
    throughRunner.push(performance.now() - t);
    if (!result.coldStart || result.status !== 'success') throw new Error('expected a successful cold start');
    runnerCpu.push(runner.environments.at(-1).initCpuMs);
    // Let the recycled environment exit before the next sample, as the baseline's does.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const manifest = await runner.finish();
  for (const env of manifest.environments) if (env.initDurationMs !== null) inits.push(env.initDurationMs);
  return { bare, bareCpu, throughRunner, runnerCpu, inits };
}

const w = await warm();
const c = await cold();
rmSync(dir, { recursive: true, force: true });

const fmt = (ms) => `${ms.toFixed(3)} ms`;
const warmIn = median(w.inProcess);
const warmRun = median(w.throughRunner);
const coldBare = median(c.bare);
const coldRun = median(c.throughRunner);
console.log(`\nrun overhead (${rounds} rounds, variants interleaved)\n`);
console.log('warm invocation           median        p90');
console.log(`  handler in-process   ${fmt(warmIn).padStart(10)} ${fmt(p90(w.inProcess)).padStart(10)}`);
console.log(`  through the runner   ${fmt(warmRun).padStart(10)} ${fmt(p90(w.throughRunner)).padStart(10)}`);
console.log(
  `  added per warm invocation: ${fmt(warmRun - warmIn)} (goal ≤ 2 ms: ${warmRun - warmIn <= 2 ? 'met' : 'NOT met'}); ratio ${(warmRun / warmIn).toFixed(1)}×`,
);
console.log('\ncold start (process start to first result)   median');
console.log(`  bare node + import + call           ${fmt(coldBare).padStart(12)}`);
console.log(
  `  through the runner                  ${fmt(coldRun).padStart(12)}  (Init Duration median ${fmt(median(c.inits))})`,
);
console.log(
  `  added per cold start: ${fmt(coldRun - coldBare)} (goal ≤ 30 ms: ${coldRun - coldBare <= 30 ? 'met' : 'NOT met'}); ratio ${(coldRun / coldBare).toFixed(2)}×`,
);
// CPU time is steadier than wall time on a shared machine: it is what the runner's process costs.
const cpuBare = median(c.bareCpu);
const cpuRun = median(c.runnerCpu);
console.log('\ncold start CPU time until the handler is loaded   median');
console.log(`  bare node + import                  ${fmt(cpuBare).padStart(12)}`);
console.log(`  runtime bootstrap                   ${fmt(cpuRun).padStart(12)}`);
console.log(`  added CPU per cold start: ${fmt(cpuRun - cpuBare)}; ratio ${(cpuRun / cpuBare).toFixed(2)}×`);
console.log(
  `\n(load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} CPUs)`,
);
