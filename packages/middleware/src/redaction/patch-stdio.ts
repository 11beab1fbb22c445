import { builtin } from '../builtins.js';
import { type CompiledRedaction, redactText } from './rules.js';

type Write = (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;

/** Marks this package's wrappers (shared by every copy of the package), so nothing is wrapped twice. */
const WRAPPER = Symbol.for('lambda-profiler.redaction.wrapper');

export function isRedactionWrapper(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[WRAPPER] === true;
}

export function markWrapper<T extends object>(fn: T): T {
  Object.defineProperty(fn, WRAPPER, { value: true });
  return fn;
}

/**
 * Patches `process.stdout.write` / `process.stderr.write`: EMF documents (Powertools Metrics prints
 * them with its own `Console` bound to `process.stdout`), Powertools Logger lines and, outside Lambda,
 * `console.*` all leave the process there.
 */
export function patchStdio(rules: () => CompiledRedaction): void {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write as unknown as Write;
    if (isRedactionWrapper(original)) continue;
    const patched: Write = function lambdaProfilerRedactedWrite(this: unknown, chunk, encoding, callback) {
      let replacement: string | null = null;
      try {
        const active = rules();
        if (active.enabled) {
          const text =
            typeof chunk === 'string'
              ? chunk
              : chunk instanceof Uint8Array
                ? Buffer.from(chunk).toString('utf8')
                : null;
          if (text !== null) {
            const redacted = redactText(text, active);
            if (redacted !== text) replacement = redacted;
          }
        }
      } catch {
        // Never break a write.
      }
      if (replacement === null) return original.call(this, chunk, encoding, callback);
      // The chunk changed type or content: write it as UTF-8 text, keeping the callback wherever it was.
      return typeof encoding === 'function'
        ? original.call(this, replacement, 'utf8', encoding)
        : original.call(this, replacement, 'utf8', callback);
    };
    (stream as unknown as { write: Write }).write = markWrapper(patched);
  }
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Wraps the global `console` methods. In Lambda the runtime replaces them with functions that write
 * to the telemetry file descriptor directly (not through `process.stdout`), so the stdio patch alone
 * would miss `console.log` lines there. The runtime does so after `--import` preloads run, so every
 * install call checks again and wraps whatever is there now (`profiler()` runs during init, later). Arguments are formatted as `console` itself would
 * (`util.format`); only when redaction changes the text is the one redacted string passed on.
 */
export function patchConsole(rules: () => CompiledRedaction): void {
  const target = console as unknown as Record<string, (...args: unknown[]) => void>;
  for (const method of CONSOLE_METHODS) {
    const original = target[method];
    if (typeof original !== 'function' || isRedactionWrapper(original)) continue;
    target[method] = markWrapper(function lambdaProfilerRedactedConsole(this: unknown, ...args: unknown[]): void {
      let replacement: string | null = null;
      try {
        const active = rules();
        if (active.enabled && args.length > 0) {
          const text = builtin('node:util').format(...args);
          const redacted = redactText(text, active);
          if (redacted !== text) replacement = redacted;
        }
      } catch {
        // Never break logging.
      }
      // A single string argument is printed as is by util.format (no `%` processing).
      if (replacement === null) original.apply(this, args);
      else original.call(this, replacement);
    });
  }
}
