import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceName } from '../sampling/source-name.js';
import type { InitMarkersOptions } from './esbuild.js';
import { markerRuntime, prologueLength, WRAPPABLE, wrapModule } from './markers.js';

/** The part of webpack 5's compiler API used (structural: webpack stays the user's own dependency). */
interface ModuleLike {
  resource?: string;
  modules?: ModuleLike[];
  size(type?: string): number;
}
interface SourceLike {
  source(): string | Buffer;
}
interface CompilationLike {
  chunks: Iterable<{ files: Iterable<string> }>;
  chunkGraph: { getChunkModules(chunk: unknown): Iterable<ModuleLike> };
  hooks: {
    processAssets: {
      tap(options: { name: string; stage: number }, fn: (assets: Record<string, SourceLike>) => void): void;
    };
  };
  getAsset(name: string): { source: SourceLike } | undefined;
  updateAsset(name: string, source: SourceLike): void;
}
interface CompilerLike {
  context: string;
  options: { module: { rules: unknown[] } };
  webpack: {
    Compilation: { PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE: number };
    sources: { ReplaceSource: new (source: SourceLike) => SourceLike & { insert(pos: number, text: string): void } };
  };
  hooks: { thisCompilation: { tap(name: string, fn: (compilation: CompilationLike) => void): void } };
}

const NAME = 'LambdaProfilerInitPlugin';

function loaderPath(): string {
  const here = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  // dist/webpack-loader.cjs next to the built plugin; the TypeScript source when run from src/ (tests).
  for (const name of ['webpack-loader.cjs', 'webpack-loader.cts']) {
    const file = path.join(here, name);
    if (existsSync(file)) return file;
  }
  throw new Error(`${NAME}: webpack-loader not found next to ${here}`);
}

/**
 * webpack 5 plugin: a loader (run after the others: it sees JavaScript) wraps every module's
 * top-level code with init markers, and the marker runtime with each module's bytes (webpack's module
 * sizes) goes first in every JavaScript output, after minification and before source maps are made
 * (so they stay exact).
 *
 * @example
 * const { LambdaProfilerInitPlugin } = require('@lambda-profiler/middleware/webpack');
 * module.exports = { target: 'node', devtool: 'source-map', plugins: [new LambdaProfilerInitPlugin()] };
 */
export class LambdaProfilerInitPlugin {
  constructor(private readonly options: InitMarkersOptions = {}) {}

  apply(compiler: CompilerLike): void {
    const root = compiler.context;
    const include = this.options.include ?? WRAPPABLE;
    const exclude = this.options.exclude;
    const wrap = (source: string, file: string): string =>
      WRAPPABLE.test(file) && include.test(file) && !exclude?.test(file)
        ? wrapModule(source, sourceName(file, root).file)
        : source;
    compiler.options.module.rules.push({
      test: WRAPPABLE,
      enforce: 'post',
      use: [{ loader: loaderPath(), options: { wrap } }],
    });
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: NAME, stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE + 1 },
        () => {
          for (const chunk of compilation.chunks) {
            const bytes: Record<string, number> = {};
            const add = (m: ModuleLike) => {
              if (m.modules) for (const inner of m.modules) add(inner);
              else if (m.resource) {
                const name = sourceName(m.resource.split('?')[0]!, root).file;
                bytes[name] = (bytes[name] ?? 0) + m.size();
              }
            };
            for (const m of compilation.chunkGraph.getChunkModules(chunk)) add(m);
            for (const file of chunk.files) {
              if (!/\.[cm]?js$/.test(file)) continue;
              const asset = compilation.getAsset(file);
              if (!asset) continue;
              const text = asset.source.source().toString();
              const replaced = new compiler.webpack.sources.ReplaceSource(asset.source);
              replaced.insert(prologueLength(text), markerRuntime('webpack', bytes));
              compilation.updateAsset(file, replaced);
            }
          }
        },
      );
    });
  }
}
