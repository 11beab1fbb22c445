import type { FieldPath } from './config-document.js';
import { contextMissing, describeValue, environment, type FieldReader, nodeOptions, tracingMode } from './fields.js';
import type { FunctionCheck } from './types.js';

const API_TRACING = ['Active', 'PassThrough'] as const;

/**
 * `aws lambda get-function-configuration` output, or `aws lambda get-function` output (the same object
 * under `Configuration`). The API always returns TracingConfig, MemorySize and Architectures.
 */
export function readFunctionConfiguration(reader: FieldReader, root: FieldPath): FunctionCheck[] {
  const tracingField = reader.at([...root, 'TracingConfig', 'Mode']);
  const env = environment(reader, [...root, 'Environment', 'Variables']);
  const name = reader.at([...root, 'FunctionName']);
  return [
    {
      name: typeof name?.value === 'string' ? name.value : 'function',
      field: root.length ? String(root[0]) : 'FunctionName',
      line: name?.line,
      tracing: tracingField
        ? {
            value: tracingMode(reader, tracingField, API_TRACING),
            raw: describeValue(tracingField.value),
            field: tracingField.field,
            line: tracingField.line,
          }
        : { value: 'PassThrough', defaulted: 'TracingConfig missing: Lambda defaults to PassThrough' },
      contextMissing: contextMissing(env),
      memoryMb: reader.number(reader.at([...root, 'MemorySize']), 'MemorySize missing', null),
      architecture: reader.architecture(reader.at([...root, 'Architectures']), 'Architectures missing: x86_64'),
      nodeOptions: nodeOptions(env),
    },
  ];
}
