import { newSegmentId } from './ids.js';
import type { ErrorInfo } from './protocol.js';

/** A time span, epoch ms. */
export interface Span {
  startMs: number;
  endMs: number;
}

export interface ServiceSegmentsInput {
  traceId: string;
  /** The `AWS::Lambda` segment's id. */
  serviceSegmentId: string;
  /** The `AWS::Lambda::Function` segment's id: `Parent=` of the invocation's trace header. */
  functionSegmentId: string;
  functionName: string;
  functionArn: string;
  accountId: string;
  requestId: string;
  /** From the request's arrival to the response: queueing and the cold start included. */
  service: Span;
  /** From the runtime receiving the invocation to the runtime being ready for the next one. */
  function: Span;
  /** Cold starts only. */
  initialization?: Span;
  invocation: Span;
  overhead: Span;
  /** Set when the invocation failed (function error, timeout, crash). */
  error?: ErrorInfo;
}

const seconds = (ms: number) => Math.round(ms) / 1000;

function cause(error: ErrorInfo) {
  return { exceptions: [{ id: newSegmentId(), message: error.errorMessage, type: error.errorType }] };
}

/**
 * The two documents the Lambda service sends per traced invocation (formats.md §2.2–2.3): the
 * `AWS::Lambda` segment and the `AWS::Lambda::Function` segment with `Initialization` (cold starts),
 * `Invocation` and `Overhead` subsegments. Lambda's own times have ms precision.
 */
export function buildServiceSegments(input: ServiceSegmentsInput): [object, object] {
  const aws = { function_arn: input.functionArn };
  const sub = (name: string, span: Span, extra: object = {}) => ({
    id: newSegmentId(),
    name,
    start_time: seconds(span.startMs),
    end_time: seconds(span.endMs),
    aws,
    ...extra,
  });
  const failed = input.error ? { fault: true, cause: cause(input.error) } : {};
  const subsegments = [
    ...(input.initialization ? [sub('Initialization', input.initialization)] : []),
    sub('Invocation', input.invocation, failed),
    sub('Overhead', input.overhead),
  ];
  const service = {
    id: input.serviceSegmentId,
    name: input.functionName,
    start_time: seconds(input.service.startMs),
    end_time: seconds(input.service.endMs),
    http: { response: { status: 200 } },
    aws: { request_id: input.requestId },
    trace_id: input.traceId,
    origin: 'AWS::Lambda',
    resource_arn: input.functionArn,
  };
  const fn = {
    id: input.functionSegmentId,
    name: input.functionName,
    start_time: seconds(input.function.startMs),
    end_time: seconds(input.function.endMs),
    parent_id: input.serviceSegmentId,
    aws: { account_id: input.accountId, function_arn: input.functionArn, resource_names: [input.functionName] },
    trace_id: input.traceId,
    origin: 'AWS::Lambda::Function',
    ...failed,
    subsegments,
  };
  return [service, fn];
}
