import { nowMs, round3 } from './clock.js';
import { globalState } from './recording/global-state.js';

interface OpenMark {
  name: string;
  startMs: number;
}

let open: OpenMark | undefined;

function initOver(): boolean {
  return globalState().invocations > 0;
}

function push(name: string, startMs: number, endMs: number): void {
  globalState().initMarks.push({
    name: String(name).slice(0, 120) || 'custom',
    startMs: round3(startMs),
    ms: round3(Math.max(0, endMs - startMs)),
  });
}

function closeOpen(at: number): void {
  if (!open) return;
  push(open.name, open.startMs, at);
  open = undefined;
}

/**
 * Starts a custom init phase `name` (module scope). It ends at the next `markInit()`, when the
 * returned function is called, or when init ends. Ignored once the first invocation has started.
 *
 * @example
 * const done = markInit('load config');
 * const config = await loadConfig();
 * done();
 */
export function markInit(name: string): () => void {
  try {
    const at = nowMs();
    closeOpen(at);
    if (initOver()) return () => {};
    const mark: OpenMark = { name, startMs: at };
    open = mark;
    return () => {
      if (open === mark) closeOpen(nowMs());
    };
  } catch {
    return () => {};
  }
}

/**
 * Times `fn` (sync or async) as the custom init phase `name`; returns exactly what `fn` returns.
 *
 * @example
 * export const client = initPhase('create clients', () => new DynamoDBClient({}));
 */
export function initPhase<T>(name: string, fn: () => T): T {
  if (initOver()) return fn();
  const start = nowMs();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    push(name, start, nowMs());
    throw error;
  }
  if (result && typeof (result as { then?: unknown }).then === 'function') {
    const record = () => push(name, start, nowMs());
    (result as unknown as PromiseLike<unknown>).then(record, record);
  } else {
    push(name, start, nowMs());
  }
  return result;
}

/** Closes a mark left open at the end of init (at `endMs`, or at its start when that is earlier). */
export function closeOpenInitMark(endMs: number): void {
  if (open) closeOpen(Math.max(endMs, open.startMs));
}

/** The start of a mark still open, if any. */
export function openInitMarkStart(): number | undefined {
  return open?.startMs;
}
