import { readFileSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { reportSchema } from './src/contracts/report-schema.js';
import { runManifestSchema } from './src/contracts/run-folder.js';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** dist/runtime-bootstrap.js: built on its own, see below. */
const BOOTSTRAP = 'runtime-bootstrap';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      cli: 'src/cli.ts',
      // One receiving thread of `collect --threads N`.
      'collector-worker': 'src/collector/worker.ts',
    },
    format: ['esm', 'cjs'],
    dts: { entry: { index: 'src/index.ts' } },
    // The bootstrap's files belong to the second build.
    clean: [`!${BOOTSTRAP}.*`],
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
  },
  {
    // The process of each local execution environment (`lambda-profiler run`): one self-contained
    // ESM file that imports nothing, because every cold start loads it. Shims and shared chunks of
    // the build above would add imports.
    entry: { [BOOTSTRAP]: 'src/runner/bootstrap.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    target: 'node22',
    platform: 'node',
    sourcemap: true,
    splitting: false,
    shims: false,
  },
]);
