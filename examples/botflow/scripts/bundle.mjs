// Bundles the botflow handler into one file with esbuild or webpack, with the middleware's init
// markers (docs/bundlers.md), next to the middleware's one-file register entry. Run after `pnpm build`
// (webpack bundles tsup's JavaScript output; esbuild reads the TypeScript sources).
//   node scripts/bundle.mjs esbuild|webpack [--out dir]
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const exampleDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// ESM output: the handler awaits at top level. Bundled CommonJS packages still call `require` for
// Node's built-ins, which an ES module lacks: the banner gives them one.
const BANNER =
  "import { createRequire as __lpCreateRequire } from 'node:module'; const require = __lpCreateRequire(import.meta.url);";

/** Builds `<out>/index.mjs` (+ `.map`) and copies `lambda-profiler-register.cjs` next to it. */
export async function bundleBotflow(bundler, out = join(exampleDir, 'dist-bundle', bundler)) {
  if (bundler !== 'esbuild' && bundler !== 'webpack')
    throw new Error(`unknown bundler: ${bundler} (esbuild or webpack)`);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  if (bundler === 'esbuild') {
    const esbuild = await import('esbuild');
    const { lambdaProfilerInit } = await import('@lambda-profiler/middleware/esbuild');
    await esbuild.build({
      absWorkingDir: exampleDir,
      entryPoints: ['src/functions/botFlow/handler.ts'],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      sourcemap: true,
      outfile: join(out, 'index.mjs'),
      banner: { js: BANNER },
      logLevel: 'warning',
      plugins: [lambdaProfilerInit()],
    });
  } else {
    const webpack = require('webpack');
    const { LambdaProfilerInitPlugin } = require('@lambda-profiler/middleware/webpack');
    const stats = await new Promise((done, fail) =>
      webpack({
        context: exampleDir,
        mode: 'production',
        target: 'node22',
        devtool: 'source-map',
        entry: './dist/functions/botFlow/handler.js',
        output: { path: out, filename: 'index.mjs', module: true, chunkFormat: 'module', library: { type: 'module' } },
        experiments: { outputModule: true },
        optimization: { minimize: false, splitChunks: false },
        module: {
          parser: { javascript: { importMeta: false } },
          // tsup's maps chained in, so profiles point at src/*.ts, not at the compiled handler.
          rules: [{ test: /\.js$/, include: join(exampleDir, 'dist'), enforce: 'pre', use: ['source-map-loader'] }],
        },
        resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
        plugins: [
          new LambdaProfilerInitPlugin(),
          new webpack.BannerPlugin({ banner: BANNER, raw: true }),
          new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
        ],
      }).run((err, s) => (err ? fail(err) : done(s))),
    );
    if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  }
  // The bundle is an ES module whatever the surrounding package says.
  await writeFile(join(out, 'package.json'), '{ "type": "module" }\n');
  const register = require.resolve('@lambda-profiler/middleware/register.bundle.cjs');
  await copyFile(register, join(out, 'lambda-profiler-register.cjs'));
  return { dir: out, handler: join(out, 'index.handler'), register: join(out, 'lambda-profiler-register.cjs') };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [bundler, flag, dir] = process.argv.slice(2);
  const result = await bundleBotflow(bundler, flag === '--out' && dir ? resolve(dir) : undefined);
  console.log(`bundled with ${bundler}: ${result.dir}`);
}
