// Warm-invocation overhead of profiler() over middy + captureLambdaHandler + logMetrics (one app
// metric), tracing on, UDP to a local listener, EMF to /dev/null. Prints medians, p90 and ratios.
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
    const samples = Object.fromEntries(VARIANT_NAMES.map((name) => [name, []]));
    for (let r = 0; r < rounds; r++) {
      for (let j = 0; j < VARIANT_NAMES.length; j++) {
        const name = VARIANT_NAMES[(r + j) % VARIANT_NAMES.length];
        // Asynchronously, so this process keeps receiving datagrams.
        await new Promise((resolve, reject) => {
          execFile(
            process.execPath,
            [child, out, name, String(perRound)],
            { env, cwd: path.dirname(child), maxBuffer: 1 << 30 },
            (error) => (error ? reject(error) : resolve()),
          );
        });
        samples[name].push(...JSON.parse(readFileSync(out, 'utf8')));
      }
    }
    return { samples, datagrams };
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

export function printInvocation({ samples, datagrams }) {
  const base = samples.baseline;
  const b50 = quantile(base, 0.5);
  const b90 = quantile(base, 0.9);
  console.log(
    `\nwarm invocation (µs per invocation, ${base.length} samples per variant, ${datagrams} datagrams received)`,
  );
  console.log('variant | median | p90 | median vs baseline | p90 vs baseline');
  const unsampled = samples['baseline, trace not sampled'];
  for (const [name, xs] of Object.entries(samples)) {
    // Untraced variants compare with the untraced baseline.
    const ref = name.includes('not sampled') ? unsampled : base;
    const r50 = quantile(ref, 0.5);
    const r90 = quantile(ref, 0.9);
    const m = quantile(xs, 0.5);
    const p = quantile(xs, 0.9);
    const dm = `${((m / r50 - 1) * 100).toFixed(1)} % (${(m - r50).toFixed(2)} µs)`;
    const dp = `${((p / r90 - 1) * 100).toFixed(1)} % (${(p - r90).toFixed(2)} µs)`;
    const isRef = xs === base || xs === unsampled;
    console.log(`${name} | ${m.toFixed(2)} | ${p.toFixed(2)} | ${isRef ? '-' : dm} | ${isRef ? '-' : dp}`);
  }
  void b50;
  void b90;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printInvocation(await invocationBench({ rounds: Number(process.env.BENCH_ROUNDS ?? 12) }));
}
