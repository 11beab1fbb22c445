import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Node's own error for a file whose text would pass V8's string limit (512 MB), without writing one.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: string, options?: unknown) => {
    if (String(path).endsWith('huge.json') && options === 'utf8')
      throw Object.assign(new Error('Cannot create a string longer than 0x1fffffe8 characters'), {
        code: 'ERR_STRING_TOO_LONG',
      });
    return (actual.readFileSync as (p: string, o?: unknown) => unknown)(path, options);
  }) as typeof actual.readFileSync;
  return { ...actual, readFileSync, default: { ...actual, readFileSync } };
});

const { parseJsonFile } = await import('../../src/readers/json-file.js');
const { generateReport } = await import('../../src/generate/index.js');
const { FIXED_TIME, fixture } = await import('../helpers/fixtures.js');

describe('parseJsonFile', () => {
  it('names a file too large for one JSON string, and says what to do', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lp-huge-')), 'huge.json');
    writeFileSync(file, '[]');
    await expect(parseJsonFile(file)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^too large to parse as one JSON document \(over 512 MB\): split it/),
      location: { file },
    });
    const small = join(mkdtempSync(join(tmpdir(), 'lp-huge-')), 'small.json');
    writeFileSync(small, '[1]');
    expect(await parseJsonFile(small)).toEqual([1]);
  });
});

describe('X-Ray JSON too large for one string', () => {
  it('is read one element at a time when it is one array of objects, and refused when not', async () => {
    const { readFileSync } = await import('node:fs');
    const value = JSON.parse(readFileSync(fixture('xray/lambda-cold-warm-2023.batch.json'), 'utf8')) as {
      Traces: unknown[];
    };
    const dir = mkdtempSync(join(tmpdir(), 'lp-huge-'));
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, JSON.stringify(value.Traces));
    const small = join(dir, 'small.json');
    writeFileSync(small, JSON.stringify(value));
    const read = (file: string) =>
      generateReport({ traces: [file], inputFormat: 'xray-json', generatedAt: FIXED_TIME });
    const report = await read(huge);
    expect(report.sample.invocations).toBeGreaterThan(0);
    expect(report).toEqual(await read(small));
    // An array that also holds a number is no array of objects: parsed whole, so refused here.
    writeFileSync(huge, JSON.stringify([...value.Traces, 1]));
    await expect(read(huge)).rejects.toMatchObject({ message: expect.stringMatching(/^too large to parse/) });
  });
});
