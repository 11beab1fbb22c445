// Throughput of `lambda-profiler collect` (the built CLI) fed by a sender process over loopback UDP.
// Goal: 20,000 datagrams/s for 10 s with none lost. Then a ramp finds the rate at which loss begins.
// LP_BENCH_SECONDS sets the main phase's length (default 10); each ramp step lasts a fifth of it (≥ 1 s).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const cli = join(here, '..', '..', 'dist', 'cli.js');
const seconds = Number(process.env.LP_BENCH_SECONDS ?? 10);
const docBytes = 600;
const dir = mkdtempSync(join(tmpdir(), 'lp-bench-collect-'));
let threads = '?';

function startCollector(out) {
  const child = spawn(process.execPath, [cli, 'collect', '--port', '0', '--out', out], { stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const port = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening udp:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', () => reject(new Error(`collector exited: ${stderr}`)));
  });
  return { child, port, exited, stderr: () => stderr };
}

function send(port, rate, secs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, 'udp-sender.mjs'), port, rate, secs, docBytes], {
      stdio: 'pipe',
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`sender exited ${code}`))));
  });
}

async function phase(name, rate, secs) {
  const out = join(dir, `${name}.ndjson`);
  const collector = startCollector(out);
  const port = await collector.port;
  const sent = await send(port, rate, secs);
  collector.child.kill('SIGTERM');
  await collector.exited;
  const received = readFileSync(out, 'utf8').split('\n').length - 1;
  const buffer = Number(/receive buffer (\d+) bytes/.exec(collector.stderr())?.[1] ?? Number.NaN);
  threads = /(\d+) thread/.exec(collector.stderr())?.[1] ?? threads;
  const invalid = Number(/, (\d+) invalid/.exec(collector.stderr())?.[1] ?? Number.NaN);
  return {
    name,
    rate,
    sent: sent.sent,
    received,
    lost: sent.sent - received,
    invalid,
    rateSent: sent.sent / sent.seconds,
    buffer,
  };
}

const rows = [];
const main = await phase('main', 20_000, seconds);
rows.push(main);
let lossAt = null;
for (const rate of [40_000, 80_000, 160_000, 0]) {
  const row = await phase(`ramp-${rate || 'max'}`, rate, Math.max(1, seconds / 5));
  rows.push(row);
  if (row.lost > 0 && lossAt === null) lossAt = row;
  if (row.lost > 0) break;
}
rmSync(dir, { recursive: true, force: true });

console.log(
  `\ncollect throughput (one sender process with 8 sockets, 600-byte documents, loopback UDP; collector threads: ${threads})\n`,
);
console.log('phase        target/s   sent/s     sent  received   lost  invalid');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(12)} ${String(r.rate || 'max').padStart(8)} ${Math.round(r.rateSent).toString().padStart(8)} ${String(r.sent).padStart(8)} ${String(r.received).padStart(9)} ${String(r.lost).padStart(6)} ${String(r.invalid).padStart(8)}`,
  );
}
console.log(`\nkernel receive buffer obtained: ${main.buffer} bytes (${(main.buffer / 1048576).toFixed(1)} MiB)`);
console.log(
  `goal 20,000/s for ${seconds} s with 0 lost: ${main.lost === 0 && main.invalid === 0 ? 'met' : 'NOT met'} (${main.received}/${main.sent}, ${Math.round(main.rateSent)}/s)`,
);
console.log(
  lossAt
    ? `loss begins at ${lossAt.rate ? `${lossAt.rate}/s target` : 'the unpaced maximum'} (${Math.round(lossAt.rateSent)}/s sent, ${((100 * lossAt.lost) / lossAt.sent).toFixed(2)} % lost)`
    : `no loss up to the sender's unpaced maximum (${Math.round(rows.at(-1).rateSent)}/s)`,
);
// Loss on loopback means the collector was not scheduled for longer than its receive buffer lasts:
// on a machine busy with other work, read the numbers together with the load.
console.log(
  `(load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} CPUs)`,
);
