import { nowMs, round3, toEpochMs, toMb } from './clock.js';
import { initializationType, isColdStart } from './collectors/cold-start.js';
import { gcPausesBetween, pauseMsWithin, startGcLog } from './collectors/gc.js';
import type { RawModuleTiming } from './collectors/imports.js';
import { buildInitRecord } from './collectors/init.js';
import { configuredMemoryMb, heapProbe, heapUsedBytes, peakRssBytesCached, v8Module } from './collectors/memory.js';
import type { AnnotationValue, InitRecord, InvocationRecord, MemorySnapshot, ProfileRecord } from './contract/types.js';
import { setupDependencyInsight } from './dependencies/setup.js';
import { buildDetails } from './emitters/details.js';
import { addInitMetrics, addInvocationMetrics, POWERTOOLS_METRICS_KEY } from './emitters/emf.js';
import { sendProfile } from './emitters/profile.js';
import {
  closeXrayTarget,
  openXrayTarget,
  sendDetails,
  sendInit,
  writeInvocation,
  type XrayTarget,
} from './emitters/xray.js';
import { type ProfilerOptions, type ResolvedOptions, resolveOptions, safeReport } from './options.js';
import { installCallSinkResolver, leaveRecording } from './recording/current.js';
import { globalState } from './recording/global-state.js';
import type { Recording } from './recording/recording.js';
import { sanitizeAttributes } from './recording/sanitize.js';
import { startRecording } from './recording/start.js';
import { noteInvocationDuration, profileTrigger } from './sampling/decide.js';
import { type ActiveProfile, beginProfile, endProfile } from './sampling/profile.js';
import type { LambdaContextLike, MiddlewareObjLike, MiddyRequestLike } from './structural-types.js';
import { PROFILER_VERSION } from './version.js';

/** `request.internal` key of the profiler's per-invocation state (namespaced, like Powertools'). */
export const INVOCATION_KEY = 'lambda-profiler.invocation';
/** `request.internal` key where `profilerPlugin()` leaves the recording it started. */
export const PLUGIN_RECORDING_KEY = 'lambda-profiler.plugin-recording';

/** An invocation nothing will be sent for (untraced and unsampled): counted, timed, not recorded. */
interface LightState {
  light: true;
  startMs: number;
  flushMetrics: boolean;
  done: boolean;
  /** The untraced subsegment the profiler opened itself (used without `captureLambdaHandler`). */
  own: XrayTarget | undefined;
}

interface InvocationState {
  light: false;
  recording: Recording;
  startMs: number;
  /** Heap used at the start, bytes; -1 on unsampled invocations (no start probe). */
  heapStart: number;
  coldStart: boolean;
  sampled: boolean;
  xray: XrayTarget | undefined;
  flushMetrics: boolean;
  done: boolean;
  /** A sampled CPU + heap profile runs for this invocation (`profileRate`, `slowMs`). */
  profile: ActiveProfile | undefined;
}

/**
 * The profiler middleware. `use` it after Powertools' `captureLambdaHandler` and `logMetrics`
 * (innermost): Middy runs `after` hooks in reverse, so it writes onto the still-open handler
 * subsegment and into the same metrics flush. Alone, it opens its own `## <_HANDLER>` subsegment and
 * flushes its own metrics. Never changes the handler's result or error.
 *
 * @example
 * export const handler = middy(app)
 *   .use(captureLambdaHandler(tracer))
 *   .use(logMetrics(metrics))
 *   .use(profiler({ tracer, metrics }));
 */
