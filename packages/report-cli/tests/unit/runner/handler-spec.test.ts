import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../../src/cli/errors.js';
import { resolveHandler } from '../../../src/runner/handler-spec.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lp-handler-'));
  mkdirSync(join(root, 'app', 'dist'), { recursive: true });
  writeFileSync(join(root, 'app', 'dist', 'handler.mjs'), 'export const handler = () => 1;');
  writeFileSync(join(root, 'app', 'dist', 'handler.cjs'), 'exports.handler = () => 2;');
  writeFileSync(join(root, 'app', 'index.js'), 'exports.handler = () => 3;');
  writeFileSync(join(root, 'app', 'index.cjs'), 'exports.handler = () => 4;');
  writeFileSync(join(root, 'other.cjs'), 'exports.nested = { fn: () => 5 };');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveHandler', () => {
  it('resolves <path>.<export> relative to the working directory, trying .js first', () => {
    const resolved = resolveHandler('index.handler', join(root, 'app'));
    expect(resolved).toEqual({
      handler: 'index.handler',
      taskRoot: join(root, 'app'),
      file: join(root, 'app', 'index.js'),
      exportPath: 'handler',
      moduleName: 'index',
    });
  });

  it('prefers .mjs over .cjs when there is no .js', () => {
    const resolved = resolveHandler('dist/handler.handler', join(root, 'app'));
    expect(resolved.file).toBe(join(root, 'app', 'dist', 'handler.mjs'));
    expect(resolved.handler).toBe('dist/handler.handler');
  });

  it('keeps a nested export path after the first dot of the module name', () => {
    const resolved = resolveHandler('other.nested.fn', root);
    expect(resolved.exportPath).toBe('nested.fn');
    expect(resolved.file).toBe(join(root, 'other.cjs'));
  });

  it('uses the module folder as task root when the module lies outside the working directory', () => {
    const resolved = resolveHandler('../other.nested.fn', join(root, 'app'));
    expect(resolved.taskRoot).toBe(root);
    expect(resolved.handler).toBe('other.nested.fn');
  });

  it('rejects a spec without an export as a usage error', () => {
    expect(() => resolveHandler('dist/handler', root)).toThrow(UsageError);
    expect(() => resolveHandler('dist/handler.', root)).toThrow(/expected <path>\.<export>/);
  });

  it('names the folder and the extensions tried when no module exists', () => {
    const error = (() => {
      try {
        resolveHandler('missing.handler', root);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('no handler module (tried missing.js, missing.mjs, missing.cjs)');
    expect((error as InputError).location).toEqual({ file: root, field: '--handler' });
  });
});
