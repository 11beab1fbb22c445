/**
 * One receiving thread of `lambda-profiler collect --threads N` (shipped as dist/collector-worker.js):
 * a socket on the shared port (SO_REUSEPORT) appending to the shared file. Every append is whole
 * lines in one `write` on an O_APPEND descriptor, so threads never split each other's lines.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { XRayCollector } from './daemon.js';
import { FileAppender } from './file-appender.js';

export interface WorkerConfig {
  host: string;
  port: number;
  recvBufferSize: number;
  outPath: string;
}

export type WorkerMessage =
  | { t: 'listening'; port: number; recvBufferSize: number }
  | { t: 'stats'; stats: XRayCollector['stats'] }
  | { t: 'closed'; stats: XRayCollector['stats'] }
  | { t: 'error'; code: string };

async function main(config: WorkerConfig): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const out = new FileAppender(config.outPath);
  let collector: XRayCollector;
  try {
    collector = await XRayCollector.start({ ...config, reusePort: true, out });
  } catch (error) {
    await out.close();
    port.postMessage({
      t: 'error',
      code: (error as NodeJS.ErrnoException).code ?? String(error),
    } satisfies WorkerMessage);
    return;
  }
  port.postMessage({
    t: 'listening',
    port: collector.port,
    recvBufferSize: collector.recvBufferSize,
  } satisfies WorkerMessage);
  const ticker = setInterval(
    () => port.postMessage({ t: 'stats', stats: collector.stats } satisfies WorkerMessage),
    250,
  );
  port.once('message', async () => {
    clearInterval(ticker);
    const stats = await collector.close();
    port.postMessage({ t: 'closed', stats } satisfies WorkerMessage);
    port.close();
  });
}

void main(workerData as WorkerConfig);
