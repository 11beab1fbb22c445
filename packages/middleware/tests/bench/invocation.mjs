// Warm-invocation overhead of profiler() over middy + captureLambdaHandler + logMetrics (one app
// metric), tracing on, UDP to a local listener, EMF to a pipe. Prints medians, p90 and ratios.
//
// Each child process runs one variant; processes differ by several µs from one another (memory
// layout, JIT timing), and the shared host has slow phases lasting minutes (the same baseline at 70
// or 120 µs). So each round runs every variant once, back to back; a variant's overhead is its
// process's median (p90) against the baseline process of the same round, and the figures are the
// median over rounds. Each child is pinned to one CPU while this process (receiving the datagrams)
// keeps the other: unpinned, two identical variants differed by up to 30 % at p90.
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The variants of invocation-child.mjs; untraced ones (name says "not sampled") run with Sampled=0. */
const VARIANT_NAMES = [
  'baseline',
  'profiler({ tracer, metrics })',
  'profiler({ enabled: false })',
  'baseline, trace not sampled',
  'profiler, trace not sampled',
];

/** `taskset` pinning when the machine has it and at least two CPUs; else unpinned. */
function pinning() {
  const cpus = process.getBuiltinModule('node:os').availableParallelism?.() ?? 1;
  if (cpus < 2) return null;
  try {
    execFileSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
    return { command: 'taskset', prefix: ['-c', String(cpus - 1), process.execPath] };
  } catch {
    return null;
  }
}

export async function invocationBench({ rounds = 20, perRound = 500 } = {}) {
  const socket = dgram.createSocket('udp4');
  let datagrams = 0;
  socket.on('message', () => datagrams++);
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-bench-'));
  const out = path.join(dir, 'samples.json');
  const child = fileURLToPath(new URL('./invocation-child.mjs', import.meta.url));
  const env = {
    PATH: process.env.PATH,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: path.dirname(child),
    _HANDLER: 'index.handler',
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${socket.address().port}`,
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    POWERTOOLS_SERVICE_NAME: 'bench',
    POWERTOOLS_METRICS_NAMESPACE: 'bench',
  };
  try {
    // One child process per variant and round (order rotating each round), so each variant's
    // process-wide effects stay its own and the machine's drift hits all variants alike.
    const { execFile } = await import('node:child_process');
    const pin = pinning();
    const samples = Object.fromEntries(VARIANT_NAMES.map((name) => [name, []]));
    const perProcess = Object.fromEntries(VARIANT_NAMES.map((name) => [name, { p50: [], p90: [] }]));
    for (let r = 0; r < rounds; r++) {
      for (let j = 0; j < VARIANT_NAMES.length; j++) {
        const name = VARIANT_NAMES[(r + j) % VARIANT_NAMES.length];
        // Asynchronously, so this process keeps receiving datagrams.
        await new Promise((resolve, reject) => {
          execFile(
            pin ? pin.command : process.execPath,
            [...(pin ? pin.prefix : []), child, out, name, String(perRound)],
            { env, cwd: path.dirname(child), maxBuffer: 1 << 30 },
            (error) => (error ? reject(error) : resolve()),
          );
        });
        const xs = JSON.parse(readFileSync(out, 'utf8'));
        samples[name].push(...xs);
        perProcess[name].p50.push(quantile(xs, 0.5));
        perProcess[name].p90.push(quantile(xs, 0.9));
      }
    }
    return { samples, perProcess, datagrams, pinned: pin !== null };
  } finally {
    socket.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export function printInvocation({ samples, perProcess, datagrams, pinned }) {
  const processes = perProcess.baseline.p50.length;
  console.log(
    `\nwarm invocation (µs; median over ${processes} processes per variant of each process's median / p90; ` +
      `${samples.baseline.length} samples per variant; ${datagrams} datagrams received; ` +
      `${pinned ? 'children pinned to one CPU' : 'unpinned'})`,
  );
  console.log('variant | median | p90 | median vs baseline | p90 vs baseline');
  const stat = (name, key) => quantile(perProcess[name][key], 0.5);
  // Median over rounds of the variant's figure against the same round's baseline process.
  const paired = (name, ref, key, f) =>
    quantile(
      perProcess[name][key].map((x, round) => f(x, perProcess[ref][key][round])),
      0.5,
    );
  for (const name of Object.keys(perProcess)) {
    // Untraced variants compare with the untraced baseline.
    const ref = name.includes('not sampled') ? 'baseline, trace not sampled' : 'baseline';
    const cell = (key) =>
      `${(paired(name, ref, key, (x, r) => x / r - 1) * 100).toFixed(1)} % (${paired(name, ref, key, (x, r) => x - r).toFixed(2)} µs)`;
    const isRef = name === ref;
    const [m, p] = [stat(name, 'p50'), stat(name, 'p90')];
    console.log(
      `${name} | ${m.toFixed(2)} | ${p.toFixed(2)} | ${isRef ? '-' : cell('p50')} | ${isRef ? '-' : cell('p90')}`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printInvocation(await invocationBench({ rounds: Number(process.env.BENCH_ROUNDS ?? 12) }));
}
