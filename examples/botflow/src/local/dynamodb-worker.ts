import { parentPort, workerData } from 'node:worker_threads';
import { createDirectory, type DirectoryOptions } from './directory.js';
import { type DynamoStandinOptions, startDynamo } from './dynamodb.js';
import { buildSeedItems, type SeedOptions } from './seed.js';

/**
 * dynalite and its proxy on their own thread: in the demo the main thread also runs six TLS servers
 * and the traffic, and a busy event loop would add its queueing to every DynamoDB call.
 */
interface Input {
  options: DynamoStandinOptions;
  directory: DirectoryOptions;
  seedData: SeedOptions;
}

const port = parentPort;
if (port === null) throw new Error('dynamodb-worker runs as a worker thread');
const input = workerData as Input;
const dynamo = await startDynamo(input.options);
await dynamo.seed(buildSeedItems(createDirectory(input.directory), input.seedData));
port.postMessage({ type: 'ready', endpoint: dynamo.endpoint, directEndpoint: dynamo.directEndpoint });
const timer = setInterval(() => port.postMessage({ type: 'stats', stats: dynamo.stats }), 500);
port.on('message', (message: { type: string }) => {
  if (message.type !== 'stop') return;
  clearInterval(timer);
  void dynamo.stop().then(() => {
    port.postMessage({ type: 'stopped', stats: dynamo.stats });
    port.close();
  });
});
