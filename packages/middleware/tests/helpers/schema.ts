import { Ajv2020 } from 'ajv/dist/2020.js';
import { metadataSchema } from '../../src/contract/schema.js';

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: false });
const validate = ajv.compile(metadataSchema);

/** Throws with ajv's messages when `value` is not valid `lambda-profiler` metadata. */
export function assertValidMetadata(value: unknown): void {
  if (!validate(value)) throw new Error(`invalid metadata: ${ajv.errorsText(validate.errors)}`);
}
