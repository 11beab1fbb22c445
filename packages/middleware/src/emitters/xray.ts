import {
  ANNOTATIONS,
  DETAILS_SUBSEGMENT_NAME,
  INIT_MODULE_PREFIX,
  INIT_PHASE_PREFIX,
  INIT_SUBSEGMENT_NAME,
  METADATA_KEYS,
  METADATA_NAMESPACE,
  SPAN_SUBSEGMENT_PREFIX,
} from '../contract/names.js';
import type { AnnotationValue, DetailsRecord, InitRecord, InvocationRecord } from '../contract/types.js';
import type { SegmentLike, TracerLike } from '../structural-types.js';
import { MAX_SPAN_SUBSEGMENTS } from './details.js';

/** Powertools' `captureLambdaHandler` keeps the open handler subsegment here (`request.internal`). */
export const POWERTOOLS_HANDLER_SEGMENT_KEY = 'powertools-for-aws.tracer.handlerSegment';

/** The handler subsegment the profiler writes onto, and whether the profiler opened it itself. */
export interface XrayTarget {
  handler: SegmentLike;
  /** Opened by the profiler (used without `captureLambdaHandler`): it closes it too. */
  own: boolean;
  /** The segment that was current before the profiler opened its own subsegment. */
  previous: SegmentLike | undefined;
}

type SubsegmentCtor = new (name: string) => SegmentLike;

function isSegment(document: SegmentLike): boolean {
  // The Lambda facade, or a segment: subsegments always have a parent once attached.
  return document.facade === true || document.parent === undefined;
}

/** X-Ray names: at most 200 characters. */
function documentName(name: string): string {
  return name.length > 200 ? name.slice(0, 200) : name;
}

/**
 * Finds (or opens) the handler subsegment at the start of an invocation: Powertools' own when
 * `captureLambdaHandler` runs before the profiler, else a `## <_HANDLER>` subsegment of our own.
 */
export function openXrayTarget(tracer: TracerLike, internal: Record<string, unknown>): XrayTarget | undefined {
  if (!tracer.isTracingEnabled()) return undefined;
  const powertools = internal[POWERTOOLS_HANDLER_SEGMENT_KEY] as SegmentLike | undefined;
  if (powertools) return { handler: powertools, own: false, previous: undefined };
  const current = tracer.getSegment() as SegmentLike | undefined;
  if (!current) return undefined;
  if (!isSegment(current)) return { handler: current, own: false, previous: undefined };
  const handler = current.addNewSubsegment(documentName(`## ${process.env._HANDLER ?? 'handler'}`));
  tracer.setSegment(handler as never);
  return { handler, own: true, previous: current };
}

/** Annotations and the invocation record onto the handler subsegment (under 8 kB by construction). */
export function writeInvocation(
  target: XrayTarget,
  record: InvocationRecord,
  initDurationMs: number | undefined,
  version: string,
  annotations: Record<string, AnnotationValue> | undefined,
): void {
  const handler = target.handler;
  handler.addAnnotation(ANNOTATIONS.profilerVersion, version);
  if (initDurationMs !== undefined) handler.addAnnotation(ANNOTATIONS.initDurationMs, initDurationMs);
  if (annotations) {
    for (const key in annotations) {
      // Never a second ColdStart or Service: those are Powertools' own.
      if (key === 'ColdStart' || key === 'Service') continue;
      handler.addAnnotation(key, annotations[key] as AnnotationValue);
    }
  }
  handler.addMetadata(METADATA_KEYS.invocation, record, METADATA_NAMESPACE);
}

/** Closes the profiler's own handler subsegment (streamed by the X-Ray SDK) and restores the previous one. */
export function closeXrayTarget(tracer: TracerLike, target: XrayTarget, error: boolean): void {
  if (!target.own) return;
  if (error) target.handler.addFaultFlag?.();
  target.handler.close();
  if (target.previous) tracer.setSegment(target.previous as never);
}

