import { builtin } from '../builtins.js';

/** The package a file belongs to: its nearest `package.json` with a name, and that folder. */
export interface OwningPackage {
  name: string;
  dir: string;
}

const cache = new Map<string, OwningPackage | null>();

/**
 * The named package whose folder holds `file`, found by walking up to the nearest `package.json`
 * (cached per folder). For files outside the function's folder and outside `node_modules`: a
 * workspace package reached through a symlink (`node_modules/@scope/x` → `packages/x`), whose
 * source map names its sources `../src/…` as if they were the application's.
 */
export function owningPackage(file: string): OwningPackage | null {
  const path = builtin('node:path');
  const { readFileSync } = builtin('node:fs');
  const seen: string[] = [];
  let dir = path.dirname(file);
  let found: OwningPackage | null = null;
  for (;;) {
    const known = cache.get(dir);
    if (known !== undefined) {
      found = known;
      break;
    }
    seen.push(dir);
    try {
      const name = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name;
      if (typeof name === 'string' && name) {
        found = { name, dir };
        break;
      }
    } catch {
      // No package.json here (or unreadable): keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of seen) cache.set(d, found);
  return found;
}
