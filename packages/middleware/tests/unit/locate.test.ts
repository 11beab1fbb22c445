import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locate } from '../../src/sampling/locate.js';

let dir: string;
const previousRoot = process.env.LAMBDA_TASK_ROOT;

function write(rel: string, text: string): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lp-locate-'));
  // The function's folder, and a workspace package beside it (what a pnpm workspace link resolves to).
  write('app/package.json', '{"name":"app"}');
  write('packages/lib/package.json', '{"name":"@acme/lib"}');
  write(
    'packages/lib/dist/index.js.map',
    JSON.stringify({ version: 3, sources: ['../src/hot.ts'], names: [], mappings: 'AAAA' }),
  );
  write('packages/lib/dist/index.js', 'export const x = 1;\n//# sourceMappingURL=index.js.map\n');
  write('packages/lib/dist/plain.js', 'export const y = 2;\n');
  process.env.LAMBDA_TASK_ROOT = path.join(dir, 'app');
});

afterAll(() => {
  if (previousRoot === undefined) delete process.env.LAMBDA_TASK_ROOT;
  else process.env.LAMBDA_TASK_ROOT = previousRoot;
  rmSync(dir, { recursive: true, force: true });
});

describe('locate: files outside the function folder', () => {
  it('names a linked workspace package by its package.json, mapped or not, never as the app', () => {
    const url = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
    expect(
      locate({ functionName: 'call', url: url('packages/lib/dist/index.js'), lineNumber: 0, columnNumber: 0 }),
    ).toEqual({
      name: 'call',
      location: '@acme/lib/src/hot.ts:1',
      package: '@acme/lib',
    });
    expect(
      locate({ functionName: 'y', url: url('packages/lib/dist/plain.js'), lineNumber: 0, columnNumber: 0 }),
    ).toEqual({
      name: 'y',
      location: '@acme/lib/dist/plain.js:1',
      package: '@acme/lib',
    });
  });
});
