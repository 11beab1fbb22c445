import { nowMs, round3, toEpochMs, toMb } from './clock.js';
import { heapUsedBytes } from './collectors/memory.js';
import type { AnnotationValue, SpanRecord } from './contract/types.js';
import { currentFrame, runInFrame } from './recording/current.js';
import { sanitizeAttributes } from './recording/sanitize.js';

function finish(record: SpanRecord, start: number, heapStart: number, error: boolean): void {
  record.durationMs = round3(nowMs() - start);
  if (heapStart >= 0) record.heapDeltaMb = toMb(heapUsedBytes() - heapStart);
  if (error) record.error = true;
}

/**
 * Times `fn` as a span of the current invocation (found through the invocation context, no request
 * object needed). Returns exactly what `fn` returns (the same promise for async functions) and
 * rethrows exactly what it throws. Outside an invocation, or when profiling is off, it just calls `fn`.
 *
 * @example
 * const user = await span('load user', () => users.get(id), { table: 'users' });
 */
export function span<T>(name: string, fn: () => T, attributes?: Record<string, AnnotationValue>): T {
  let frame: ReturnType<typeof currentFrame>;
  let record: SpanRecord | undefined;
  let index = -1;
  let start = 0;
  let heapStart = -1;
  try {
    frame = currentFrame();
    if (frame) {
      const recording = frame.recording;
      start = nowMs();
      record = {
        name: String(name).slice(0, 180) || 'span',
        startEpochMs: toEpochMs(start),
        durationMs: 0,
        parent: frame.span,
      };
      const attrs = attributes && sanitizeAttributes(attributes);
      if (attrs) record.attributes = attrs;
      index = recording.addSpan(record);
      if (index >= 0 && recording.detailed) heapStart = heapUsedBytes();
    }
  } catch {
    index = -1;
  }
  if (!frame || !record || index < 0) return fn();
  const done = record;
  let result: T;
  try {
    result = runInFrame({ recording: frame.recording, span: index }, fn);
  } catch (error) {
    finish(done, start, heapStart, true);
    throw error;
  }
  if (result && typeof (result as { then?: unknown }).then === 'function') {
    // A side chain: the caller keeps the original promise, with its own value and rejection.
    (result as unknown as PromiseLike<unknown>).then(
      () => finish(done, start, heapStart, false),
      () => finish(done, start, heapStart, true),
    );
  } else {
    finish(done, start, heapStart, false);
  }
  return result;
}
