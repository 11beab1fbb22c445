import { InputError } from '../cli/errors.js';
import { readInputText } from '../cli/read-input.js';
import { isSamTemplate, readTemplate } from './cloudformation.js';
import { parseConfigDocument } from './config-document.js';
import { FieldReader, isRecord } from './fields.js';
import { readFunctionConfiguration } from './function-configuration.js';
import { readServerless } from './serverless.js';
import { type CheckResult, CONFIG_KIND_LABEL, type ConfigKind } from './types.js';

/** Detects the kind of config by content, never by file name (`template.yml` may be either). */
export function detectKind(value: unknown): { kind: ConfigKind; root: string[] } | undefined {
  if (!isRecord(value)) return undefined;
  if (isRecord(value.Resources)) return { kind: isSamTemplate(value) ? 'sam' : 'cloudformation', root: [] };
  if ('provider' in value && ('functions' in value || 'service' in value)) return { kind: 'serverless', root: [] };
  if (typeof value.FunctionName === 'string' || typeof value.FunctionArn === 'string') {
    return { kind: 'function-configuration', root: [] };
  }
  if (isRecord(value.Configuration) && typeof value.Configuration.FunctionName === 'string') {
    return { kind: 'function-configuration', root: ['Configuration'] };
  }
  return undefined;
}

/** Parses a config text and extracts every function's tracing-relevant settings. */
export function checkConfigText(text: string, file: string): CheckResult {
  const doc = parseConfigDocument(text, file);
  const detected = detectKind(doc.value);
  if (!detected) {
    throw new InputError(
      'not a serverless.yml, SAM/CloudFormation template or get-function-configuration output ' +
        '(expected provider + functions, Resources, or FunctionName)',
      { file, line: 1 },
    );
  }
  const reader = new FieldReader(doc);
  const functions =
    detected.kind === 'serverless'
      ? readServerless(reader)
      : detected.kind === 'function-configuration'
        ? readFunctionConfiguration(reader, detected.root)
        : readTemplate(reader);
  if (functions.length === 0) {
    throw new InputError(`no Lambda functions found in this ${CONFIG_KIND_LABEL[detected.kind]}`, {
      file,
      line: 1,
      field: detected.kind === 'serverless' ? 'functions' : 'Resources',
    });
  }
  const notes: string[] = [];
  if (functions.some((f) => f.tracing.value === 'unresolved')) {
    notes.push(
      detected.kind === 'serverless'
        ? 'Some values are variables; run `serverless print > resolved.yml` and check that file.'
        : 'Some values are intrinsics or parameters without a default; check the deployed function with ' +
            '`aws lambda get-function-configuration --function-name NAME > function-config.json`.',
    );
  }
  return { file, kind: detected.kind, functions, notes };
}

export async function checkConfigFile(file: string): Promise<CheckResult> {
  return checkConfigText(await readInputText(file), file);
}
