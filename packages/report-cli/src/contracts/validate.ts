import { metadataSchema } from '@lambda-profiler/middleware/contract';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { reportSchema } from './report-schema.js';
import type { ProfilingReport } from './report-types.js';
import { type RunManifest, runManifestSchema } from './run-folder.js';

// ajv-formats is CJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function validator(name: 'report' | 'run' | 'metadata'): ValidateFunction {
  let fn = compiled.get(name);
  if (fn) return fn;
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
  }
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
