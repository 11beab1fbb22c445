import type { CallRecord, MiddlewareTiming, SpanRecord } from '../contract/types.js';
import type { CallSink } from './global-state.js';

/** Caps that keep one invocation's memory bounded whatever the handler does. */
export const RECORDING_CAPS = {
  spans: 1000,
  calls: 1000,
  // 40 entries of ≈ 100 bytes keep the invocation record well under its 8 kB budget.
  middlewares: 40,
} as const;

/**
 * Everything recorded for one invocation. Created by the profiler's `before` (or the plugin's
 * `requestStart`), found by `span()` and dependency instrumentation through the invocation context,
 * and closed once emitted so nothing written later can leak into another invocation.
 */
export class Recording implements CallSink {
  readonly spans: SpanRecord[] = [];
  readonly calls: CallRecord[] = [];
  readonly middlewares: MiddlewareTiming[] = [];
  droppedSpans = 0;
  droppedCalls = 0;
  /** Set once the invocation has been emitted; a closed recording accepts nothing. */
  closed = false;
  /** Whether per-span heap deltas are taken. */
  detailed = false;
  requestId = '';
  /** 1 for the first invocation this environment served. */
  index = 0;
  /** Per-middleware timing state of `profilerPlugin()`, when used. */
  timeline: unknown;

  constructor(
    /** `nowMs()` at the start. */
    readonly startMs: number,
  ) {}

  addCall(call: CallRecord): void {
    if (this.closed) return;
    if (this.calls.length >= RECORDING_CAPS.calls) {
      this.droppedCalls++;
      return;
    }
    this.calls.push(call);
  }

  /** Reserves a span slot; returns its index, or -1 when the recording is full or closed. */
  addSpan(span: SpanRecord): number {
    if (this.closed) return -1;
    if (this.spans.length >= RECORDING_CAPS.spans) {
      this.droppedSpans++;
      return -1;
    }
    return this.spans.push(span) - 1;
  }

  addMiddleware(timing: MiddlewareTiming): void {
    if (this.middlewares.length < RECORDING_CAPS.middlewares) this.middlewares.push(timing);
  }
}
