import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CollectorStats } from './daemon.js';
import type { WorkerConfig, WorkerMessage } from './worker.js';

function emptyStats(): CollectorStats {
  return {
    datagrams: 0,
    documents: 0,
    invalid: 0,
    invalidByReason: { 'missing-header': 0, 'bad-header': 0, 'bad-document': 0 },
    bytes: 0,
  };
}

function sum(all: CollectorStats[]): CollectorStats {
  const total = emptyStats();
  for (const s of all) {
    total.datagrams += s.datagrams;
    total.documents += s.documents;
    total.invalid += s.invalid;
    total.bytes += s.bytes;
    for (const reason of Object.keys(total.invalidByReason) as (keyof CollectorStats['invalidByReason'])[]) {
      total.invalidByReason[reason] += s.invalidByReason[reason];
    }
  }
  return total;
}

/** dist/collector-worker.js, next to the running module. */
export function defaultWorkerPath(): string {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  return join(here, 'collector-worker.js');
}

interface Thread {
  worker: Worker;
  stats: CollectorStats;
  closed: Promise<CollectorStats>;
}

/**
 * The daemon on several threads: each has its own socket on one port (SO_REUSEPORT, Linux) and its
 * own share of the CPU, so a burst from many senders (the X-Ray SDK opens a socket per send in
 * Lambda) is read in parallel. Same output and statistics as one `XRayCollector`.
 */
export class ThreadedCollector {
  readonly host: string;
  readonly port: number;
  readonly recvBufferSize: number;
  readonly #threads: Thread[];
  #closed: Promise<CollectorStats> | undefined;

  private constructor(host: string, port: number, recvBufferSize: number, threads: Thread[]) {
    this.host = host;
    this.port = port;
    this.recvBufferSize = recvBufferSize;
    this.#threads = threads;
  }

  static async start(options: {
    host: string;
    port: number;
    recvBufferSize: number;
    outPath: string;
    threads: number;
    workerPath?: string;
  }): Promise<ThreadedCollector> {
    const threads: Thread[] = [];
    let port = options.port;
    let recvBufferSize = 0;
    try {
      for (let i = 0; i < options.threads; i++) {
        const config: WorkerConfig = { ...options, port };
        const worker = new Worker(options.workerPath ?? defaultWorkerPath(), { workerData: config });
        const thread: Thread = { worker, stats: emptyStats(), closed: Promise.resolve(emptyStats()) };
        const ready = new Promise<{ port: number; recvBufferSize: number }>((resolve, reject) => {
          thread.closed = new Promise((resolveClosed) => {
            worker.on('message', (message: WorkerMessage) => {
              if (message.t === 'listening') resolve(message);
              else if (message.t === 'error') reject(Object.assign(new Error(message.code), { code: message.code }));
              else if (message.t === 'stats') thread.stats = message.stats;
              else if (message.t === 'closed') {
                thread.stats = message.stats;
                resolveClosed(message.stats);
              }
            });
            worker.on('error', reject);
            worker.on('exit', () => resolveClosed(thread.stats));
          });
        });
        threads.push(thread);
        const bound = await ready;
        // The first socket picks the port (0: a free one); the others join it.
        port = bound.port;
        recvBufferSize = bound.recvBufferSize;
      }
    } catch (error) {
      await Promise.all(threads.map((t) => t.worker.terminate()));
      throw error;
    }
    return new ThreadedCollector(options.host, port, recvBufferSize, threads);
  }

  get address(): string {
    return this.host.includes(':') ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  /** Totals of all threads, updated every 250 ms while running. */
  get stats(): CollectorStats {
    return sum(this.#threads.map((t) => t.stats));
  }

  /** Each thread settles (reads what is in flight), closes and flushes. */
  close(): Promise<CollectorStats> {
    this.#closed ??= (async () => {
      for (const t of this.#threads) t.worker.postMessage('close');
      return sum(await Promise.all(this.#threads.map((t) => t.closed)));
    })();
    return this.#closed;
  }
}
