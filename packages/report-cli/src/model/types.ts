import type {
  AwsCallRecord,
  DetailsRecord,
  HttpCallRecord,
  InitRecord,
  InvocationRecord,
  ProfileRecord,
} from '@lambda-profiler/middleware/contract';

/** An X-Ray segment or subsegment document as parsed (loose: real documents carry more). */
export interface XrayDoc {
  id: string;
  name: string;
  trace_id?: string;
  parent_id?: string;
  type?: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  inferred?: boolean;
  origin?: string;
  namespace?: string;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  http?: {
    request?: { url?: string; method?: string; traced?: boolean };
    response?: { status?: number; content_length?: number };
  };
  aws?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  cause?: unknown;
  resource_arn?: string;
  subsegments?: XrayDoc[];
}

/** One REPORT line (text or `platform.report`), the numbers only. */
export interface ReportRecord {
  requestId: string;
  durationMs: number;
  billedMs: number | null;
  memorySizeMb: number | null;
  maxMemoryUsedMb: number | null;
  initDurationMs: number | null;
  restoreDurationMs: number | null;
  traceId: string | null;
  segmentId: string | null;
  status: 'success' | 'timeout' | 'error' | 'failure' | null;
  errorType: string | null;
  timestampMs: number | null;
  /** Sequence number in reading order (orders an environment's invocations). */
  order: number;
  /** Execution environment inferred from the log stream (LogStore; run.json's are kept apart). */
  environment?: string | null;
}

/** A downstream call: an AWS SDK call or an HTTP request, from X-Ray and/or middleware records. */
export interface Call {
  id: string;
  kind: 'aws' | 'http';
  /** `DynamoDB`, or the HTTP service name (host map or host). */
  service: string;
  operation: string | null;
  table: string | null;
  host: string | null;
  method: string | null;
  startMs: number;
  endMs: number;
  durationMs: number;
  status: number | null;
  error: boolean;
  fault: boolean;
  throttle: boolean;
  /** Retries as counted (attempts − 1, from the middleware), or null when unknown. */
  retries: number | null;
  /** X-Ray's `aws.retries` as written: attempts for SDK v3 (1 = no retry), retries for v2. */
  rawRetries: number | null;
  awsRequestId: string | null;
  /** Id of the node the call hangs under (siblings of one parent can be grouped). */
  parentId: string;
  /** Milliseconds of the call on the invocation's critical path. */
  criticalMs: number;
  aws?: AwsCallRecord;
  http?: HttpCallRecord;
}

/** A node of the invocation's work tree (handler subsegments, spans, calls). */
export interface WorkNode {
  id: string;
  name: string;
  startMs: number;
  endMs: number;
  children: WorkNode[];
  call?: Call;
  /** Time on the critical path spent in this node itself (not in a child). */
  selfCriticalMs: number;
}

/** One invocation of the function, as the analyzers see it. Transient: folded into numbers. */
export interface Invocation {
  traceId: string | null;
  requestId: string | null;
  functionName: string | null;
  startMs: number | null;
  /** Handler duration (REPORT Duration when joined, else from the trace). */
  durationMs: number | null;
  coldStart: boolean | null;
  /** Init time: REPORT Init Duration, else the Initialization subsegment, else the middleware. */
  initMs: number | null;
  /** Lambda's own Initialization subsegment length, when present. */
  traceInitMs: number | null;
  report: ReportRecord | null;
  error: boolean;
  fault: boolean;
  throttle: boolean;
  timeout: boolean;
  errorType: string | null;
  annotations: Map<string, string>;
  calls: Call[];
  /** The handler's work tree (root spans the handler window), or null without a trace. */
  root: WorkNode | null;
  environment: string | null;
  memory: { allocatedMb: number | null; maxUsedMb: number | null };
  profiler: {
    invocation?: InvocationRecord;
    details?: DetailsRecord;
    init?: InitRecord;
    /** Sampled CPU + allocation profile (`## lambda-profiler:profile`). */
    profile?: ProfileRecord;
  };
  /** Upstream segments (API Gateway, callers) and the Lambda service segment, for the service map. */
  upstream: { name: string; origin: string; durationMs: number; error: boolean }[];
  /** Compact timeline of the top-level work, for the slowest-trace diagram. */
  hasTrace: boolean;
}
