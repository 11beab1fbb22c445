import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand, QueryCommand as LowLevelQueryCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AwsCallRecord } from '../../src/contract/types.js';
import { instrumentAWSClient } from '../../src/dependencies/aws-client.js';
import { globalState } from '../../src/recording/global-state.js';
import { collectCalls } from '../helpers/call-sink.js';
import { createTables, type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { validateCallRecord } from '../helpers/validate-call.js';

let dynamo: LocalDynamo;
let base: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let collector: ReturnType<typeof collectCalls>;

function awsCalls(): AwsCallRecord[] {
  return collector.calls.filter((c): c is AwsCallRecord => c.kind === 'aws-call');
}

beforeAll(async () => {
  dynamo = await startDynalite();
  await createTables(dynamo.config);
  base = instrumentAWSClient(new DynamoDBClient(dynamo.config));
  doc = DynamoDBDocumentClient.from(base);
  collector = collectCalls();
  collector.setActive(false);
  await doc.send(
    new BatchWriteCommand({
      RequestItems: {
        conversations: [1, 2, 3, 4, 5].map((n) => ({
          PutRequest: {
            Item: {
              pk: 'chat#1',
              sk: `msg#${n}`,
              userId: 'u1',
              updatedAt: n,
              text: `hello ${n}`,
              status: n % 2 ? 'open' : 'done',
            },
          },
        })),
        users: [
          { PutRequest: { Item: { pk: 'u1', name: 'Ada' } } },
          { PutRequest: { Item: { pk: 'u2', name: 'Bob' } } },
        ],
      },
    }),
  );
});

afterAll(async () => {
  collector.restore();
  base.destroy();
  await dynamo.close();
});

beforeEach(() => {
  collector.calls.length = 0;
  collector.setActive(true);
});

describe('instrumentAWSClient against dynalite', () => {
  it('records a GetItem made through DynamoDBDocumentClient, joined by the AWS request id', async () => {
    // Act
    const out = await doc.send(new GetCommand({ TableName: 'users', Key: { pk: 'u1' }, ConsistentRead: true }));

    // Assess
    const [call] = awsCalls();
    expect(call).toMatchObject({
      v: 1,
      kind: 'aws-call',
      service: 'DynamoDB',
      operation: 'GetItem',
      awsRequestId: out.$metadata.requestId,
      tables: ['users'],
      keyAttributes: ['pk'],
      consistentRead: true,
      items: 1,
      attempts: 1,
    });
    expect(call!.responseBytes).toBeGreaterThan(10);
    expect(call!.durationMs).toBeGreaterThan(0);
    expect(Math.abs(call!.startEpochMs - Date.now())).toBeLessThan(5_000);
    expect(JSON.stringify(call)).not.toContain('u1');
    expect(validateCallRecord(call)).toBe(true);
  });

  it('hashes the key read: equal for repeated reads (document or low-level client), different for another key', async () => {
    // Act
    await doc.send(new GetCommand({ TableName: 'users', Key: { pk: 'u1' } }));
    await base.send(new GetItemCommand({ TableName: 'users', Key: { pk: { S: 'u1' } } }));
    await doc.send(new GetCommand({ TableName: 'users', Key: { pk: 'u2' } }));
    await doc.send(new GetCommand({ TableName: 'users', Key: { pk: 'nobody' } }));

    // Assess
    const [a, b, c, missing] = awsCalls();
    expect(a!.keyHash).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(b!.keyHash).toBe(a!.keyHash);
    expect(c!.keyHash).not.toBe(a!.keyHash);
    expect(missing!.items).toBe(0);
  });

  it('records the shape of a GSI query: index, expressions present, attribute names, limit, counts', async () => {
    // Act
    await doc.send(
      new QueryCommand({
        TableName: 'conversations',
        IndexName: 'byUser',
        KeyConditionExpression: '#u = :u AND updatedAt > :since',
        FilterExpression: '#s = :open OR attribute_exists(meta.flags[0])',
        ProjectionExpression: 'sk, #s',
        ExpressionAttributeNames: { '#u': 'userId', '#s': 'status' },
        ExpressionAttributeValues: { ':u': 'u1', ':since': 0, ':open': 'open' },
        Limit: 4,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );

    // Assess
    const [call] = awsCalls();
    expect(call).toMatchObject({
      operation: 'Query',
      tables: ['conversations'],
      index: 'byUser',
      hasKeyCondition: true,
      hasFilter: true,
      hasProjection: true,
      limit: 4,
      keyAttributes: ['userId', 'updatedAt'],
      filterAttributes: ['status', 'meta'],
      scannedCount: 4,
      count: 2,
      items: 2,
    });
    expect(call!.consumedCapacity).toBeGreaterThan(0);
    expect(call!.keyHash).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(validateCallRecord(call)).toBe(true);
  });

  it('records scans, batch reads over two tables and legacy key conditions', async () => {
    // Act
    await doc.send(
      new ScanCommand({
        TableName: 'conversations',
        FilterExpression: 'attribute_exists(#t)',
        ExpressionAttributeNames: { '#t': 'text' },
      }),
    );
    await doc.send(
      new BatchGetCommand({
        RequestItems: {
          users: { Keys: [{ pk: 'u1' }, { pk: 'u2' }], ProjectionExpression: 'pk' },
          conversations: { Keys: [{ pk: 'chat#1', sk: 'msg#1' }] },
        },
      }),
    );
    await base.send(
      new LowLevelQueryCommand({
        TableName: 'conversations',
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'chat#1' }] } },
      }),
    );

    // Assess
    const [scan, batch, legacy] = awsCalls();
    expect(scan).toMatchObject({
      operation: 'Scan',
      hasFilter: true,
      filterAttributes: ['text'],
      items: 5,
      scannedCount: 5,
      count: 5,
    });
    expect(scan!.keyHash).toBeUndefined();
    expect(batch).toMatchObject({ operation: 'BatchGetItem', items: 3, unprocessed: 0, hasProjection: true });
    expect([...batch!.tables].sort()).toEqual(['conversations', 'users']);
    expect(batch!.keyHash).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(legacy).toMatchObject({ operation: 'Query', hasKeyCondition: true, keyAttributes: ['pk'], items: 5 });
    for (const call of awsCalls()) expect(validateCallRecord(call)).toBe(true);
  });

  it('records a failed call and passes the SDK error through untouched', async () => {
    // Act
    const error = await doc
      .send(new GetCommand({ TableName: 'missing-table', Key: { pk: 'x' } }))
      .catch((e: unknown) => e);

    // Assess
    expect((error as Error).name).toBe('ResourceNotFoundException');
    const [call] = awsCalls();
    expect(call).toMatchObject({
      operation: 'GetItem',
      tables: ['missing-table'],
      error: 'ResourceNotFoundException',
      attempts: 1,
    });
    expect(call!.awsRequestId).toBe((error as { $metadata: { requestId: string } }).$metadata.requestId);
    expect(call!.throttled).toBeUndefined();
  });

  it('records nothing outside an invocation and once per call when instrumented twice', async () => {
    // Prepare
    collector.setActive(false);
    await doc.send(new PutCommand({ TableName: 'users', Item: { pk: 'u3' } }));
    expect(collector.calls).toHaveLength(0);
    collector.setActive(true);

    // Act
    expect(instrumentAWSClient(base)).toBe(base);
    instrumentAWSClient(doc);
    await doc.send(new GetCommand({ TableName: 'users', Key: { pk: 'u3' } }));

    // Assess
    expect(awsCalls()).toHaveLength(1);
  });

  it('measures the first call of a client (credentials and endpoint) once, process-wide once', async () => {
    // Prepare
    const state = globalState();
    const previous = state.firstCallSetupMs;
    state.firstCallSetupMs = null;
    const fresh = DynamoDBDocumentClient.from(instrumentAWSClient(new DynamoDBClient(dynamo.config)));
    try {
      // Act
      await fresh.send(new GetCommand({ TableName: 'users', Key: { pk: 'u1' } }));
      await fresh.send(new GetCommand({ TableName: 'users', Key: { pk: 'u1' } }));

      // Assess
      const [first, second] = awsCalls();
      expect(first!.firstCallSetupMs).toBeGreaterThan(0);
      expect(first!.firstCallSetupMs).toBeLessThan(first!.durationMs);
      expect(second!.firstCallSetupMs).toBeUndefined();
      expect(state.firstCallSetupMs).toBe(first!.firstCallSetupMs);
    } finally {
      state.firstCallSetupMs = previous;
      fresh.destroy();
    }
  });

  it('asks Powertools to capture the client when a tracer is given', () => {
    // Prepare
    const captured: unknown[] = [];
    const tracer = {
      captureAWSv3Client: <T>(c: T): T => {
        captured.push(c);
        return c;
      },
    };
    const client = new DynamoDBClient(dynamo.config);

    // Act
    const returned = instrumentAWSClient(client, { tracer });

    // Assess
    expect(returned).toBe(client);
    expect(captured).toEqual([client]);
    client.destroy();
  });
});

