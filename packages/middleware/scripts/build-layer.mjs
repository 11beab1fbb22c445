// Builds the Lambda layer layout of the middleware from the built dist/ (run `pnpm build` first):
//   dist-layer/nodejs/node_modules/@lambda-profiler/middleware/{package.json,dist/…}
// Zip the `nodejs` folder (cd dist-layer && zip -r ../layer.zip nodejs) and publish it as a layer.
// Functions then preload `--require @lambda-profiler/middleware/register` (NODE_PATH covers
// /opt/nodejs/node_modules for require) or
// `--import /opt/nodejs/node_modules/@lambda-profiler/middleware/dist/register.js`.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const out = process.argv[2] ?? join(pkgDir, 'dist-layer');
const dist = join(pkgDir, 'dist');
if (!existsSync(join(dist, 'register.js'))) {
  console.error('dist/ is missing: run `pnpm build` in packages/middleware first');
  process.exit(1);
}
const target = join(out, 'nodejs', 'node_modules', '@lambda-profiler', 'middleware');
rmSync(out, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
// Only the runtime files: no type declarations or source maps of the bundler plugins in a layer.
cpSync(dist, join(target, 'dist'), {
  recursive: true,
  filter: (src) => !/\.d\.c?ts$/.test(src) && !/[\\/](esbuild|webpack|webpack-loader)\.[cm]?js(\.map)?$/.test(src),
});
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const layerPkg = {
  name: pkg.name,
  version: pkg.version,
  license: pkg.license,
  type: pkg.type,
  main: pkg.main,
  module: pkg.module,
  exports: Object.fromEntries(Object.entries(pkg.exports).filter(([key]) => !['./esbuild', './webpack'].includes(key))),
  sideEffects: pkg.sideEffects,
  peerDependencies: pkg.peerDependencies,
  peerDependenciesMeta: pkg.peerDependenciesMeta,
};
writeFileSync(join(target, 'package.json'), `${JSON.stringify(layerPkg, null, 2)}\n`);
console.log(out);
