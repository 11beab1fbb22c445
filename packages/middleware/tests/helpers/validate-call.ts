import { Ajv2020 } from 'ajv/dist/2020.js';
import { metadataSchema } from '../../src/contract/schema.js';

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
ajv.addSchema(metadataSchema);
const awsCall = ajv.getSchema(`${metadataSchema.$id}#/$defs/awsCall`)!;
const httpCall = ajv.getSchema(`${metadataSchema.$id}#/$defs/httpCall`)!;

/** Validates one call record against the metadata contract's JSON Schema; throws with ajv's errors. */
export function validateCallRecord(record: unknown): boolean {
  const kind = (record as { kind?: string } | undefined)?.kind;
  const validate = kind === 'http-call' ? httpCall : awsCall;
  if (!validate(record)) throw new Error(JSON.stringify(validate.errors));
  return true;
}
