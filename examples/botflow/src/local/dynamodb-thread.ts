import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DirectoryOptions } from './directory.js';
import type { DynamoStandinOptions, DynamoStats, RunningDynamo } from './dynamodb.js';
import type { SeedOptions } from './seed.js';

type Message =
  | { type: 'ready'; endpoint: string; directEndpoint: string }
  | { type: 'stats'; stats: DynamoStats }
  | { type: 'stopped'; stats: DynamoStats };

/**
 * Starts and seeds the DynamoDB stand-in on a worker thread when the built worker script sits next to
 * this module (the built demo and CLIs); `undefined` otherwise (tests run from source, in-process).
 */
export async function startDynamoThread(
  options: DynamoStandinOptions,
  seed: { directory: DirectoryOptions; seedData: SeedOptions },
): Promise<RunningDynamo | undefined> {
  const script = new URL('./dynamodb-worker.js', import.meta.url);
  if (script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return undefined;
  const worker = new Worker(script, { workerData: { options, ...seed } });
  const stats: DynamoStats = { requests: 0, throttled: 0, byOperation: {} };
  let stopped: (() => void) | undefined;
  worker.on('message', (message: Message) => {
    if (message.type === 'stats' || message.type === 'stopped') Object.assign(stats, message.stats);
    if (message.type === 'stopped') stopped?.();
  });
  const ready = await new Promise<Extract<Message, { type: 'ready' }>>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`DynamoDB stand-in thread exited with ${code}`)));
    worker.on('message', (message: Message) => {
      if (message.type === 'ready') resolve(message);
    });
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  worker.on('error', (error) => console.error(`DynamoDB stand-in thread: ${error.message}`));
  return {
    endpoint: ready.endpoint,
    directEndpoint: ready.directEndpoint,
    stats,
    async seed() {
      throw new Error('the DynamoDB thread seeds itself at start');
    },
    async stop() {
      await new Promise<void>((resolve) => {
        stopped = resolve;
        worker.once('exit', () => resolve());
        worker.postMessage({ type: 'stop' });
      });
      await worker.terminate();
    },
  };
}
