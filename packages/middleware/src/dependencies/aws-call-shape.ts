import type { AwsCallRecord } from '../contract/types.js';
import { expressionAttributeNames } from './expression-names.js';
import { canonicalKey, saltedHash } from './key-hash.js';

/**
 * Reads the shape of an AWS SDK v3 call from its command input and output: the public,
 * documented request/response members of the DynamoDB API (and `$metadata`, common to every
 * client). Names only: no attribute value and no key ever goes into the record.
 */

type Input = Record<string, unknown>;
type Names = Record<string, string> | undefined;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function addAll(target: string[], names: string[]): void {
  for (const name of names) if (!target.includes(name)) target.push(name);
}

function hasProjection(input: Input): boolean {
  return (
    typeof input.ProjectionExpression === 'string' ||
    Array.isArray(input.AttributesToGet) ||
    input.Select === 'SPECIFIC_ATTRIBUTES'
  );
}

const PARTIQL_TABLE = /\b(?:from|into|update)\s+"?([A-Za-z0-9_.-]+)/i;

/** Fills the request side of the record (tables, index, expressions, limit, key hash). */
export function describeRequest(record: AwsCallRecord, input: Input): void {
  const names = isObject(input.ExpressionAttributeNames) ? (input.ExpressionAttributeNames as Names) : undefined;
  if (typeof input.TableName === 'string') record.tables.push(input.TableName);
  if (typeof input.IndexName === 'string') record.index = input.IndexName;
  if (typeof input.Limit === 'number') record.limit = input.Limit;
  if (typeof input.ConsistentRead === 'boolean') record.consistentRead = input.ConsistentRead;
  if (hasProjection(input)) record.hasProjection = true;

  if (typeof input.KeyConditionExpression === 'string') {
    record.hasKeyCondition = true;
    record.keyAttributes = expressionAttributeNames(input.KeyConditionExpression, names);
  } else if (isObject(input.KeyConditions)) {
    record.hasKeyCondition = true;
    record.keyAttributes = Object.keys(input.KeyConditions);
  } else if (isObject(input.Key)) {
    record.keyAttributes = Object.keys(input.Key);
  }

  if (typeof input.FilterExpression === 'string') {
    record.hasFilter = true;
    record.filterAttributes = expressionAttributeNames(input.FilterExpression, names);
  } else if (isObject(input.QueryFilter) || isObject(input.ScanFilter)) {
    record.hasFilter = true;
    record.filterAttributes = Object.keys((input.QueryFilter ?? input.ScanFilter) as object);
  }

  if (isObject(input.RequestItems)) describeBatchRequest(record, input.RequestItems);
  if (Array.isArray(input.TransactItems)) describeTransactRequest(record, input.TransactItems);
  if (typeof input.Statement === 'string') {
    const table = PARTIQL_TABLE.exec(input.Statement)?.[1];
    if (table) record.tables.push(table);
  }

  const keyText = readKeyText(record, input);
  if (keyText !== null) record.keyHash = saltedHash(keyText);
}

function describeBatchRequest(record: AwsCallRecord, items: Record<string, unknown>): void {
  const keyAttributes: string[] = [];
  for (const [table, request] of Object.entries(items)) {
    if (!record.tables.includes(table)) record.tables.push(table);
    if (!isObject(request) || Array.isArray(request)) continue; // BatchWriteItem: a list of writes
    if (hasProjection(request)) record.hasProjection = true;
    if (typeof request.ConsistentRead === 'boolean') record.consistentRead = request.ConsistentRead;
    const first = Array.isArray(request.Keys) ? request.Keys[0] : undefined;
    if (isObject(first)) addAll(keyAttributes, Object.keys(first));
  }
  if (keyAttributes.length > 0) record.keyAttributes = keyAttributes;
}

const TRANSACT_KINDS = ['Get', 'Put', 'Update', 'Delete', 'ConditionCheck'] as const;

function describeTransactRequest(record: AwsCallRecord, items: unknown[]): void {
  const keyAttributes: string[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    for (const kind of TRANSACT_KINDS) {
      const part = item[kind];
      if (!isObject(part)) continue;
      if (typeof part.TableName === 'string' && !record.tables.includes(part.TableName))
        record.tables.push(part.TableName);
      if (kind === 'Get') {
        if (hasProjection(part)) record.hasProjection = true;
        if (isObject(part.Key)) addAll(keyAttributes, Object.keys(part.Key));
      }
    }
  }
  if (keyAttributes.length > 0) record.keyAttributes = keyAttributes;
}

