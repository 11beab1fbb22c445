import { builtin } from '../builtins.js';
import { defaultRedaction } from '../redaction/rules.js';
import { dependencyState } from './state.js';

/**
 * A salted per-process hash of the key(s) a call reads, so the report can count repeated identical
 * reads without recording a key. The salt is random per process and never leaves it: hashes cannot be
 * compared across environments or brute-forced from a trace.
 */

/**
 * A canonical text of a key: object members sorted, and low-level `AttributeValue`s (`{ S: 'x' }`)
 * unwrapped, so the same key read through `DynamoDBDocumentClient` and the plain client hashes alike.
 * Strings are length-prefixed, so no value can imitate a separator. Hot path: plain objects first.
 */
export function canonicalKey(value: unknown): string {
  if (typeof value === 'string') return `${value.length}:${value}`;
  if (typeof value === 'number' || typeof value === 'bigint') return `n${value}`;
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value !== 'object' || value === null) return '0';
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return canonicalObject(value as Record<string, unknown>);
  if (Array.isArray(value)) return canonicalList(value, '[', ']');
  if (value instanceof Uint8Array)
    return `b${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}`;
  if (value instanceof Set) return canonicalSet([...value], false);
  // NumberValue of lib-dynamodb (a class holding the number as text in `value`).
  const inner = (value as { value?: unknown }).value;
  if (typeof inner === 'string') return `n${inner}`;
  return canonicalObject(value as Record<string, unknown>);
}

function canonicalList(items: unknown[], open: string, close: string): string {
  let out = open;
  for (let i = 0; i < items.length; i++) out += (i > 0 ? ',' : '') + canonicalKey(items[i]);
  return out + close;
}

function canonicalSet(items: unknown[], numbers: boolean): string {
  const texts = items.map((v) => (numbers ? `n${String(v)}` : canonicalKey(v)));
  return `<${texts.sort().join(',')}>`;
}

function canonicalObject(record: Record<string, unknown>): string {
  const keys = Object.keys(record);
  if (keys.length === 1) {
    const type = keys[0]!;
    const inner = record[type];
    switch (type) {
      case 'S':
      case 'BOOL':
      case 'B':
      case 'M':
      case 'L':
        return canonicalKey(inner);
      case 'N':
        return `n${String(inner)}`;
      case 'NULL':
        return '0';
      case 'SS':
      case 'BS':
      case 'NS':
        return Array.isArray(inner) ? canonicalSet(inner, type === 'NS') : '<>';
    }
  } else if (keys.length > 1) keys.sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++)
    out += `${i > 0 ? ',' : ''}${keys[i]!.length}:${keys[i]}=${canonicalKey(record[keys[i]!])}`;
  return `${out}}`;
}

/** 16 base64url characters (96 bits) of SHA-256 over the process salt + the canonical text. */
export function saltedHash(text: string): string {
  const state = dependencyState(defaultRedaction);
  const crypto = builtin('node:crypto');
  if (state.salt === null) state.salt = crypto.randomBytes(16).toString('base64');
  return crypto.hash('sha256', state.salt + text, 'base64url').slice(0, 16);
}
