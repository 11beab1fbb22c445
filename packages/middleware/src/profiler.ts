import { nowMs, round3, toEpochMs, toMb } from './clock.js';
import { initializationType, isColdStart } from './collectors/cold-start.js';
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

interface InvocationState {
  recording: Recording;
  startMs: number;
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
  const fromPlugin = internal[PLUGIN_RECORDING_KEY] as Recording | undefined;
  const recording = fromPlugin && !fromPlugin.closed ? fromPlugin : startRecording();
  const startMs = nowMs();
  const index = recording.index;
  const sampled = index === 1 || o.memory === 'detailed' || (o.sampleRate > 0 && Math.random() < o.sampleRate);
  recording.detailed = sampled;
  const context = request.context as LambdaContextLike | undefined;
  recording.requestId = context?.awsRequestId ?? '';
  const state: InvocationState = {
    recording,
    startMs,
    heapStart: heapUsedBytes(),
    coldStart: isColdStart(index, initType),
    sampled,
    xray: undefined,
    flushMetrics: o.metrics !== undefined && !(POWERTOOLS_METRICS_KEY in internal),
    done: false,
    profile: undefined,
  };
  internal[INVOCATION_KEY] = state;
  if (o.tracer) {
    try {
      state.xray = openXrayTarget(o.tracer, internal);
    } catch (error) {
      safeReport(o.onError, error, 'xray');
    }
  }
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

function memorySnapshot(heapStart: number, detailed: boolean, endMs: number): MemorySnapshot {
  // Sampled: process.memoryUsage() carries the same V8 heap figures, so one probe serves both.
  const usage = detailed ? process.memoryUsage() : undefined;
  const heap = usage ? { used: usage.heapUsed, total: usage.heapTotal } : heapProbe();
  const snapshot: MemorySnapshot = {
    limitMb: configuredMemoryMb(),
    heapUsedStartMb: toMb(heapStart),
    heapUsedEndMb: toMb(heap.used),
    heapTotalMb: toMb(heap.total),
    peakRssMb: toMb(peakRssBytesCached(endMs, detailed)),
  };
  if (usage) {
    snapshot.rssMb = toMb(usage.rss);
    snapshot.externalMb = toMb(usage.external);
    snapshot.arrayBuffersMb = toMb(usage.arrayBuffers);
  }
  return snapshot;
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
    state = request.internal[INVOCATION_KEY] as InvocationState | undefined;
    if (!state || state.done) return;
    state.done = true;
    const { recording } = state;
    const endMs = nowMs();
    const profile = state.profile ? finishProfile(o, state.profile, recording.requestId) : undefined;
    if (o.slowMs > 0)
      noteInvocationDuration(o.slowMs, endMs - state.startMs, state.profile ? (profile?.overheadMs ?? 0) : 0);
    const memory = memorySnapshot(state.heapStart, state.sampled, endMs);
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
      heapGrowthMb: round3(memory.heapUsedEndMb - memory.heapUsedStartMb),
    };
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
  if (state.flushMetrics) {
    try {
      metrics.publishStoredMetrics();
    } catch (error) {
      safeReport(o.onError, error, 'metrics');
    }
  }
}