/** `#a=name;…` in the caller's order: the same code path always builds the same map. */
function namesText(names: unknown): string {
  if (!isObject(names)) return '';
  let out = '';
  for (const key in names) out += `${key}=${String(names[key])};`;
  return out;
}

/** The canonical text of the key(s) read, or null for calls that read no key. */
function readKeyText(record: AwsCallRecord, input: Input): string | null {
  const table = record.tables[0] ?? '';
  if (isObject(input.Key) && (record.operation === 'GetItem' || record.operation === 'Get')) {
    return `${table}\u0000${canonicalKey(input.Key)}`;
  }
  if (record.hasKeyCondition) {
    // A query reads what its key condition selects: the same expression, values, names and index
    // mean the same items.
    return [
      table,
      record.index ?? '',
      typeof input.KeyConditionExpression === 'string'
        ? input.KeyConditionExpression
        : canonicalKey(input.KeyConditions),
      canonicalKey(input.ExpressionAttributeValues),
      namesText(input.ExpressionAttributeNames),
      typeof input.FilterExpression === 'string' ? input.FilterExpression : '',
    ].join('\u0000');
  }
  if (isObject(input.RequestItems) && record.operation === 'BatchGetItem') {
    const keys: string[] = [];
    for (const [name, request] of Object.entries(input.RequestItems)) {
      if (!isObject(request) || !Array.isArray(request.Keys)) continue;
      for (const key of request.Keys) keys.push(`${name}\u0000${canonicalKey(key)}`);
    }
    return keys.length > 0 ? keys.sort().join('\u0001') : null;
  }
  if (Array.isArray(input.TransactItems) && record.operation === 'TransactGetItems') {
    const keys: string[] = [];
    for (const item of input.TransactItems) {
      const get = isObject(item) ? item.Get : undefined;
      if (isObject(get)) keys.push(`${String(get.TableName)}\u0000${canonicalKey(get.Key)}`);
    }
    return keys.length > 0 ? keys.sort().join('\u0001') : null;
  }
  return null;
}

function sumCapacity(value: unknown): number | undefined {
  if (Array.isArray(value)) {
    let total = 0;
    let seen = false;
    for (const entry of value) {
      if (isObject(entry) && typeof entry.CapacityUnits === 'number') {
        total += entry.CapacityUnits;
        seen = true;
      }
    }
    return seen ? total : undefined;
  }
  return isObject(value) && typeof value.CapacityUnits === 'number' ? value.CapacityUnits : undefined;
}

function countEntries(map: unknown, inner: (entry: unknown) => number): number {
  if (!isObject(map)) return 0;
  let total = 0;
  for (const entry of Object.values(map)) total += inner(entry);
  return total;
}

const arrayLength = (entry: unknown): number => (Array.isArray(entry) ? entry.length : 0);
const keysLength = (entry: unknown): number => (isObject(entry) && Array.isArray(entry.Keys) ? entry.Keys.length : 0);

/** Fills the response side of the record (items, counts, capacity, unprocessed work). */
export function describeResponse(record: AwsCallRecord, output: Record<string, unknown>): void {
  if (Array.isArray(output.Items)) record.items = output.Items.length;
  else if (record.operation === 'GetItem' || 'Item' in output) record.items = isObject(output.Item) ? 1 : 0;
  else if (isObject(output.Responses) && !Array.isArray(output.Responses))
    record.items = countEntries(output.Responses, arrayLength);
  else if (Array.isArray(output.Responses))
    record.items = output.Responses.filter((r) => isObject(r) && isObject(r.Item)).length;
  if (typeof output.Count === 'number') record.count = output.Count;
  if (typeof output.ScannedCount === 'number') record.scannedCount = output.ScannedCount;
  const capacity = sumCapacity(output.ConsumedCapacity);
  if (capacity !== undefined) record.consumedCapacity = capacity;
  if (isObject(output.UnprocessedKeys)) record.unprocessed = countEntries(output.UnprocessedKeys, keysLength);
  else if (isObject(output.UnprocessedItems)) record.unprocessed = countEntries(output.UnprocessedItems, arrayLength);
}
