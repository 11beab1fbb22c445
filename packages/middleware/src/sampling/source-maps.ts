import { builtin } from '../builtins.js';

/** Node's `module.SourceMap`, the part used. */
export interface SourceMapLike {
  findEntry(
    line: number,
    column: number,
  ): { originalSource?: string; originalLine?: number; originalColumn?: number; name?: string };
}

type ModuleWithMaps = {
  findSourceMap?: (file: string) => SourceMapLike | undefined;
  SourceMap?: new (payload: unknown) => SourceMapLike;
};

/** Read the whole file only to find an inline map; larger files are read from the tail. */
const TAIL_BYTES = 4096;
const MAX_MAP_BYTES = 64 * 1024 * 1024;

const cache = new Map<string, SourceMapLike | null>();

function tail(file: string): string {
  const { closeSync, fstatSync, openSync, readSync } = builtin('node:fs');
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function loadMap(file: string): SourceMapLike | null {
  const mod = builtin('node:module') as unknown as ModuleWithMaps;
  const { readFileSync } = builtin('node:fs');
  const path = builtin('node:path');
  // Loaded with --enable-source-maps (or process.setSourceMapsEnabled): Node already parsed it.
  const known = mod.findSourceMap?.(file);
  if (known) return known;
  if (!mod.SourceMap) return null;
  let text = tail(file);
  let match = /\/\/[#@] sourceMappingURL=(\S+)\s*$/.exec(text);
  if (!match) {
    if (!text.includes('sourceMappingURL=data:')) return null;
    text = readFileSync(file, 'utf8');
    match = /\/\/[#@] sourceMappingURL=(\S+)\s*$/.exec(text);
    if (!match) return null;
  }
  const url = match[1]!;
  let payload: string;
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const body = url.slice(comma + 1);
    payload = url.slice(0, comma).endsWith(';base64')
      ? Buffer.from(body, 'base64').toString('utf8')
      : decodeURIComponent(body);
  } else {
    const mapFile = path.resolve(path.dirname(file), decodeURIComponent(url.split('?')[0]!));
    payload = readFileSync(mapFile, 'utf8');
    if (payload.length > MAX_MAP_BYTES) return null;
  }
  return new mod.SourceMap(JSON.parse(payload));
}

/** The source map of a loaded file (its `sourceMappingURL`), parsed once per process; null without one. */
export function sourceMapOf(file: string): SourceMapLike | null {
  let map = cache.get(file);
  if (map === undefined) {
    try {
      map = loadMap(file);
    } catch {
      map = null;
    }
    cache.set(file, map);
  }
  return map;
}

/** Test seam. */
export function clearSourceMapCache(): void {
  cache.clear();
}
