import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'contract/index': 'src/contract/index.ts',
    // Side-effect entry (listed in package.json `sideEffects`): installs redaction at import.
    redact: 'src/redact.ts',
    register: 'src/register.ts',
    // The register entry as one file to copy into a bundled function (no node_modules there).
    'register.bundle': 'src/register-bundle.ts',
    // Build-time init markers for bundled functions.
    esbuild: 'src/bundlers/esbuild.ts',
    webpack: 'src/bundlers/webpack.ts',
    // CommonJS (.cts): webpack require()s its loaders by path.
    'webpack-loader': 'src/bundlers/webpack-loader.cts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node22',
  platform: 'node',
  splitting: false,
  // register.cjs needs import.meta.url's CJS equivalent to find (and skip) the package's own files.
  shims: true,
  define: { __PROFILER_VERSION__: JSON.stringify(pkg.version) },
});
