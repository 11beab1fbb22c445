import { type FieldPath, fieldName } from './config-document.js';
import {
  contextMissing,
  describeValue,
  environment,
  type FieldReader,
  isRecord,
  nodeOptions,
  tracingMode,
} from './fields.js';
import type { FunctionCheck } from './types.js';

const SERVERLESS_TRACING = ['Active', 'PassThrough', 'true', 'false'] as const;

/** Every function of a serverless.yml: `functions` is a map, or (older configs) a list of maps. */
function functionPaths(reader: FieldReader): { name: string; path: FieldPath }[] {
  const functions = reader.at(['functions']);
  if (!functions || functions.value === null) return [];
  if (isRecord(functions.value))
    return Object.keys(functions.value).map((name) => ({ name, path: ['functions', name] }));
  if (Array.isArray(functions.value)) {
    return functions.value.flatMap((item, i) =>
      isRecord(item) ? Object.keys(item).map((name) => ({ name, path: ['functions', i, name] as FieldPath })) : [],
    );
  }
  throw reader.error(functions, 'expected a map of functions');
}

/**
 * Serverless Framework: `provider.tracing.lambda` (true | Active | PassThrough) for all functions,
 * `functions.<name>.tracing` for one; memory defaults to 1024 MB, architecture to x86_64.
 */
export function readServerless(reader: FieldReader): FunctionCheck[] {
  const providerTracing = reader.at(['provider', 'tracing']);
  if (providerTracing && providerTracing.value !== null && !isRecord(providerTracing.value)) {
    throw reader.error(
      providerTracing,
      `expected a map with a lambda key, got ${describeValue(providerTracing.value)}`,
    );
  }
  return functionPaths(reader).map(({ name, path }) => {
    const tracingField = reader.first([...path, 'tracing'], ['provider', 'tracing', 'lambda']);
    const tracing: FunctionCheck['tracing'] = tracingField
      ? {
          value: tracingMode(reader, tracingField, SERVERLESS_TRACING),
          raw: describeValue(tracingField.value),
          field: tracingField.field,
          line: tracingField.line,
        }
      : { value: 'PassThrough', defaulted: 'not set: Lambda defaults to PassThrough' };
    const env = environment(reader, ['provider', 'environment'], [...path, 'environment']);
    return {
      name,
      field: fieldName(path),
      line: reader.doc.lineOf(path),
      tracing,
      contextMissing: contextMissing(env),
      memoryMb: reader.number(
        reader.first([...path, 'memorySize'], ['provider', 'memorySize']),
        'not set: Serverless defaults to 1024 MB',
        1024,
      ),
      architecture: reader.architecture(
        reader.first([...path, 'architecture'], ['provider', 'architecture']),
        'not set: x86_64',
      ),
      nodeOptions: nodeOptions(env),
    };
  });
}