function closedSubsegment(ctor: SubsegmentCtor, name: string, startS: number, endS: number): SegmentLike {
  const sub = new ctor(documentName(name));
  sub.start_time = startS;
  sub.end_time = Math.max(startS, endS);
  // A closed subsegment added to a parent does not count as open: the X-Ray SDK will not stream
  // it on its own, it travels inside its parent's document.
  delete sub.in_progress;
  return sub;
}

/**
 * Sends `name` as ONE datagram under `parent`: the document and its children are built closed,
 * attached, flushed once and detached again (so the parent does not send them a second time).
 */
export function sendDocument(
  parent: SegmentLike,
  ctor: SubsegmentCtor,
  name: string,
  startS: number,
  endS: number,
  key: string,
  value: unknown,
  children: SegmentLike[],
): SegmentLike {
  const doc = closedSubsegment(ctor, name, startS, endS);
  doc.addMetadata(key, value, METADATA_NAMESPACE);
  for (const child of children) doc.addSubsegment(child);
  parent.addSubsegment(doc);
  try {
    doc.flush();
  } finally {
    parent.removeSubsegment(doc);
  }
  return doc;
}

/** The details document (`## lambda-profiler:invocation`) with nested span subsegments, one datagram. */
export function sendDetails(
  target: XrayTarget,
  details: DetailsRecord,
  startEpochMs: number,
  endEpochMs: number,
): void {
  const handler = target.handler;
  const ctor = handler.constructor as SubsegmentCtor;
  const nodes: SegmentLike[] = [];
  const top: SegmentLike[] = [];
  const n = Math.min(details.spans.length, MAX_SPAN_SUBSEGMENTS);
  for (let i = 0; i < n; i++) {
    const span = details.spans[i]!;
    const node = closedSubsegment(
      ctor,
      `${SPAN_SUBSEGMENT_PREFIX}${span.name}`,
      span.startEpochMs / 1000,
      (span.startEpochMs + span.durationMs) / 1000,
    );
    nodes.push(node);
    const parent = span.parent === null ? undefined : nodes[span.parent];
    if (parent) parent.addSubsegment(node);
    else top.push(node);
  }
  sendDocument(
    handler,
    ctor,
    DETAILS_SUBSEGMENT_NAME,
    startEpochMs / 1000,
    endEpochMs / 1000,
    METADATA_KEYS.details,
    details,
    top,
  );
}

/** Top modules shown as children of the init subsegment (the metadata lists more). */
const MAX_MODULE_CHILDREN = 10;

/**
 * The init tree (`## lambda-profiler:init`, first invocation of an environment): children
 * `phase <name>` laid end to end from process start (exclusive durations, so the layout is a
 * stacked bar, not exact instants), then `module <specifier>` for the slowest modules at their
 * real start times when known. Sent under the function segment, as one datagram.
 */
export function sendInit(target: XrayTarget, init: InitRecord, moduleStarts: Map<string, number>): void {
  const handler = target.handler;
  const ctor = handler.constructor as SubsegmentCtor;
  const parent = handler.parent ?? handler;
  const origin = init.processStartEpochMs;
  const children: SegmentLike[] = [];
  let at = origin;
  for (const phase of init.phases) {
    children.push(closedSubsegment(ctor, `${INIT_PHASE_PREFIX}${phase.name}`, at / 1000, (at + phase.ms) / 1000));
    at += phase.ms;
  }
  for (const m of init.imports.modules.slice(0, MAX_MODULE_CHILDREN)) {
    const start = origin + (moduleStarts.get(m.module) ?? 0);
    children.push(closedSubsegment(ctor, `${INIT_MODULE_PREFIX}${m.module}`, start / 1000, (start + m.ms) / 1000));
  }
  sendDocument(
    parent,
    ctor,
    INIT_SUBSEGMENT_NAME,
    origin / 1000,
    (origin + init.durationMs) / 1000,
    METADATA_KEYS.init,
    init,
    children,
  );
}
