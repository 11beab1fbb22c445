import { createRequire } from 'node:module';
import { metadataSchema } from '@lambda-profiler/middleware/contract';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { reportSchema } from './report-schema.js';
import type { ProfilingReport } from './report-types.js';
import { type RunManifest, runManifestSchema } from './run-folder.js';

/**
 * ajv and ajv-formats load on the first validation, not with the CLI: importing them took 70-110 ms
 * of every `generate` run (2-3 % of a 100,000-invocation report, and most of a small one's), and
 * only run folders, `compare` and contract checks validate anything.
 */
function newAjv(): Ajv2020 {
  const require = createRequire(import.meta.url);
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const formats = require('ajv-formats') as { default?: unknown };
  // ajv-formats is CJS with a default export; depending on interop it may arrive wrapped.
  const addFormats = (formats.default ?? formats) as (ajv: Ajv2020) => void;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function validator(name: 'report' | 'run' | 'metadata'): ValidateFunction {
  let fn = compiled.get(name);
  if (fn) return fn;
  ajv ??= newAjv();
  const schema = name === 'report' ? reportSchema : name === 'run' ? runManifestSchema : metadataSchema;
  fn = ajv.compile(schema);
  compiled.set(name, fn);
  return fn;
}

/** One line per schema violation: `<json pointer>: <message>`. */
export function formatSchemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}

export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

function run(name: 'report' | 'run' | 'metadata', value: unknown): ValidationResult {
  const fn = validator(name);
  const valid = fn(value) as boolean;
  return { valid, errors: valid ? [] : formatSchemaErrors(fn.errors) };
}

/** Validates a report against the shipped report schema. */
export function validateReport(value: unknown): ValidationResult & { report?: ProfilingReport } {
  const result = run('report', value);
  return result.valid ? { ...result, report: value as ProfilingReport } : result;
}

/** Validates a run folder's `run.json`. */
export function validateRunManifest(value: unknown): ValidationResult & { manifest?: RunManifest } {
  const result = run('run', value);
  return result.valid ? { ...result, manifest: value as RunManifest } : result;
}

/** Validates the value under the `lambda-profiler` metadata namespace of an X-Ray document. */
export function validateProfilerMetadata(value: unknown): ValidationResult {
  return run('metadata', value);
}
