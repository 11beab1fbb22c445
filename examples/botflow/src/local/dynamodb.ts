import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { CHANNELS_BY_TEAM, CHANNELS_KEY, STATES_KEY } from '../store/tables.js';
import { createRandom, lognormalMs } from './random.js';

export interface DynamoStandinOptions {
  /** Loopback address of the proxy the function talks to. */
  host: string;
  statesTable: string;
  channelsTable: string;
  channelsIndex: string;
  /** Service time added per request: DynamoDB answers in single-digit ms within a region. */
  medianMs: number;
  sigma: number;
  /** Requests whose body contains one of these strings are throttled. */
  throttleKeys: string[];
  /** Share of all requests throttled at random. */
  throttleRate: number;
  seed: number;
}

export interface DynamoStats {
  requests: number;
  throttled: number;
  byOperation: Record<string, number>;
}

export interface RunningDynamo {
  /** The proxy's endpoint (what `AWS_ENDPOINT_URL_DYNAMODB` points at). */
  endpoint: string;
  /** dynalite itself, for seeding without latency or faults. */
  directEndpoint: string;
  stats: DynamoStats;
  seed(tables: { states: Record<string, unknown>[]; channels: Record<string, unknown>[] }): Promise<void>;
  stop(): Promise<void>;
}

const THROTTLED = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
  message:
    'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
});

function listen(server: http.Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

async function createTables(client: DynamoDBClient, options: DynamoStandinOptions): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: options.statesTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: STATES_KEY.partition, AttributeType: 'S' },
        { AttributeName: STATES_KEY.sort, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: STATES_KEY.partition, KeyType: 'HASH' },
        { AttributeName: STATES_KEY.sort, KeyType: 'RANGE' },
      ],
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: options.channelsTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: CHANNELS_KEY.partition, AttributeType: 'S' },
        { AttributeName: CHANNELS_BY_TEAM.partition, AttributeType: 'S' },
        { AttributeName: CHANNELS_BY_TEAM.sort, AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: CHANNELS_KEY.partition, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: options.channelsIndex,
          KeySchema: [
            { AttributeName: CHANNELS_BY_TEAM.partition, KeyType: 'HASH' },
            { AttributeName: CHANNELS_BY_TEAM.sort, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
}

/**
 * dynalite in-process on a free loopback port, behind a small HTTP proxy that adds DynamoDB's service
 * time and throttles on demand (dynalite itself never throttles).
 */
export async function startDynamo(options: DynamoStandinOptions): Promise<RunningDynamo> {
  const db = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dbPort = await listen(db, '127.0.0.1');
  const directEndpoint = `http://127.0.0.1:${dbPort}`;
  const random = createRandom(options.seed);
  const stats: DynamoStats = { requests: 0, throttled: 0, byOperation: {} };
  const upstream = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const timers = new Set<NodeJS.Timeout>();

  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
      stats.requests += 1;
      stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
      const text = body.toString('utf8');
      const throttle = options.throttleKeys.some((key) => text.includes(key)) || random.chance(options.throttleRate);
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          if (throttle) {
            stats.throttled += 1;
            res.writeHead(400, {
              'content-type': 'application/x-amz-json-1.0',
              'x-amzn-requestid': random.hex(32).toUpperCase(),
              'content-length': String(Buffer.byteLength(THROTTLED)),
            });
            res.end(THROTTLED);
            return;
          }
          const forward = http.request(
            directEndpoint,
            { method: req.method, path: req.url, headers: req.headers, agent: upstream },
            (answer) => {
              res.writeHead(answer.statusCode ?? 500, answer.headers);
              answer.pipe(res);
            },
          );
          forward.on('error', (error) => {
            res.writeHead(500);
            res.end(String(error));
          });
          forward.end(body);
        },
        lognormalMs(random, options.medianMs, options.sigma),
      );
      timers.add(timer);
    });
  });
  const proxyPort = await listen(proxy, options.host);

  const client = new DynamoDBClient({
    endpoint: directEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, options);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  async function writeAll(table: string, items: Record<string, unknown>[]): Promise<void> {
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    // A few batches in flight at once: dynalite is single-threaded, more does not help.
    const workers = Array.from({ length: 4 }, async () => {
      for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
        let pending: { PutRequest: { Item: Record<string, unknown> } }[] = batch.map((Item) => ({
          PutRequest: { Item },
        }));
        while (pending.length > 0) {
          const result = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
      }
    });
    await Promise.all(workers);
  }

  return {
    endpoint: `http://${options.host}:${proxyPort}`,
    directEndpoint,
    stats,
    async seed(tables) {
      await writeAll(options.channelsTable, tables.channels);
      await writeAll(options.statesTable, tables.states);
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      client.destroy();
      upstream.destroy();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      db.closeAllConnections();
      await new Promise<void>((resolve) => db.close(() => resolve()));
    },
  };
}
