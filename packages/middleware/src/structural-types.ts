/**
 * Structural copies of the Middy, Powertools and X-Ray SDK shapes the profiler touches. The
 * middleware never imports those packages at runtime (they are optional peers), and these types
 * accept Middy 6 and 7, Powertools 2.x and the X-Ray SDK 3.x alike.
 */

/** The Middy request object (`middy.Request`), reduced to what the profiler reads. */
export interface MiddyRequestLike {
  event: unknown;
  context: unknown;
  response?: unknown;
  error?: unknown;
  internal: Record<string, unknown>;
}

/** A Middy middleware object. */
export interface MiddlewareObjLike {
  before?: (request: MiddyRequestLike) => unknown;
  after?: (request: MiddyRequestLike) => unknown;
  onError?: (request: MiddyRequestLike) => unknown;
}

/** The Lambda context fields the profiler reads. */
export interface LambdaContextLike {
  awsRequestId?: string;
  functionName?: string;
}

/** An X-Ray SDK segment or subsegment (`aws-xray-sdk-core`), as far as the profiler uses it. */
export interface SegmentLike {
  id: string;
  name: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  /** Set on the Lambda facade segment by the X-Ray SDK. */
  facade?: boolean;
  /** Set by the X-Ray SDK when the trace is not sampled: nothing of it is sent. */
  notTraced?: boolean;
  /** Set on segments (not subsegments). */
  trace_id?: string;
  parent?: SegmentLike;
  subsegments?: SegmentLike[];
  addAnnotation(key: string, value: string | number | boolean): void;
  addMetadata(key: string, value: unknown, namespace?: string): void;
  addNewSubsegment(name: string): SegmentLike;
  addSubsegment(subsegment: SegmentLike): void;
  removeSubsegment(subsegment: SegmentLike): void;
  addFaultFlag?(): void;
  close(error?: unknown): void;
  flush(): void;
}

/** Powertools `Tracer`, reduced to what the profiler calls. */
export interface TracerLike {
  isTracingEnabled(): boolean;
  getSegment(): unknown;
  // `never` keeps the real `setSegment(segment: Segment | Subsegment)` assignable to this type.
  setSegment(segment: never): void;
}

/** Powertools `Metrics`, reduced to what the profiler calls. */
export interface MetricsLike {
  // `never` keeps the real `addMetric(name, unit: MetricUnit, value)` assignable to this type.
  addMetric(name: string, unit: never, value: number): unknown;
  publishStoredMetrics(): unknown;
}

/** Lambda's per-invocation store (`globalThis.awslambda.InvokeStore`, `@aws/lambda-invoke-store`). */
export interface InvokeStoreLike {
  hasContext(): boolean;
  get(key: symbol): unknown;
  set(key: symbol, value: unknown): void;
  getRequestId?(): string;
}
