import { InputError } from '../cli/errors.js';
import { type ConfigDocument, type FieldPath, fieldName } from './config-document.js';
import { findRegisterEntry } from './node-options.js';
import type { Checked, FunctionCheck, TracingMode } from './types.js';

/** A value found in the document, with the path and line it came from. */
export interface Found {
  value: unknown;
  path: FieldPath;
  field: string;
  line?: number;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object that is a CloudFormation intrinsic (`{ Ref }`, `{ 'Fn::…' }`) or holds a `${…}` variable. */
export function isUnresolved(value: unknown): boolean {
  if (typeof value === 'string') return /\$\{[^}]+\}/.test(value);
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export class FieldReader {
  constructor(readonly doc: ConfigDocument) {}

  at(path: FieldPath): Found | undefined {
    let value: unknown = this.doc.value;
    for (const part of path) {
      if (Array.isArray(value) && typeof part === 'number') value = value[part];
      else if (isRecord(value)) value = value[String(part)];
      else return undefined;
      if (value === undefined) return undefined;
    }
    return { value, path, field: fieldName(path), line: this.doc.lineOf(path) };
  }

  /** The first of several paths that exists (function-level before global). */
  first(...paths: FieldPath[]): Found | undefined {
    for (const path of paths) {
      const found = this.at(path);
      if (found && found.value !== null) return found;
    }
    return undefined;
  }

  error(found: Pick<Found, 'field' | 'line'>, message: string): InputError {
    return new InputError(message, { file: this.doc.file, line: found.line, field: found.field });
  }

  /** A positive number field (MemorySize), or an error naming file, line and field. */
  number(found: Found | undefined, defaulted: string, fallback: number | null): Checked<number | null> {
    if (!found) return { value: fallback, defaulted };
    if (isUnresolved(found.value)) return { value: null, field: found.field, line: found.line };
    const n = typeof found.value === 'string' && found.value.trim() !== '' ? Number(found.value) : found.value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
      throw this.error(found, `expected a positive number, got ${describeValue(found.value)}`);
    }
    return { value: n, field: found.field, line: found.line };
  }

  /** `Architectures: [arm64]` (CloudFormation, SAM, API) or `architecture: arm64` (Serverless). */
  architecture(found: Found | undefined, defaulted: string): Checked<string | null> {
    if (!found) return { value: 'x86_64', defaulted };
    const raw = Array.isArray(found.value) ? found.value[0] : found.value;
    if (isUnresolved(raw)) return { value: null, field: found.field, line: found.line };
    if (raw !== 'x86_64' && raw !== 'arm64') {
      throw this.error(found, `expected x86_64 or arm64, got ${describeValue(raw)}`);
    }
    return { value: raw, field: found.field, line: found.line };
  }
}

/** Environment variables of one function: global ones first, the function's own override them. */
export function environment(reader: FieldReader, ...paths: FieldPath[]): Map<string, Found> {
  const env = new Map<string, Found>();
  for (const path of paths) {
    const found = reader.at(path);
    if (!found || found.value === null) continue;
    if (!isRecord(found.value)) {
      throw reader.error(found, 'expected a map of environment variables');
    }
    for (const key of Object.keys(found.value)) {
      const variable = reader.at([...path, key]);
      if (variable) env.set(key, variable);
    }
  }
  return env;
}

export function contextMissing(env: Map<string, Found>): Checked<string | null> {
  const found = env.get('AWS_XRAY_CONTEXT_MISSING');
  if (!found) return { value: null, defaulted: 'not set: the X-Ray SDK logs an error (LOG_ERROR)' };
  return { value: describeValue(found.value), field: found.field, line: found.line };
}

export function nodeOptions(env: Map<string, Found>): FunctionCheck['nodeOptions'] {
  const found = env.get('NODE_OPTIONS');
  if (!found) return { value: null, registerEntry: null, defaulted: 'not set' };
  const text = describeValue(found.value);
  const register = typeof found.value === 'string' ? findRegisterEntry(found.value) : null;
  return {
    value: text,
    field: found.field,
    line: found.line,
    registerEntry: register?.entry ?? null,
    ...(register ? { registerSpecifier: register.specifier } : {}),
  };
}

/**
 * Normalises a tracing value. Serverless accepts `true`/`false` as well as the mode names;
 * an intrinsic or `${…}` variable is `unresolved`. Anything else is an error at its field.
 */
export function tracingMode(reader: FieldReader, found: Found, allowed: readonly string[]): TracingMode {
  const v = found.value;
  if (isUnresolved(v)) return 'unresolved';
  if (v === true) return 'Active';
  if (v === false) return 'Disabled';
  if (typeof v === 'string') {
    const match = allowed.find((m) => m.toLowerCase() === v.toLowerCase());
    if (match === 'true') return 'Active';
    if (match === 'false') return 'Disabled';
    if (match) return match as TracingMode;
  }
  throw reader.error(found, `expected ${allowed.join(', ')}; got ${describeValue(v)}`);
}
