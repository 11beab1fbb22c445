import type { AsyncLocalStorage } from 'node:async_hooks';
import { builtin } from '../builtins.js';
import type { InvokeStoreLike } from '../structural-types.js';
import { globalState } from './global-state.js';
import type { Recording } from './recording.js';

/**
 * Finding the recording of the invocation the caller runs in, without a request object.
 *
 * Measured on Node 24 with Middy 7: `AsyncLocalStorage.enterWith()` called from a *synchronous*
 * `before` hook propagates to the handler and everything it awaits, whatever ran before it (Middy
 * calls hooks synchronously and awaits only returned promises); called after an `await` inside an
 * async hook it does not. So the profiler's `before` is synchronous and enters first. Each
 * concurrent invocation keeps the frame captured by its own awaits, and under Lambda Managed
 * Instances every invocation runs inside `InvokeStore.run()`, which we also write to.
 */

export interface InvocationFrame {
  recording: Recording;
  /** Index of the enclosing span, or null at the top of the handler. */
  span: number | null;
}

const STORE_KEY = Symbol.for('lambda-profiler.invocation-frame.v1');
const ALS_KEY = Symbol.for('lambda-profiler.als.v1');

// One AsyncLocalStorage per process, shared by every copy of the package (ESM, CJS, bundled).
function sharedStorage(): AsyncLocalStorage<InvocationFrame> {
  const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<InvocationFrame> | undefined>;
  let storage = holder[ALS_KEY];
  if (!storage) {
    storage = new (builtin('node:async_hooks').AsyncLocalStorage)<InvocationFrame>();
    holder[ALS_KEY] = storage;
  }
  return storage;
}

// Created on first use (the first invocation), not at import: part of the ≤ 5 ms import budget.
let shared: AsyncLocalStorage<InvocationFrame> | undefined;
function storage(): AsyncLocalStorage<InvocationFrame> {
  if (shared === undefined) shared = sharedStorage();
  return shared;
}

/** Open recordings in the process; with exactly one, it is the current one whatever the context. */
let openCount = 0;
let lastOpened: Recording | undefined;

function invokeStore(): InvokeStoreLike | undefined {
  const store = (globalThis as { awslambda?: { InvokeStore?: InvokeStoreLike } }).awslambda?.InvokeStore;
  return store?.hasContext() ? store : undefined;
}

/** Makes `recording` the current one for the rest of this invocation (call synchronously). */
export function enterRecording(recording: Recording): void {
  const frame: InvocationFrame = { recording, span: null };
  storage().enterWith(frame);
  const store = invokeStore();
  if (store) store.set(STORE_KEY, frame);
  openCount++;
  lastOpened = recording;
}

/** Marks the recording closed; the context lookups ignore closed recordings. */
export function leaveRecording(recording: Recording): void {
  if (recording.closed) return;
  recording.closed = true;
  openCount = Math.max(0, openCount - 1);
  if (lastOpened === recording) lastOpened = undefined;
}

/** The frame (recording + enclosing span) of the caller's invocation, if any. */
export function currentFrame(): InvocationFrame | undefined {
  const frame = storage().getStore();
  if (frame && !frame.recording.closed) return frame;
  const store = invokeStore();
  if (store) {
    const stored = store.get(STORE_KEY) as InvocationFrame | undefined;
    if (stored && !stored.recording.closed) return stored;
  }
  // Classic Lambda runs one invocation per process at a time: the one open recording is current.
  if (openCount === 1 && lastOpened && !lastOpened.closed) return { recording: lastOpened, span: null };
  return undefined;
}

/** Runs `fn` with `frame` as the current frame (used by nested spans). */
export function runInFrame<T>(frame: InvocationFrame, fn: () => T): T {
  return storage().run(frame, fn);
}

/** The resolver dependency instrumentation uses to add call records to the current invocation. */
export function resolveCurrentRecording(): Recording | undefined {
  return currentFrame()?.recording;
}

/** Installs the resolver on the process-wide state (idempotent). */
export function installCallSinkResolver(): void {
  globalState().resolveCallSink = resolveCurrentRecording;
}

/** Test seam: forgets every open recording. */
export function resetOpenRecordings(): void {
  openCount = 0;
  lastOpened = undefined;
}

/** The recording in the caller's async context even when already closed (the plugin's after-phase hooks). */
export function contextRecording(): Recording | undefined {
  const frame = storage().getStore();
  if (frame) return frame.recording;
  const stored = invokeStore()?.get(STORE_KEY) as InvocationFrame | undefined;
  return stored?.recording;
}
