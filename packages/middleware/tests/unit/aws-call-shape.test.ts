import { describe, expect, it } from 'vitest';
import type { AwsCallRecord } from '../../src/contract/types.js';
import { describeRequest, describeResponse } from '../../src/dependencies/aws-call-shape.js';
import { expressionAttributeNames } from '../../src/dependencies/expression-names.js';
import { canonicalKey, saltedHash } from '../../src/dependencies/key-hash.js';

function record(operation: string): AwsCallRecord {
  return {
    v: 1,
    kind: 'aws-call',
    service: 'DynamoDB',
    operation,
    awsRequestId: null,
    startEpochMs: 0,
    durationMs: 0,
    tables: [],
  };
}

describe('expressionAttributeNames', () => {
  it('resolves placeholders and skips values, functions, keywords and nested path parts', () => {
    const names = expressionAttributeNames(
      '#a = :a AND begins_with(sk, :p) AND NOT contains(#doc.tags[0], :t) OR size(#l) BETWEEN :x AND :y',
      { '#a': 'userId', '#doc': 'profile', '#l': 'list' },
    );
    expect(names).toEqual(['userId', 'sk', 'profile', 'list']);
  });

  it('keeps an unresolved placeholder as written rather than guessing', () => {
    expect(expressionAttributeNames('#missing = :v', undefined)).toEqual(['#missing']);
  });
});

describe('canonicalKey and saltedHash', () => {
  it('gives one text for a key in document form and in AttributeValue form, whatever the member order', () => {
    const doc = canonicalKey({ sk: 5, pk: 'a', bin: new Uint8Array([1, 2]) });
    const low = canonicalKey({ pk: { S: 'a' }, bin: { B: new Uint8Array([1, 2]) }, sk: { N: '5' } });
    expect(low).toBe(doc);
    expect(canonicalKey({ pk: 'a', sk: '5' })).not.toBe(doc);
  });

  it('hashes to 16 url-safe characters that do not contain the key', () => {
    const h = saltedHash('users\u0000{"pk":"secret-user"}');
    expect(h).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(saltedHash('users\u0000{"pk":"secret-user"}')).toBe(h);
    expect(saltedHash('users\u0000{"pk":"other-user"}')).not.toBe(h);
  });
});

describe('describeRequest / describeResponse', () => {
  it('reads transactional reads: tables, key names, items found, a key hash', () => {
    const r = record('TransactGetItems');
    describeRequest(r, {
      TransactItems: [
        { Get: { TableName: 'users', Key: { pk: { S: 'u1' } }, ProjectionExpression: 'pk' } },
        { Get: { TableName: 'orders', Key: { pk: { S: 'o1' }, sk: { S: 'x' } } } },
      ],
    });
    describeResponse(r, {
      Responses: [{ Item: { pk: { S: 'u1' } } }, {}],
      ConsumedCapacity: [{ CapacityUnits: 1 }, { CapacityUnits: 2 }],
    });
    expect(r).toMatchObject({
      tables: ['users', 'orders'],
      keyAttributes: ['pk', 'sk'],
      hasProjection: true,
      items: 1,
      consumedCapacity: 3,
    });
    expect(r.keyHash).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('counts unprocessed items of a batch write and reads no key hash for writes', () => {
    const r = record('BatchWriteItem');
    describeRequest(r, { RequestItems: { users: [{ PutRequest: { Item: { pk: 'a' } } }] } });
    describeResponse(r, { UnprocessedItems: { users: [{}, {}], orders: [{}] } });
    expect(r).toMatchObject({ tables: ['users'], unprocessed: 3 });
    expect(r.keyHash).toBeUndefined();
  });

  it('counts unprocessed keys of a batch read', () => {
    const r = record('BatchGetItem');
    describeResponse(r, { Responses: { users: [{}, {}] }, UnprocessedKeys: { users: { Keys: [{}, {}, {}] } } });
    expect(r).toMatchObject({ items: 2, unprocessed: 3 });
  });

  it('finds the table of a PartiQL statement', () => {
    const r = record('ExecuteStatement');
    describeRequest(r, { Statement: 'SELECT * FROM "conversations" WHERE pk = ?' });
    expect(r.tables).toEqual(['conversations']);
  });
});