export function profiler(options: ProfilerOptions = {}): MiddlewareObjLike {
  const o = resolveOptions(options);
  if (!o.enabled) {
    // Disabled: one no-op hook (Middy needs at least one), nothing else runs.
    const profilerBefore = (): void => {};
    return { before: profilerBefore };
  }
  try {
    setupDependencyInsight(o.dependencies);
    installCallSinkResolver();
    v8Module();
    if (o.sampleRate > 0 || o.memory === 'detailed') startGcLog();
    const state = globalState();
    if (state.invocations === 0) state.initReadyMs = Math.max(state.initReadyMs, nowMs());
  } catch (error) {
    safeReport(o.onError, error, 'setup');
  }
  const initType = initializationType();

  const profilerBefore = (request: MiddyRequestLike): void => {
    // Synchronous on purpose: see recording/current.ts for why the context must be entered here.
    try {
      startInvocation(o, initType, request);
    } catch (error) {
      safeReport(o.onError, error, 'before');
    }
  };
  const profilerAfter = (request: MiddyRequestLike): void => {
    finishInvocation(o, initType, request, false);
  };
  const profilerOnError = (request: MiddyRequestLike): void => {
    finishInvocation(o, initType, request, true);
  };
  return { before: profilerBefore, after: profilerAfter, onError: profilerOnError };
}

function startInvocation(
  o: ResolvedOptions,
  initType: ReturnType<typeof initializationType>,
  request: MiddyRequestLike,
): void {
  const internal = request.internal;
  const startMs = nowMs();
  const flushMetrics = o.metrics !== undefined && !(POWERTOOLS_METRICS_KEY in internal);
  const plugin = internal[PLUGIN_RECORDING_KEY] as Recording | undefined;
  const fromPlugin = plugin && !plugin.closed ? plugin : undefined;
  const index = fromPlugin ? fromPlugin.index : globalState().invocations + 1;
  const sampled = index === 1 || o.memory === 'detailed' || (o.sampleRate > 0 && Math.random() < o.sampleRate);
  let xray: XrayTarget | undefined;
  if (o.tracer) {
    try {
      xray = openXrayTarget(o.tracer, internal);
    } catch (error) {
      safeReport(o.onError, error, 'xray');
    }
  }
  if (!fromPlugin && !sampled && (xray === undefined || xray.handler.notTraced === true)) {
    // Nothing of this invocation can leave the process: X-Ray does not trace it (≈ 95 % of requests
    // in production) and it is not sampled for memory metrics. No recording, no context: span() and
    // the call instrumentation find none and only run what they wrap.
    globalState().invocations = index;
    const light: LightState = { light: true, startMs, flushMetrics, done: false, own: xray?.own ? xray : undefined };
    internal[INVOCATION_KEY] = light;
    return;
  }
  const recording = fromPlugin ?? startRecording();
  recording.detailed = sampled;
  const context = request.context as LambdaContextLike | undefined;
  recording.requestId = context?.awsRequestId ?? '';
  const state: InvocationState = {
    light: false,
    recording,
    startMs,
    heapStart: sampled ? heapUsedBytes() : -1,
    coldStart: isColdStart(index, initType),
    sampled,
    xray,
    flushMetrics,
    done: false,
    profile: undefined,
  };
  internal[INVOCATION_KEY] = state;
  // Last, so the profiler's own setup is not in the profile. Only with somewhere to send it.
  if (state.xray && state.xray.handler.notTraced !== true && (o.profileRate > 0 || o.slowMs > 0)) {
    const trigger = profileTrigger(o.profileRate);
    if (trigger) {
      try {
        state.profile = beginProfile(trigger);
      } catch (error) {
        safeReport(o.onError, error, 'profile');
      }
    }
  }
}

/**
 * Memory at the end of an invocation (see MemorySnapshot for what is measured when, and why).
 * `process.memoryUsage()` reads `/proc/self/stat`: 28–90 µs inside a warm invocation here, so only
 * the first invocation and `memory: 'detailed'` pay it.
 */
