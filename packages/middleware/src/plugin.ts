import { nowMs, round3, toEpochMs, toMb } from './clock.js';
import { initializationType, isColdStart } from './collectors/cold-start.js';
import { configuredMemoryMb, heapProbe, heapUsedBytes, peakRssBytes } from './collectors/memory.js';
import { DETAILS_SUBSEGMENT_NAME, METADATA_KEYS, METADATA_NAMESPACE } from './contract/names.js';
import type { InvocationRecord, MiddlewareTiming } from './contract/types.js';
import { buildDetails } from './emitters/details.js';
import { defaultOnError, type ProfilerErrorInfo, safeReport } from './options.js';
import { INVOCATION_KEY, PLUGIN_RECORDING_KEY } from './profiler.js';
import { contextRecording, installCallSinkResolver, leaveRecording } from './recording/current.js';
import { globalState } from './recording/global-state.js';
import type { Recording } from './recording/recording.js';
import { startRecording } from './recording/start.js';
import type { LambdaContextLike, MiddyRequestLike, SegmentLike, TracerLike } from './structural-types.js';

export interface ProfilerPluginOptions {
  /**
   * Where to record an invocation the profiler middleware never saw (another middleware returned
   * early before it): a `## lambda-profiler:invocation` subsegment under the current segment.
   */
  tracer?: TracerLike;
  onError?: (error: unknown, info: ProfilerErrorInfo) => void;
}

type Phase = MiddlewareTiming['phase'];

/** Per-invocation progress through Middy's hooks. */
interface Timeline {
  phase: Phase;
  positions: Record<Phase, number>;
  pendingName: string | null;
  pendingStart: number;
  handlerStart: number;
  heapStart: number;
}

const NAME_LIMIT = 60;

function push(recording: Recording, timeline: Timeline, phase: Phase, name: string, ms: number): void {
  const position = timeline.positions[phase]++;
  recording.addMiddleware({ position, name: name.slice(0, NAME_LIMIT), phase, ms: round3(Math.max(0, ms)) });
}

function timelineOf(): { recording: Recording; timeline: Timeline } | undefined {
  const recording = contextRecording();
  const timeline = recording?.timeline as Timeline | undefined;
  return recording && timeline ? { recording, timeline } : undefined;
}

/**
 * The Middy plugin (`middy(handler, profilerPlugin())`): times every middleware hook and the
 * handler. Middlewares are identified by position and name (names are often `before`, `after` or
 * empty): `position` counts hooks in the order Middy runs them within each phase (`before` in
 * `.use()` order; `after` and `onError` innermost first). The timings go into the invocation record
 * of `profiler()`; when the profiler never ran (a middleware returned early), `requestEnd` still
 * records the invocation, under the plugin's `tracer`.
 *
 * @example
 * export const handler = middy(app, profilerPlugin()).use(captureLambdaHandler(tracer)).use(profiler({ tracer }));
 */
