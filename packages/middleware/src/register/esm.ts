import Module from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ModuleName } from './module-names.js';
import { noteImportStart, recordModule } from './table.js';

const MARKERS = 'lambda-profiler.esm-timer.v1';

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
  shortCircuit?: boolean;
}

type RegisterHooks = (hooks: {
  load?: (url: string, context: unknown, nextLoad: (url: string, context?: unknown) => LoadResult) => LoadResult;
}) => unknown;

/**
 * Times ES modules: a synchronous `module.registerHooks` load hook (Node ≥ 22.15) wraps each module's
 * source in two marker calls, on its first line so source positions stay put. Imports are hoisted, so
 * the markers bracket the module's own evaluation; with the source read it is the module's own time
 * (`ms` = `selfMs`: the graph's parse/link time is counted in the import window, not per file). Only `module` sources under the
 * function's root or node_modules are touched; everything else passes through unchanged.
 */
export function installEsmTimer(name: (file: string) => ModuleName | null, now: () => number): boolean {
  const registerHooks = (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks;
  const holder = globalThis as unknown as Record<symbol, unknown>;
  const key = Symbol.for(MARKERS);
  if (typeof registerHooks !== 'function' || holder[key]) return false;
  const names: ModuleName[] = [];
  const entries: number[] = [];
  const starts: number[] = [];
  const loads: number[] = [];
  // Modules entered and not yet finished: evaluation is depth-first, so the one below a module is the
  // module that loaded it (its owner). Searched from the top, since top-level await can interleave.
  const open: number[] = [];
  holder[key] = {
    n(id: number): void {
      entries[id] = now();
      open.push(id);
    },
    s(id: number): void {
      starts[id] = now();
    },
    e(id: number): void {
      const end = now();
      const start = starts[id] ?? end;
      // Own time = reading the source (load hook) + evaluating the body. Parsing and linking happen
      // between the two for the whole graph at once and are not attributable to one file.
      const own = end - start + (loads[id] ?? 0);
      // Inclusive: from entering the module (its first import evaluates first) to the end of its body.
      const entered = Math.min(entries[id] ?? start, start);
      const at = open.lastIndexOf(id);
      if (at >= 0) open.splice(at, 1);
      const owner = at > 0 ? names[open[at - 1]!] : undefined;
      // A package's inclusive time counts the modules loaded from outside it only (as for CommonJS).
      const entry = owner === undefined || owner.package !== names[id]!.package;
      recordModule(names[id]!, 'esm', entered, end + (loads[id] ?? 0), own, entry);
    },
  };
  const prefix = `globalThis[Symbol.for(${JSON.stringify(MARKERS)})]`;
  const decoder = new TextDecoder();
  registerHooks({
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
      loads[id] = now() - loadStart;
      // The entry marker is the module's first import: ES modules evaluate their imports in source
      // order, so it runs when evaluation enters this module, before any dependency it owns.
      const enter = `import ${JSON.stringify(`data:text/javascript,${encodeURIComponent(`${prefix}.n(${id})`)}`)};`;
      return { ...result, source: `${enter}${prefix}.s(${id});${source}\n;${prefix}.e(${id});` };
    },
  });
  return true;
}