function memorySnapshot(heapStart: number, processProbe: boolean, endMs: number): MemorySnapshot {
  const snapshot: MemorySnapshot = {
    limitMb: configuredMemoryMb(),
    peakRssMb: toMb(peakRssBytesCached(endMs, processProbe)),
  };
  if (heapStart >= 0) {
    const heap = heapProbe();
    snapshot.heapUsedStartMb = toMb(heapStart);
    snapshot.heapUsedEndMb = toMb(heap.used_heap_size);
    snapshot.heapTotalMb = toMb(heap.total_heap_size);
    snapshot.externalMb = toMb(heap.external_memory);
  }
  if (processProbe) {
    const usage = process.memoryUsage();
    snapshot.rssMb = toMb(usage.rss);
    snapshot.arrayBuffersMb = toMb(usage.arrayBuffers);
  }
  return snapshot;
}

/**
 * GC pauses of a sampled invocation (those delivered by the time it ends), and each sampled span's
 * share: a span's `gcPauseMs` is the pause time overlapping it.
 */
function gcOf(recording: Recording, startMs: number, endMs: number): { count: number; pauseMs: number } | undefined {
  const pauses = gcPausesBetween(startMs, endMs);
  if (pauses === null) return undefined;
  const origin = performance.timeOrigin;
  for (const span of recording.spans) {
    if (span.heapDeltaMb === undefined) continue;
    const from = span.startEpochMs - origin;
    span.gcPauseMs = round3(pauseMsWithin(pauses, from, from + span.durationMs));
  }
  return { count: pauses.length, pauseMs: round3(pauseMsWithin(pauses, startMs, endMs)) };
}

function annotationsOf(o: ResolvedOptions, request: MiddyRequestLike): Record<string, AnnotationValue> | undefined {
  if (!o.annotate) return undefined;
  try {
    const extra = o.annotate(request.event, request.context);
    return extra && typeof extra === 'object' ? sanitizeAttributes(extra) : undefined;
  } catch (error) {
    safeReport(o.onError, error, 'annotate');
    return undefined;
  }
}

function finishInvocation(
  o: ResolvedOptions,
  initType: ReturnType<typeof initializationType>,
  request: MiddyRequestLike,
  error: boolean,
): void {
  let state: InvocationState | undefined;
  try {
    const current = request.internal[INVOCATION_KEY] as InvocationState | LightState | undefined;
    if (!current || current.done) return;
    current.done = true;
    if (current.light) {
      if (o.slowMs > 0) noteInvocationDuration(o.slowMs, nowMs() - current.startMs, 0);
      if (current.own) {
        try {
          closeXrayTarget(o.tracer!, current.own, error);
        } catch (e) {
          safeReport(o.onError, e, 'xray');
        }
      }
      if (current.flushMetrics) publishMetrics(o);
      return;
    }
    state = current;
    const { recording } = state;
    const endMs = nowMs();
    const profile = state.profile ? finishProfile(o, state.profile, recording.requestId) : undefined;
    if (o.slowMs > 0)
      noteInvocationDuration(o.slowMs, endMs - state.startMs, state.profile ? (profile?.overheadMs ?? 0) : 0);
    const memory = memorySnapshot(state.heapStart, o.memory === 'detailed' || recording.index === 1, endMs);
    const annotations = annotationsOf(o, request);
    const record: InvocationRecord = {
      v: 1,
      kind: 'invocation',
      requestId: recording.requestId,
      coldStart: state.coldStart,
      initType,
      environmentId: globalState().environmentId,
      invocationIndex: recording.index,
      sampled: state.sampled,
      startEpochMs: round3(toEpochMs(state.startMs)),
      durationMs: round3(endMs - state.startMs),
      memory,
    };
    if (memory.heapUsedStartMb !== undefined && memory.heapUsedEndMb !== undefined)
      record.heapGrowthMb = round3(memory.heapUsedEndMb - memory.heapUsedStartMb);
    const gc = state.sampled ? gcOf(recording, state.startMs, endMs) : undefined;
    if (gc) record.gc = gc;
    if (annotations) record.annotations = annotations;
    // The plugin keeps appending after-phase timings to this same array until the handler
    // subsegment is serialized, so outer middlewares' `after` hooks show up too.
    if (recording.timeline) record.middlewares = recording.middlewares;
    if (error) record.error = true;

    let init: InitRecord | undefined;
    const global = globalState();
    if (recording.index === 1 && !global.initEmitted) {
      global.initEmitted = true;
      try {
        init = buildInitRecord({
          state: global,
          initType,
          firstInvokeMs: recording.startMs,
          topModules: o.topModules,
          proactiveInitMs: o.proactiveInitMs,
          bootstrapMs: performance.nodeTiming.bootstrapComplete,
        });
      } catch (e) {
        safeReport(o.onError, e, 'init');
      }
    }
    const initDurationMs = state.coldStart && init ? init.durationMs : undefined;

    if (o.tracer && state.xray) {
      // Untraced invocations (X-Ray samples ≈ 5 % of requests): nothing would be sent, skip the work.
      if (state.xray.handler.notTraced === true && !state.xray.own) state.xray = undefined;
      else emitXray(o, state, record, init, initDurationMs, annotations, endMs, profile);
    }
    if (o.metrics) emitMetrics(o, state, record, init);
  } catch (e) {
    safeReport(o.onError, e, error ? 'onError' : 'after');
  } finally {
    if (state) leaveRecording(state.recording);
  }
}