export function profilerPlugin(options: ProfilerPluginOptions = {}) {
  const onError = options.onError ?? defaultOnError;
  installCallSinkResolver();
  const initType = initializationType();

  const requestStart = (request: MiddyRequestLike): void => {
    try {
      const recording = startRecording();
      const timeline: Timeline = {
        phase: 'before',
        positions: { before: 0, after: 0, onError: 0, handler: 0 },
        pendingName: null,
        pendingStart: 0,
        handlerStart: 0,
        heapStart: heapUsedBytes(),
      };
      recording.timeline = timeline;
      request.internal[PLUGIN_RECORDING_KEY] = recording;
    } catch (error) {
      safeReport(onError, error, 'plugin');
    }
  };

  const closePending = (recording: Recording, timeline: Timeline, at: number): void => {
    if (timeline.pendingName === null) return;
    push(recording, timeline, timeline.phase, timeline.pendingName, at - timeline.pendingStart);
    timeline.pendingName = null;
  };

  const beforeMiddleware = (name: string): void => {
    const found = timelineOf();
    if (!found) return;
    const { recording, timeline } = found;
    const at = nowMs();
    if (timeline.pendingName !== null) {
      // The previous hook never reported back: it threw, and Middy moved on to onError.
      closePending(recording, timeline, at);
      timeline.phase = 'onError';
    } else if (timeline.phase === 'handler') {
      // The handler threw (no afterHandler): these are the onError hooks.
      push(recording, timeline, 'handler', 'handler', at - timeline.handlerStart);
      timeline.phase = 'onError';
    }
    timeline.pendingName = name ?? '';
    timeline.pendingStart = at;
  };

  const afterMiddleware = (): void => {
    const found = timelineOf();
    if (found) closePending(found.recording, found.timeline, nowMs());
  };

  const beforeHandler = (): void => {
    const found = timelineOf();
    if (!found) return;
    found.timeline.phase = 'handler';
    found.timeline.handlerStart = nowMs();
  };

  const afterHandler = (): void => {
    const found = timelineOf();
    if (!found) return;
    push(found.recording, found.timeline, 'handler', 'handler', nowMs() - found.timeline.handlerStart);
    found.timeline.phase = 'after';
  };

  const requestEnd = (request: MiddyRequestLike): void => {
    try {
      const recording = request.internal[PLUGIN_RECORDING_KEY] as Recording | undefined;
      if (!recording) return;
      const timeline = recording.timeline as Timeline;
      closePending(recording, timeline, nowMs());
      if (!(INVOCATION_KEY in request.internal) && !recording.closed) {
        recordWithoutProfiler(recording, timeline, request, initType, options.tracer);
      }
      leaveRecording(recording);
    } catch (error) {
      safeReport(onError, error, 'plugin');
    }
  };

  return { requestStart, beforeMiddleware, afterMiddleware, beforeHandler, afterHandler, requestEnd };
}

/** An invocation the profiler middleware never saw: what the plugin knows, in a document of its own. */
function recordWithoutProfiler(
  recording: Recording,
  timeline: Timeline,
  request: MiddyRequestLike,
  initType: ReturnType<typeof initializationType>,
  tracer: TracerLike | undefined,
): void {
  const endMs = nowMs();
  const heap = heapProbe();
  const context = request.context as LambdaContextLike | undefined;
  recording.requestId = context?.awsRequestId ?? '';
  const record: InvocationRecord = {
    v: 1,
    kind: 'invocation',
    requestId: recording.requestId,
    coldStart: isColdStart(recording.index, initType),
    initType,
    environmentId: globalState().environmentId,
    invocationIndex: recording.index,
    sampled: false,
    startEpochMs: round3(toEpochMs(recording.startMs)),
    durationMs: round3(endMs - recording.startMs),
    memory: {
      limitMb: configuredMemoryMb(),
      heapUsedStartMb: toMb(timeline.heapStart),
      heapUsedEndMb: toMb(heap.used_heap_size),
      heapTotalMb: toMb(heap.total_heap_size),
      peakRssMb: toMb(peakRssBytes()),
    },
    heapGrowthMb: round3(toMb(heap.used_heap_size) - toMb(timeline.heapStart)),
    middlewares: recording.middlewares,
    earlyReturn: true,
  };
  if (request.error !== undefined) record.error = true;
  if (!tracer?.isTracingEnabled()) return;
  const parent = tracer.getSegment() as SegmentLike | undefined;
  if (!parent) return;
  const doc = parent.addNewSubsegment(DETAILS_SUBSEGMENT_NAME);
  doc.start_time = toEpochMs(recording.startMs) / 1000;
  doc.addMetadata(METADATA_KEYS.invocation, record, METADATA_NAMESPACE);
  if (recording.spans.length > 0 || recording.calls.length > 0) {
    doc.addMetadata(METADATA_KEYS.details, buildDetails(recording), METADATA_NAMESPACE);
  }
  doc.close();
}