describe('instrumentAWSClient with throttling', () => {
  let server: Server;
  let requests = 0;

  beforeAll(async () => {
    // A stand-in DynamoDB endpoint: the first request of each pair is throttled, the retry succeeds.
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        requests++;
        const throttled = requests % 2 === 1;
        const body = throttled
          ? '{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"Rate exceeded"}'
          : '{"Item":{"pk":{"S":"u1"}},"ConsumedCapacity":{"TableName":"users","CapacityUnits":0.5}}';
        res.writeHead(throttled ? 400 : 200, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': `REQ${requests}`,
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('records attempts and a throttled attempt that a retry recovered from', async () => {
    // Prepare: a retry strategy (the SDK's public RetryStrategyV2 interface) without backoff delays.
    const { port } = server.address() as AddressInfo;
    const token = (retries: number) => ({ getRetryCount: () => retries, getRetryDelay: () => 0 });
    let retries = 0;
    const retryStrategy = {
      mode: 'standard',
      acquireInitialRetryToken: async () => token(0),
      refreshRetryTokenForRetry: async () => {
        if (++retries > 2) throw new Error('no more retries');
        return token(retries);
      },
      recordSuccess: () => undefined,
    };
    const client = instrumentAWSClient(
      new DynamoDBClient({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        retryStrategy,
      }),
    );

    // Act
    const out = await client.send(
      new GetItemCommand({ TableName: 'users', Key: { pk: { S: 'u1' } }, ReturnConsumedCapacity: 'TOTAL' }),
    );
    client.destroy();

    // Assess
    expect(out.$metadata.attempts).toBe(2);
    const [call] = awsCalls();
    expect(call).toMatchObject({
      operation: 'GetItem',
      attempts: 2,
      throttled: true,
      items: 1,
      consumedCapacity: 0.5,
      awsRequestId: 'REQ2',
    });
    expect(call!.error).toBeUndefined();
  });
});