function emitXray(
  o: ResolvedOptions,
  state: InvocationState,
  record: InvocationRecord,
  init: InitRecord | undefined,
  initDurationMs: number | undefined,
  annotations: Record<string, AnnotationValue> | undefined,
  endMs: number,
  profile: ProfileRecord | undefined,
): void {
  const target = state.xray!;
  try {
    writeInvocation(target, record, initDurationMs, PROFILER_VERSION, annotations);
    const { recording } = state;
    if (recording.spans.length > 0 || recording.calls.length > 0) {
      sendDetails(target, buildDetails(recording), toEpochMs(state.startMs), toEpochMs(endMs));
    }
    if (profile) sendProfile(target, profile, toEpochMs(state.startMs), toEpochMs(endMs));
    if (init) {
      const starts = new Map<string, number>();
      for (const m of globalState().modules as unknown as RawModuleTiming[])
        if (m.startMs !== undefined) starts.set(m.module, m.startMs);
      sendInit(target, init, starts);
    }
  } catch (error) {
    safeReport(o.onError, error, 'xray');
  } finally {
    try {
      closeXrayTarget(o.tracer!, target, record.error === true);
    } catch (error) {
      safeReport(o.onError, error, 'xray');
    }
  }
}

/** Stops the invocation's profile; a failure loses the profile, never the invocation record. */
function finishProfile(o: ResolvedOptions, active: ActiveProfile, requestId: string): ProfileRecord | undefined {
  try {
    return endProfile(active, requestId);
  } catch (error) {
    safeReport(o.onError, error, 'profile');
    return undefined;
  }
}

function emitMetrics(
  o: ResolvedOptions,
  state: InvocationState,
  record: InvocationRecord,
  init: InitRecord | undefined,
): void {
  const metrics = o.metrics!;
  try {
    // Memory metrics on sampled invocations only (and the first): three addMetric calls plus their
    // EMF serialization were the largest share of the warm overhead; CloudWatch statistics over a
    // sample keep their meaning, and every invocation record still carries the memory figures.
    if (state.sampled) addInvocationMetrics(metrics, record);
    if (init && state.coldStart) addInitMetrics(metrics, init);
  } catch (error) {
    safeReport(o.onError, error, 'metrics');
  }
  if (state.flushMetrics) publishMetrics(o);
}

/** Flushes the metrics when the profiler is used without Powertools' `logMetrics`. */
function publishMetrics(o: ResolvedOptions): void {
  try {
    o.metrics!.publishStoredMetrics();
  } catch (error) {
    safeReport(o.onError, error, 'metrics');
  }
}
