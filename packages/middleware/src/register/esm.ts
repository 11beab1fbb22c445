import Module from 'node:module';
import { fileURLToPath } from 'node:url';
import type { RawModuleTiming } from '../collectors/imports.js';
import { EsmBlocks } from './esm-blocks.js';
import type { ModuleName } from './module-names.js';
import { noteImportStart, recordModule } from './table.js';

const MARKERS = 'lambda-profiler.esm-timer.v1';

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
  shortCircuit?: boolean;
}

type RegisterHooks = (hooks: {
  resolve?: (
    specifier: string,
    context: { parentURL?: string },
    nextResolve: (specifier: string, context?: unknown) => { url: string },
  ) => { url: string };
  load?: (url: string, context: unknown, nextLoad: (url: string, context?: unknown) => LoadResult) => LoadResult;
}) => unknown;

/**
 * Times ES modules: a synchronous `module.registerHooks` load hook (Node ≥ 22.15) wraps each module's
 * source in two marker calls, on its first line so source positions stay put. Imports are hoisted, so
 * the markers bracket the module's own evaluation; with the source read it is the module's own time
 * (`selfMs`; the graph's parse/link time is counted in the import window, not per file). A `resolve`
 * hook records which module imports which, so the inclusive time (`ms`) starts where the module's
 * evaluation block does (see EsmBlocks). Only `module` sources under the function's root or
 * node_modules are touched; everything else passes through unchanged.
 */
export function installEsmTimer(name: (file: string) => ModuleName | null, now: () => number): boolean {
  const registerHooks = (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks;
  const holder = globalThis as unknown as Record<symbol, unknown>;
  const key = Symbol.for(MARKERS);
  if (typeof registerHooks !== 'function' || holder[key]) return false;
  const names: ModuleName[] = [];
  const starts: number[] = [];
  const loads: number[] = [];
  const timings: (RawModuleTiming | null)[] = [];
  /** Source-read time of each module's block: reads happen in the loading phase, outside the block. */
  const blockLoads: number[] = [];
  const blocks = new EsmBlocks();
  holder[key] = {
    s(id: number): void {
      starts[id] = now();
    },
    e(id: number): void {
      const end = now();
      const start = starts[id] ?? end;
      // Own time = reading the source (load hook) + evaluating the body. Parsing and linking happen
      // between the two for the whole graph at once and are not attributable to one file.
      const load = loads[id] ?? 0;
      const own = end - start + load;
      // Inclusive: from the first start in its evaluation block (the modules it loaded first).
      const { blockStartMs, owns } = blocks.finish(id, start);
      let blockLoad = load;
      for (const child of owns) blockLoad += blockLoads[child] ?? 0;
      blockLoads[id] = blockLoad;
      const inclusive = Math.max(own, end - blockStartMs + blockLoad);
      timings[id] = recordModule(names[id]!, 'esm', blockStartMs, blockStartMs + inclusive, own, true);
      // A package's inclusive total counts the modules loaded from outside it only (as for CJS).
      for (const child of owns) {
        const timing = timings[child];
        if (timing) timing.entry = names[child]!.package !== names[id]!.package;
      }
    },
  };
  const prefix = `globalThis[Symbol.for(${JSON.stringify(MARKERS)})]`;
  const decoder = new TextDecoder();
  registerHooks({
    // Edges for the evaluation blocks; measured at ≈ +3 % import CPU on the 150-file set.
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      const parent = context.parentURL;
      if (parent?.startsWith('file:') && result.url.startsWith('file:')) blocks.edge(parent, result.url);
      return result;
    },
    load(url, context, nextLoad) {
      const loadStart = now();
      const result = nextLoad(url, context);
      if (result.format !== 'module' || !url.startsWith('file:') || result.source == null) return result;
      const named = name(fileURLToPath(url));
      if (!named) return result;
      noteImportStart(loadStart);
      const raw = result.source;
      const source = typeof raw === 'string' ? raw : decoder.decode(raw as ArrayBuffer);
      if (source.startsWith('#!')) return result;
      const id = names.push(named) - 1;
      blocks.module(id, url);
      loads[id] = now() - loadStart;
      return { ...result, source: `${prefix}.s(${id});${source}\n;${prefix}.e(${id});` };
    },
  });
  return true;
}
