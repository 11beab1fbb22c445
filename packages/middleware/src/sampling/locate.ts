import { builtin } from '../builtins.js';
import type { CallFrame } from './inspector.js';
import { type OwningPackage, owningPackage } from './owning-package.js';
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

/**
 * The package of a generated file outside the function's folder and outside `node_modules` (a
 * workspace package linked into node_modules resolves to its real path there); null otherwise.
 */
function foreignPackage(file: string, base: string): OwningPackage | null {
  const path = builtin('node:path');
  const relative = path.relative(base, file);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  if (inside || file.includes(`${path.sep}node_modules${path.sep}`) || file.startsWith('/opt/')) return null;
  return owningPackage(file);
}

/** A source map entry's source as a path: relative ones resolve against the generated file's folder. */
function resolveSource(source: string, generated: string): string {
  const path = builtin('node:path');
  if (source.startsWith('file:')) return toPath(source) ?? source;
  return path.isAbsolute(source) ? source : path.resolve(path.dirname(generated), source);
}

/** `<package>/<path in the package>` when `file` lies in the package's folder. */
function inPackage(pkg: OwningPackage, file: string): { file: string; package: string } | null {
  const path = builtin('node:path');
  const relative = path.relative(pkg.dir, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return { file: `${pkg.name}/${relative.split(path.sep).join('/')}`, package: pkg.name };
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
  const foreign = foreignPackage(file, base);
  if (frame.lineNumber >= 0) {
    const map = sourceMapOf(file);
    const entry = map?.findEntry(frame.lineNumber, Math.max(0, frame.columnNumber));
    if (map && entry?.originalSource !== undefined && entry.originalLine !== undefined) {
      const named =
        (foreign && inPackage(foreign, resolveSource(entry.originalSource, file))) ??
        sourceNameInMap(entry.originalSource, base, projectRootOf(map));
      return {
        name: frame.functionName || entry.name || fn,
        location: clip(`${named.file}:${entry.originalLine + 1}`),
        package: named.package,
      };
    }
  }
  const named = (foreign && inPackage(foreign, file)) ?? sourceName(file, base);
  const line = frame.lineNumber >= 0 ? `:${frame.lineNumber + 1}` : '';
  return { name: fn, location: clip(`${named.file}${line}`), package: named.package };
}
