import type { RawModuleTiming } from '../collectors/imports.js';
import { globalState } from '../recording/global-state.js';
import { type ModuleName, moduleName } from './module-names.js';

/** Records beyond this many are folded into `droppedModules` (memory stays bounded). */
export const MAX_MODULES = 5000;

/** Where the function's own files live: `LAMBDA_TASK_ROOT` on Lambda, else the working directory. */
export function functionRoot(): string {
  return process.env.LAMBDA_TASK_ROOT || process.cwd();
}

/** The first user module started loading at `atMs` (ESM loading starts before any evaluation). */
export function noteImportStart(atMs: number): void {
  const state = globalState();
  if (!state.importWindow) state.importWindow = { firstStartMs: atMs, lastEndMs: atMs };
  else if (atMs < state.importWindow.firstStartMs) state.importWindow.firstStartMs = atMs;
}

/** One module's timing, into the process-wide table every copy of the package reads. */
export function recordModule(
  name: ModuleName,
  format: 'esm' | 'cjs',
  startMs: number,
  endMs: number,
  selfMs: number,
  entry: boolean,
): RawModuleTiming | null {
  const state = globalState();
  const window = state.importWindow;
  if (window) {
    if (startMs < window.firstStartMs) window.firstStartMs = startMs;
    if (endMs > window.lastEndMs) window.lastEndMs = endMs;
  } else {
    state.importWindow = { firstStartMs: startMs, lastEndMs: endMs };
  }
  if (state.modules.length >= MAX_MODULES) return null;
  const timing: RawModuleTiming = {
    module: name.module.slice(0, 180),
    package: name.package,
    format,
    ms: Math.max(0, endMs - startMs),
    selfMs: Math.max(0, selfMs),
    startMs,
    entry,
  };
  state.modules.push(timing);
  return timing;
}

/** Memoized naming per file (a file is named once even if hooks see it twice). */
export function namer(ownDir: string): (file: string) => ModuleName | null {
  const root = functionRoot();
  const cache = new Map<string, ModuleName | null>();
  return (file) => {
    let name = cache.get(file);
    if (name === undefined) {
      name = moduleName(file, root, ownDir);
      cache.set(file, name);
    }
    return name;
  };
}
