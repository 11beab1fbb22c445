import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError, UsageError } from '../cli/errors.js';

export interface ResolvedHandler {
  /** `_HANDLER`: `<module path relative to the task root>.<export path>`. */
  handler: string;
  /** `LAMBDA_TASK_ROOT`: the working directory, or the handler's folder when it lies outside it. */
  taskRoot: string;
  /** Absolute path of the handler module. */
  file: string;
  /** `handler`, or `a.b` for a nested export. */
  exportPath: string;
  /** The module's file name without extension (the default function name). */
  moduleName: string;
}

/** Lambda's Node.js runtime tries these, in order, for `<module>` of `<module>.<export>`. */
export const HANDLER_EXTENSIONS = ['.js', '.mjs', '.cjs'] as const;

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/**
 * Resolves `--handler <path>.<export>` like Lambda: the module part ends at the first `.` after the
 * last `/`; it is loaded as `<module>.js`, `.mjs` or `.cjs`.
 */
export function resolveHandler(spec: string, cwd: string = process.cwd()): ResolvedHandler {
  const slash = spec.lastIndexOf('/');
  const dot = spec.indexOf('.', slash + 1);
  if (dot <= slash + 1 || dot === spec.length - 1) {
    throw new UsageError(`--handler: expected <path>.<export> (e.g. dist/handler.handler), got '${spec}'`);
  }
  const modulePath = spec.slice(0, dot);
  const exportPath = spec.slice(dot + 1);
  const absolute = resolve(cwd, modulePath);
  const file = HANDLER_EXTENSIONS.map((ext) => `${absolute}${ext}`).find(isFile);
  if (!file) {
    const tried = HANDLER_EXTENSIONS.map((ext) => `${basename(absolute)}${ext}`).join(', ');
    throw new InputError(`no handler module (tried ${tried})`, { file: dirname(absolute), field: '--handler' });
  }
  const fromCwd = relative(cwd, absolute);
  const inside = fromCwd !== '' && !fromCwd.startsWith(`..${sep}`) && fromCwd !== '..' && !isAbsolute(fromCwd);
  const taskRoot = inside ? cwd : dirname(absolute);
  const moduleRelative = inside ? fromCwd : basename(absolute);
  return {
    handler: `${moduleRelative.split(sep).join('/')}.${exportPath}`,
    taskRoot,
    file,
    exportPath,
    moduleName: basename(absolute),
  };
}
