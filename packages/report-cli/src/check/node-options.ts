import type { RegisterEntry } from './types.js';

/** The package specifier of the middleware's register entry (DESIGN.md, journey 1). */
export const REGISTER_SPECIFIER = '@lambda-profiler/middleware/register';

const PRELOAD_FLAGS = new Set(['--import', '--require', '-r']);

/** Splits NODE_OPTIONS the way Node does for the common cases: whitespace, with "…" or '…' quoting. */
function tokens(value: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

function classify(specifier: string): RegisterEntry | null {
  const clean = specifier.replace(/^["']|["']$/g, '');
  if (clean === REGISTER_SPECIFIER || clean.startsWith(`${REGISTER_SPECIFIER}.`)) return 'package';
  // A bundled or copied file: a path to the middleware's register file (dist/register.js|.cjs|.mjs),
  // e.g. /opt/nodejs/node_modules/@lambda-profiler/middleware/dist/register.js or ./lambda-profiler-register.mjs.
  const isPath = clean.startsWith('/') || clean.startsWith('.') || clean.startsWith('file:') || clean.includes('/');
  if (isPath && /lambda-profiler/.test(clean) && /register(\.[cm]?js)?$/.test(clean)) return 'path';
  return null;
}

/**
 * Whether NODE_OPTIONS preloads the register entry (`--import X`, `--import=X`, `--require X`, `-r X`),
 * as the package specifier or as a file path.
 */
export function findRegisterEntry(nodeOptions: string): { entry: RegisterEntry; specifier: string } | null {
  const parts = tokens(nodeOptions);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    let specifier: string | undefined;
    const eq = part.indexOf('=');
    if (eq > 0 && PRELOAD_FLAGS.has(part.slice(0, eq))) specifier = part.slice(eq + 1);
    else if (PRELOAD_FLAGS.has(part)) specifier = parts[i + 1];
    if (!specifier) continue;
    const entry = classify(specifier);
    if (entry) return { entry, specifier };
  }
  return null;
}
