import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sourceName } from '../sampling/source-name.js';
import { BYTES_PLACEHOLDER, markerRuntime, WRAPPABLE, wrapModule } from './markers.js';

/** The part of esbuild's plugin API used (structural: esbuild stays the user's own dependency). */
interface EsbuildLike {
  initialOptions: {
    banner?: Record<string, string>;
    metafile?: boolean;
    absWorkingDir?: string;
    write?: boolean;
  };
  onLoad(
    options: { filter: RegExp; namespace?: string },
    callback: (args: { path: string; namespace: string }) => Promise<{ contents: string; loader: Loader } | undefined>,
  ): void;
  onEnd(callback: (result: { metafile?: EsbuildMetafile; errors: unknown[] }) => Promise<void> | void): void;
}

interface EsbuildMetafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

export interface InitMarkersOptions {
  /** Only wrap files whose path matches (default: every JavaScript/TypeScript file). */
  include?: RegExp;
  /** Never wrap files whose path matches. */
  exclude?: RegExp;
}

type Loader = 'js' | 'ts' | 'tsx' | 'jsx';

const LOADERS: Record<string, Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.jsx': 'jsx',
};

/**
 * esbuild plugin: wraps every module's top-level code with init markers and writes each module's
 * bytes in the bundle (from the metafile) into the output, so the init document can say "package X:
 * N ms of init, M KB of the bundle". Add it first in `plugins` (esbuild lets one `onLoad` handle a
 * file). Bundles must be written to disk (`write: true`, the default) for the bytes to be filled in.
 *
 * @example
 * import { lambdaProfilerInit } from '@lambda-profiler/middleware/esbuild';
 * await esbuild.build({ entryPoints: ['src/handler.ts'], bundle: true, sourcemap: true,
 *   platform: 'node', outfile: 'dist/index.js', plugins: [lambdaProfilerInit()] });
 */
export function lambdaProfilerInit(options: InitMarkersOptions = {}) {
  return {
    name: 'lambda-profiler-init',
    setup(build: EsbuildLike): void {
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      const runtime = markerRuntime('esbuild');
      const banner = build.initialOptions.banner ?? {};
      banner.js = banner.js ? `${runtime}${banner.js}` : runtime;
      build.initialOptions.banner = banner;
      build.initialOptions.metafile = true;
      const include = options.include ?? WRAPPABLE;
      build.onLoad({ filter: include, namespace: 'file' }, async (args) => {
        if (!WRAPPABLE.test(args.path) || options.exclude?.test(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        const name = sourceName(args.path, root).file;
        return { contents: wrapModule(source, name), loader: LOADERS[path.extname(args.path)] ?? 'js' };
      });
      build.onEnd(async (result) => {
        if (result.errors.length > 0 || !result.metafile || build.initialOptions.write === false) return;
        for (const [file, output] of Object.entries(result.metafile.outputs)) {
          if (!file.endsWith('.js') && !file.endsWith('.cjs') && !file.endsWith('.mjs')) continue;
          const bytes: Record<string, number> = {};
          for (const [input, info] of Object.entries(output.inputs)) {
            const name = sourceName(path.resolve(root, input), root).file;
            bytes[name] = (bytes[name] ?? 0) + info.bytesInOutput;
          }
          const target = path.resolve(root, file);
          const text = await readFile(target, 'utf8');
          if (!text.includes(BYTES_PLACEHOLDER)) continue;
          // Same line as the placeholder (the banner's own line): no mapping moves.
          await writeFile(target, text.replace(BYTES_PLACEHOLDER, JSON.stringify(bytes)));
        }
      });
    },
  };
}
