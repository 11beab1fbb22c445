import { type InspectorSessionLike, samplingState } from './state.js';

/** V8 CPU profile (`Profiler.stop`), the fields used. */
export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** V8 sampling heap profile (`HeapProfiler.stopSampling`), the fields used. */
export interface HeapProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapProfileNode[];
}

export interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based; -1 when unknown. */
  lineNumber: number;
  columnNumber: number;
}

export interface SamplingSettings {
  /** CPU sampling interval, µs. */
  intervalUs: number;
  /** Average bytes between heap samples. */
  heapIntervalBytes: number;
}

export const DEFAULT_SAMPLING: SamplingSettings = { intervalUs: 1000, heapIntervalBytes: 32 * 1024 };

type InspectorModule = { Session: new () => InspectorSessionLike };

/**
 * `node:inspector`, loaded only when a profile is taken (never at import: a disabled profiler costs
 * nothing). `process.getBuiltinModule` keeps it synchronous in CJS and ESM builds alike.
 */
function inspectorModule(): InspectorModule {
  const load = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const mod = typeof load === 'function' ? (load('node:inspector') as InspectorModule | undefined) : undefined;
  if (!mod?.Session) throw new Error('node:inspector is not available in this runtime');
  return mod;
}

/**
 * Posts a command and returns its result. The in-process session answers synchronously (the
 * callback runs inside `post`), which keeps Middy's `before`/`after` hooks synchronous; an answer that
 * has not arrived when `post` returns counts as a failure.
 */
function call(session: InspectorSessionLike, method: string, params?: object): unknown {
  let done = false;
  let failure: Error | null = null;
  let value: unknown;
  session.post(method, params ?? {}, (error, result) => {
    done = true;
    failure = error;
    value = result;
  });
  if (!done) throw new Error(`${method} did not answer synchronously`);
  if (failure) throw failure;
  return value;
}

function session(): InspectorSessionLike {
  const state = samplingState();
  if (!state.session) {
    const s = new (inspectorModule().Session)();
    s.connect();
    call(s, 'Profiler.enable');
    state.session = s;
  }
  return state.session;
}

/** Starts the heap sampler, then the CPU profiler (so the sampler's own start is not in the CPU profile). */
export function startProfilers(settings: SamplingSettings): void {
  const s = session();
  const state = samplingState();
  state.busy = true;
  state.startedAtMs = performance.now();
  try {
    // Collected objects count too: string building in a loop leaves little alive but allocates a lot.
    call(s, 'HeapProfiler.startSampling', {
      samplingInterval: settings.heapIntervalBytes,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    call(s, 'Profiler.setSamplingInterval', { interval: settings.intervalUs });
    call(s, 'Profiler.start');
  } catch (error) {
    stopQuietly(s);
    state.busy = false;
    throw error;
  }
}

function stopQuietly(s: InspectorSessionLike): void {
  for (const method of ['Profiler.stop', 'HeapProfiler.stopSampling']) {
    try {
      call(s, method);
    } catch {
      // Not running: nothing to stop.
    }
  }
}

/** Stops both profilers (CPU first, so the heap sampler's stop is not in it) and returns their profiles. */
export function stopProfilers(): { cpu: CpuProfile | null; heap: HeapProfileNode | null } {
  const state = samplingState();
  const s = state.session;
  if (!s || !state.busy) return { cpu: null, heap: null };
  let cpu: CpuProfile | null = null;
  let heap: HeapProfileNode | null = null;
  try {
    cpu = (call(s, 'Profiler.stop') as { profile?: CpuProfile } | undefined)?.profile ?? null;
  } catch {
    cpu = null;
  }
  try {
    heap =
      (call(s, 'HeapProfiler.stopSampling') as { profile?: { head?: HeapProfileNode } } | undefined)?.profile?.head ??
      null;
  } catch {
    heap = null;
  }
  state.busy = false;
  return { cpu, heap };
}
