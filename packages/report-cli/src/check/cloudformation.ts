import { type FieldPath, fieldName } from './config-document.js';
import {
  contextMissing,
  describeValue,
  environment,
  type FieldReader,
  type Found,
  isRecord,
  nodeOptions,
  tracingMode,
} from './fields.js';
import type { FunctionCheck } from './types.js';

const SAM_FUNCTION = 'AWS::Serverless::Function';
const LAMBDA_FUNCTION = 'AWS::Lambda::Function';
const SAM_TRACING = ['Active', 'PassThrough', 'Disabled'] as const;
const LAMBDA_TRACING = ['Active', 'PassThrough'] as const;

/** `!Ref Param` with a `Default` in `Parameters` reads as that default (deploy-time overrides aside). */
function resolveRef(reader: FieldReader, found: Found | undefined): Found | undefined {
  if (!found || !isRecord(found.value) || typeof found.value.Ref !== 'string') return found;
  const param = reader.at(['Parameters', found.value.Ref, 'Default']);
  return param ?? found;
}

export function isSamTemplate(value: Record<string, unknown>): boolean {
  const transform = value.Transform;
  const transforms = Array.isArray(transform) ? transform : [transform];
  if (transforms.some((t) => typeof t === 'string' && t.startsWith('AWS::Serverless'))) return true;
  const resources = isRecord(value.Resources) ? Object.values(value.Resources) : [];
  return resources.some((r) => isRecord(r) && r.Type === SAM_FUNCTION);
}

/** Name, location and tracing of one template function: the part SAM and plain CloudFormation share. */
function functionHeader(
  reader: FieldReader,
  logicalId: string,
  tracingField: Found | undefined,
  allowed: readonly string[],
  unsetNote: string,
): Pick<FunctionCheck, 'name' | 'field' | 'line' | 'tracing'> {
  const name = reader.at(['Resources', logicalId, 'Properties', 'FunctionName']);
  return {
    name: typeof name?.value === 'string' ? name.value : logicalId,
    field: fieldName(['Resources', logicalId]),
    line: reader.doc.lineOf(['Resources', logicalId]),
    tracing: tracingField
      ? {
          value: tracingMode(reader, tracingField, allowed),
          raw: describeValue(tracingField.value),
          field: tracingField.field,
          line: tracingField.line,
        }
      : { value: 'PassThrough', defaulted: unsetNote },
  };
}

function samFunction(reader: FieldReader, logicalId: string): FunctionCheck {
  const props: FieldPath = ['Resources', logicalId, 'Properties'];
  const globals: FieldPath = ['Globals', 'Function'];
  const tracingField = resolveRef(reader, reader.first([...props, 'Tracing'], [...globals, 'Tracing']));
  const env = environment(reader, [...globals, 'Environment', 'Variables'], [...props, 'Environment', 'Variables']);
  return {
    ...functionHeader(reader, logicalId, tracingField, SAM_TRACING, 'not set: Lambda defaults to PassThrough'),
    contextMissing: contextMissing(env),
    memoryMb: reader.number(
      resolveRef(reader, reader.first([...props, 'MemorySize'], [...globals, 'MemorySize'])),
      'not set: SAM defaults to 128 MB',
      128,
    ),
    architecture: reader.architecture(
      resolveRef(reader, reader.first([...props, 'Architectures'], [...globals, 'Architectures'])),
      'not set: x86_64',
    ),
    nodeOptions: nodeOptions(env),
  };
}

function lambdaFunction(reader: FieldReader, logicalId: string): FunctionCheck {
  const props: FieldPath = ['Resources', logicalId, 'Properties'];
  const tracingConfig = reader.at([...props, 'TracingConfig']);
  if (tracingConfig && tracingConfig.value !== null && !isRecord(tracingConfig.value)) {
    throw reader.error(tracingConfig, `expected a map with Mode, got ${describeValue(tracingConfig.value)}`);
  }
  const tracingField = resolveRef(reader, reader.at([...props, 'TracingConfig', 'Mode']));
  const env = environment(reader, [...props, 'Environment', 'Variables']);
  return {
    ...functionHeader(
      reader,
      logicalId,
      tracingField,
      LAMBDA_TRACING,
      'TracingConfig not set: Lambda defaults to PassThrough',
    ),
    contextMissing: contextMissing(env),
    memoryMb: reader.number(resolveRef(reader, reader.at([...props, 'MemorySize'])), 'not set: 128 MB', 128),
    architecture: reader.architecture(resolveRef(reader, reader.at([...props, 'Architectures'])), 'not set: x86_64'),
    nodeOptions: nodeOptions(env),
  };
}

/** SAM (`AWS::Serverless::Function`, `Globals.Function`) and plain CloudFormation (`AWS::Lambda::Function`). */
export function readTemplate(reader: FieldReader): FunctionCheck[] {
  const resources = reader.at(['Resources']);
  if (!resources || !isRecord(resources.value)) {
    throw reader.error(resources ?? { field: 'Resources', line: 1 }, 'expected a map of resources');
  }
  const out: FunctionCheck[] = [];
  for (const [logicalId, resource] of Object.entries(resources.value)) {
    if (!isRecord(resource)) continue;
    if (resource.Type === SAM_FUNCTION) out.push(samFunction(reader, logicalId));
    else if (resource.Type === LAMBDA_FUNCTION) out.push(lambdaFunction(reader, logicalId));
  }
  return out;
}
