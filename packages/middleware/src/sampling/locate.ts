import { builtin } from '../builtins.js';
import type { CallFrame } from './inspector.js';
import { type SourceMapLike, sourceMapOf } from './source-maps.js';
import { mapProjectRoot, sourceName, sourceNameInMap } from './source-name.js';

export interface Located {
  name: string;
  /** `./src/flows.ts:42` (1-based), `node:internal/…:12`, or `(native)`. */
  location: string;
  package: string;
}

/** Where the function's own files live: `LAMBDA_TASK_ROOT` on Lambda, else the working directory. */
function root(): string {
  return process.env.LAMBDA_TASK_ROOT || process.cwd();
}

function toPath(url: string): string | null {
  if (url.startsWith('file:')) {
    try {
      return builtin('node:url').fileURLToPath(url);
    } catch {
      return null;
    }
  }
  return url.startsWith('/') || /^[A-Za-z]:[\\/]/.test(url) ? url : null;
}

const projectRoots = new WeakMap<object, string | null>();

/** The map's project prefix (mapProjectRoot), computed once per map. */
function projectRootOf(map: SourceMapLike): string | null {
  let prefix = projectRoots.get(map);
  if (prefix === undefined) {
    const sources = (map as { payload?: { sources?: unknown } }).payload?.sources;
    prefix = Array.isArray(sources) ? mapProjectRoot(sources.filter((s): s is string => typeof s === 'string')) : null;
    projectRoots.set(map, prefix);
  }
  return prefix;
}

const LIMIT = 200;
const clip = (text: string): string => (text.length > LIMIT ? `…${text.slice(-(LIMIT - 1))}` : text);

/**
 * Names a profile's call frame: its function name and definition site, package-relative, mapped
 * through the file's source map when it has one (bundles, compiled TypeScript).
 */
export function locate(frame: CallFrame): Located {
  const fn = frame.functionName || '(anonymous)';
  const url = frame.url;
  if (!url) return { name: fn, location: '(native)', package: '(v8)' };
  if (url.startsWith('node:')) {
    return { name: fn, location: frame.lineNumber >= 0 ? `${url}:${frame.lineNumber + 1}` : url, package: '(node)' };
  }
  const file = toPath(url);
  if (!file) return { name: fn, location: clip(url.replace(/[?#].*$/, '')), package: '(unknown)' };
  const base = root();
  if (frame.lineNumber >= 0) {
    const map = sourceMapOf(file);
    const entry = map?.findEntry(frame.lineNumber, Math.max(0, frame.columnNumber));
    if (map && entry?.originalSource !== undefined && entry.originalLine !== undefined) {
      const named = sourceNameInMap(entry.originalSource, base, projectRootOf(map));
      return {
        name: frame.functionName || entry.name || fn,
        location: clip(`${named.file}:${entry.originalLine + 1}`),
        package: named.package,
      };
    }
  }
  const named = sourceName(file, base);
  const line = frame.lineNumber >= 0 ? `:${frame.lineNumber + 1}` : '';
  return { name: fn, location: clip(`${named.file}${line}`), package: named.package };
}
