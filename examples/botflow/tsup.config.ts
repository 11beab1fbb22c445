import { defineConfig } from 'tsup';

/**
 * One build for the function and the example's tools. The handler keeps its dependencies external
 * (they load from node_modules, as in a zip deployment, so import timing sees each package);
 * `serverless.yml` bundles with serverless-esbuild instead.
 */
export default defineConfig({
  entry: {
    'functions/botFlow/handler': 'src/functions/botFlow/handler.ts',
    demo: 'src/demo/main.ts',
    'serve-function': 'src/demo/serve-function.ts',
    traffic: 'src/traffic/cli.ts',
    standins: 'src/local/cli.ts',
    'dynamodb-worker': 'src/local/dynamodb-worker.ts',
  },
  format: ['esm'],
  target: 'node22',
  platform: 'node',
  sourcemap: true,
  clean: true,
  splitting: false,
  dts: false,
  // Everything from node_modules stays a runtime import (dev tools included: dynalite, selfsigned).
  skipNodeModulesBundle: true,
});
