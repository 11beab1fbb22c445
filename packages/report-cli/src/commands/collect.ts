import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { CliError } from '../cli/errors.js';
import type { CliIo, CommandRegistrar } from '../cli/types.js';
import type { CollectorStats } from '../collector/daemon.js';
import { integerOption } from './option-parsers.js';

export interface CollectOptions {
  host: string;
  port: number;
  out: string;
  recvBuffer: number;
  threads: number;
}

interface Collector {
  address: string;
  recvBufferSize: number;
  stats: CollectorStats;
  close: () => Promise<CollectorStats>;
}

/** Receiving threads by default: one per CPU, at most 4 (each has its own socket on the port). */
export const DEFAULT_COLLECT_THREADS = Math.max(1, Math.min(4, availableParallelism()));

export const DEFAULT_COLLECT_OUT = '.lambda-profiler/traces.ndjson';

/** `N documents, M invalid (2 missing-header, 1 bad-document)`. */
export function describeCollectorStats(stats: CollectorStats): string {
  const reasons = Object.entries(stats.invalidByReason)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason}`);
  return `${stats.documents} documents, ${stats.invalid} invalid${reasons.length ? ` (${reasons.join(', ')})` : ''}`;
}

async function collect(options: CollectOptions, io: CliIo): Promise<void> {
  const { XRayCollector, FileAppender, ThreadedCollector } = await import('../collector/index.js');
  const { onShutdownSignal } = await import('../collector/shutdown-signal.js');
  const outPath = resolve(options.out);
  const shutdown = onShutdownSignal();
  let collector: Collector;
  try {
    if (options.threads > 1) {
      collector = await ThreadedCollector.start({
        host: options.host,
        port: options.port,
        recvBufferSize: options.recvBuffer,
        outPath,
        threads: options.threads,
      });
    } else {
      const out = new FileAppender(outPath);
      collector = await XRayCollector.start({
        host: options.host,
        port: options.port,
        recvBufferSize: options.recvBuffer,
        out,
      }).catch(async (error: unknown) => {
        await out.close();
        throw error;
      });
    }
  } catch (error) {
    shutdown.dispose();
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot listen on udp ${options.host}:${options.port}: ${code ?? (error as Error).message}`, {
      cause: error,
    });
  }
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  // The one machine-readable line on stdout: with --port 0 it is how callers learn the port.
  io.stdout(`listening udp://${collector.address}\n`);
  io.stderr(
    `receive buffer: ${collector.recvBufferSize} bytes per socket, ${options.threads} thread(s); appending to ${outPath}\n`,
  );
  const live = io.isTTY
    ? setInterval(() => io.stderr(`\r\x1b[K${describeCollectorStats(collector.stats)}`), 250)
    : undefined;
  const signal = await shutdown.signal;
  if (live) clearInterval(live);
  const stats = await collector.close();
  shutdown.dispose();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const perDatagram = stats.datagrams > 0 ? `, ${((cpuMs * 1000) / stats.datagrams).toFixed(1)} µs per datagram` : '';
  io.stderr(
    `${io.isTTY ? '\r\x1b[K' : ''}${signal}: received ${stats.datagrams} datagrams in ${seconds} s: ` +
      `${describeCollectorStats(stats)}; appended to ${outPath}; receive buffer ${collector.recvBufferSize} bytes; ` +
      `CPU ${cpuMs.toFixed(0)} ms${perDatagram}\n`,
  );
}

export const registerCollect: CommandRegistrar = (program: Command, io: CliIo) => {
  program
    .command('collect')
    .description(
      'run a local X-Ray daemon: receive segment documents over UDP and append them as NDJSON until SIGINT/SIGTERM',
    )
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'UDP port; 0 picks a free one (printed)', integerOption('--port', 0, 65535), 2000)
    .option('--out <file>', 'NDJSON file the documents are appended to', DEFAULT_COLLECT_OUT)
    .option(
      '--recv-buffer <bytes>',
      'kernel receive buffer to ask for (the kernel may grant less)',
      integerOption('--recv-buffer', 65536, 2 ** 31 - 1),
      32 * 1024 * 1024,
    )
    .option(
      '--threads <n>',
      'receiving threads, each with its own socket on the port (Linux SO_REUSEPORT); 1: no worker threads',
      integerOption('--threads', 1, 64),
      DEFAULT_COLLECT_THREADS,
    )
    .action((options: CollectOptions) => collect(options, io));
};
