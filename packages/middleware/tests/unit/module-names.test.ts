import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleName } from '../../src/register/module-names.js';

const root = path.join(path.sep, 'var', 'task');
const own = path.join(root, 'node_modules', '@lambda-profiler', 'middleware');

describe('moduleName', () => {
  it('names node_modules files by package, scoped or not, at the deepest node_modules', () => {
    expect(
      moduleName(path.join(root, 'node_modules', '@aws-sdk', 'client-dynamodb', 'dist-cjs', 'index.js'), root, own),
    ).toEqual({
      module: '@aws-sdk/client-dynamodb/dist-cjs/index.js',
      package: '@aws-sdk/client-dynamodb',
    });
    expect(moduleName(path.join(root, 'node_modules', 'a', 'node_modules', 'b', 'x.js'), root, own)).toEqual({
      module: 'b/x.js',
      package: 'b',
    });
  });

  it('names the function files relative to its root, layers under (layer), and skips the rest', () => {
    expect(moduleName(path.join(root, 'src', 'app.js'), root, own)).toEqual({
      module: './src/app.js',
      package: '(app)',
    });
    expect(moduleName(path.join(path.sep, 'opt', 'lib', 'x.js'), root, own)).toEqual({
      module: '(layer)/lib/x.js',
      package: '(layer)',
    });
    expect(moduleName(path.join(path.sep, 'var', 'runtime', 'index.mjs'), root, own)).toBeNull();
    expect(moduleName(path.join(own, 'dist', 'index.js'), root, own)).toBeNull();
    expect(moduleName(`${path.join(root, 'node_modules')}${path.sep}`, root, own)).toBeNull();
  });
});
