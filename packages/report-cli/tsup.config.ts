import { readFileSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { reportSchema } from './src/contracts/report-schema.js';
import { runManifestSchema } from './src/contracts/run-folder.js';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // runtime-bootstrap: the process of each local execution environment (`lambda-profiler run`).
  entry: { index: 'src/index.ts', cli: 'src/cli.ts', 'runtime-bootstrap': 'src/runner/bootstrap.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  target: 'node22',
  platform: 'node',
  sourcemap: true,
  // Commands import their heavy parts (AWS SDK, yaml) lazily; splitting keeps those imports lazy.
  splitting: true,
  // import.meta.url in the CJS build (the runner finds dist/runtime-bootstrap.js next to itself).
  shims: true,
  // The shebang is harmless in the library entry; the bin is dist/cli.js.
  banner: { js: '#!/usr/bin/env node' },
  // The CLI carries its own copy of the metadata contract: installing it pulls in no middleware peers.
  noExternal: [/^@lambda-profiler\/middleware/],
  define: { __CLI_VERSION__: JSON.stringify(pkg.version) },
  onSuccess: async () => {
    writeFileSync('dist/report.schema.json', `${JSON.stringify(reportSchema, null, 2)}\n`);
    writeFileSync('dist/run.schema.json', `${JSON.stringify(runManifestSchema, null, 2)}\n`);
  },
});
