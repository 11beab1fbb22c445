import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { INIT_PHASES, METADATA_NAMESPACE, metadataSchema, readProfilerMetadata } from '../../src/contract/index.js';
import { detailsExample, initExample, invocationExample, profileExample } from '../helpers/contract-examples.js';

const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(metadataSchema);
const clone = <T>(value: T): T => structuredClone(value);

describe('metadata contract', () => {
  it('accepts each of the three documents the middleware writes', () => {
    // Act + Assess
    for (const doc of [{ invocation: invocationExample }, { details: detailsExample }, { init: initExample }]) {
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('accepts a sampled profile document, and one whose profilers could not run', () => {
    expect(validate({ profile: profileExample }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ profile: { ...clone(profileExample), cpu: null, heap: null } })).toBe(true);
  });

  it('rejects a profile location given as an absolute path or file URL', () => {
    for (const location of ['/var/task/index.js:3', 'file:///var/task/index.js:3', 'C:\\app\\index.js:3']) {
      const profile = clone(profileExample);
      profile.cpu!.functions[0]!.location = location;
      expect(validate({ profile }), location).toBe(false);
    }
  });

  it('rejects a profile with an unknown trigger', () => {
    expect(validate({ profile: { ...clone(profileExample), trigger: 'always' } })).toBe(false);
  });

  it('rejects a document without the contract version', () => {
    // Prepare
    const { v: _dropped, ...rest } = clone(invocationExample);
    // Act + Assess
    expect(validate({ invocation: rest })).toBe(false);
    expect(validate.errors?.some((e) => e.params && 'missingProperty' in e.params)).toBe(true);
  });

  it('rejects a future contract version', () => {
    expect(validate({ init: { ...clone(initExample), v: 2 } })).toBe(false);
  });

  it('rejects an empty namespace object', () => {
    expect(validate({})).toBe(false);
  });

  it('rejects an unknown init phase name', () => {
    const init = clone(initExample);
    init.phases.push({ name: 'bootstrap' as never, ms: 1 });
    expect(validate({ init })).toBe(false);
  });

  it('rejects a module reported by absolute path', () => {
    const init = clone(initExample);
    init.imports.modules[0]!.module = '/var/task/node_modules/x/index.js';
    expect(validate({ init })).toBe(false);
  });

  it('rejects an HTTP call path that still carries a query string', () => {
    const details = clone(detailsExample);
    const http = details.calls[1]!;
    if (http.kind !== 'http-call') throw new Error('fixture order changed');
    http.path = '/api/chat.postMessage?token=xoxb-1';
    expect(validate({ details })).toBe(false);
  });

  it('accepts an HTTP call marked as made by the AWS SDK, and only as a boolean', () => {
    const details = clone(detailsExample);
    const http = details.calls[1]!;
    if (http.kind !== 'http-call') throw new Error('fixture order changed');
    http.awsSdk = true;
    expect(validate({ details })).toBe(true);
    (http as unknown as { awsSdk: string }).awsSdk = 'yes';
    expect(validate({ details })).toBe(false);
  });

  it('rejects annotation keys X-Ray would not index', () => {
    const invocation = clone(invocationExample);
    invocation.annotations = { 'platform-name': 'slack' };
    expect(validate({ invocation })).toBe(false);
  });

  it('lists the cold-start phases in the order DESIGN.md defines', () => {
    expect(INIT_PHASES).toEqual(['runtime', 'imports', 'aws-sdk', 'custom', 'other']);
  });
});

describe('readProfilerMetadata', () => {
  it('returns the namespace object of an X-Ray document', () => {
    const doc = { id: 'a', metadata: { [METADATA_NAMESPACE]: { init: initExample }, other: {} } };
    expect(readProfilerMetadata(doc)?.init?.durationMs).toBe(420);
  });

  it('returns undefined for documents without profiler metadata', () => {
    expect(readProfilerMetadata(null)).toBeUndefined();
    expect(readProfilerMetadata({ id: 'a' })).toBeUndefined();
    expect(readProfilerMetadata({ metadata: { default: {} } })).toBeUndefined();
    expect(readProfilerMetadata({ metadata: { [METADATA_NAMESPACE]: [1] } })).toBeUndefined();
    expect(readProfilerMetadata({ metadata: 'x' })).toBeUndefined();
  });
});
