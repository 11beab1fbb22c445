import { BUNDLE_MARKERS_KEY } from '../bundlers/markers.js';
import type { GlobalState } from '../recording/global-state.js';
import type { RawModuleTiming } from './imports.js';

/** The table the bundle's marker runtime fills (bundlers/markers.ts). */
interface MarkerTable {
  bundler: 'esbuild' | 'webpack';
  bytes: Record<string, number>;
  records: [name: string, startMs: number, endMs: number, selfMs: number, parent: string | null][];
  /** Set once folded into the global state. */
  absorbed?: boolean;
}

/** `./src/x.ts` → `(app)`; `@scope/pkg/x.js` → `@scope/pkg`; `pkg/x.js` → `pkg`. */
export function packageOfName(name: string): string {
  if (name.startsWith('./') || name.startsWith('../')) return '(app)';
  if (name.startsWith('(')) return name.slice(0, name.indexOf(')') + 1);
  const parts = name.split('/');
  return name.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? name);
}

/** The bundle's marker table, when the function was bundled with the esbuild or webpack plugin. */
export function bundleMarkers(): MarkerTable | undefined {
  const table = (globalThis as unknown as Record<symbol, MarkerTable | undefined>)[Symbol.for(BUNDLE_MARKERS_KEY)];
  return table && Array.isArray(table.records) ? table : undefined;
}

/**
 * Folds the bundle's module timings into the global module table (once), as if the register entry had
 * timed them: the init document then attributes the bundle's init to its original modules and packages,
 * with their bytes in the bundle.
 */
export function absorbBundleMarkers(state: GlobalState): MarkerTable | undefined {
  const table = bundleMarkers();
  if (!table || table.absorbed || table.records.length === 0) return table;
  table.absorbed = true;
  for (const [name, startMs, endMs, selfMs, parent] of table.records) {
    const pkg = packageOfName(name);
    const timing: RawModuleTiming & { bytes?: number } = {
      module: name.slice(0, 180),
      package: pkg,
      format: 'bundle',
      ms: Math.max(0, endMs - startMs),
      selfMs: Math.max(0, selfMs),
      startMs,
      entry: parent === null || packageOfName(parent) !== pkg,
    };
    const bytes = table.bytes[name];
    if (typeof bytes === 'number') timing.bytes = bytes;
    state.modules.push(timing);
    const window = state.importWindow;
    if (!window) state.importWindow = { firstStartMs: startMs, lastEndMs: endMs };
    else {
      if (startMs < window.firstStartMs) window.firstStartMs = startMs;
      if (endMs > window.lastEndMs) window.lastEndMs = endMs;
    }
  }
  state.registerActive = true;
  return table;
}
