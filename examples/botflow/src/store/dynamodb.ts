import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BotConfig } from '../config.js';

/** Wraps an AWS SDK v3 client for tracing (`instrumentAWSClient` / `tracer.captureAWSv3Client`). */
export type InstrumentClient = <T extends DynamoDBClient>(client: T) => T;

/**
 * The low-level client is instrumented **before** `DynamoDBDocumentClient.from`: the document client
 * shares its middleware stack, so every command is traced once.
 */
export function createDocumentClient(config: BotConfig, instrument: InstrumentClient): DynamoDBDocumentClient {
  const client = instrument(
    new DynamoDBClient({
      region: config.region,
      ...(config.dynamodbEndpoint === undefined ? {} : { endpoint: config.dynamodbEndpoint }),
      maxAttempts: 3,
    }),
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
