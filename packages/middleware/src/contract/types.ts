import type { CONTRACT_VERSION, INIT_PHASES } from './names.js';

/**
 * The metadata contract: every object the middleware writes under the `lambda-profiler` X-Ray
 * metadata namespace. The CLI reads traces through these types and the JSON Schemas next to them.
 * Times: `*EpochMs` are wall-clock milliseconds since the epoch (fractional: sub-millisecond
 * precision, since X-Ray's own times stop at 1 ms); `*Ms` durations are fractional milliseconds;
 * memory is in MB (1 MB = 1,048,576 bytes) unless a field says bytes.
 */

export type ContractVersion = typeof CONTRACT_VERSION;
export type InitPhaseName = (typeof INIT_PHASES)[number];

/** How the execution environment was initialized (`AWS_LAMBDA_INITIALIZATION_TYPE`). */
export type InitializationType =
  | 'on-demand'
  | 'provisioned-concurrency'
  | 'snap-start'
  | 'lambda-managed-instances'
  | 'unknown';

export type AnnotationValue = string | number | boolean;

/**
 * Memory facts of one invocation. Every invocation: the configured size and the peak RSS (re-read at
 * most once a second). Sampled invocations (`sampleRate`, the first one of an environment, all with
 * `memory: 'detailed'`): the V8 heap at start and end and external memory. `process.memoryUsage()`
 * (RSS, array buffers): the first invocation and `memory: 'detailed'` only.
 *
 * Why the heap figures are not on every invocation: `v8.getHeapStatistics()` costs 0.2 µs in a loop
 * but 1.7–2.5 µs inside a warm invocation (measured), a quarter of the overhead budget; the leak trend
 * per environment is computed from the sampled invocations instead.
 */
export interface MemorySnapshot {
  /** Configured memory size (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`), null when unknown. */
  limitMb: number | null;
  heapUsedStartMb?: number;
  heapUsedEndMb?: number;
  heapTotalMb?: number;
  /** Peak resident set size of the process so far (`process.resourceUsage().maxRSS`). */
  peakRssMb: number;
  externalMb?: number;
  rssMb?: number;
  arrayBuffersMb?: number;
}

/** Time spent in one Middy middleware hook, from `profilerPlugin()`. */
export interface MiddlewareTiming {
  /** Position in the `.use()` chain (0-based) — names alone are ambiguous. */
  position: number;
  /** The hook function's name (`before`, `captureLambdaHandlerBefore`, `` for inline ones). */
  name: string;
  phase: 'before' | 'after' | 'onError' | 'handler';
  ms: number;
}

/** Written on the handler subsegment (`metadata['lambda-profiler'].invocation`), under 8 kB. */
export interface InvocationRecord {
  v: ContractVersion;
  kind: 'invocation';
  /** Lambda request id (`context.awsRequestId`). */
  requestId: string;
  coldStart: boolean;
  initType: InitializationType;
  /** Random id per execution environment (process), to group invocations by environment. */
  environmentId: string;
  /** 1 for the first invocation this environment served. */
  invocationIndex: number;
  /** Whether detailed capture ran (sampleRate). */
  sampled: boolean;
  startEpochMs: number;
  /** Handler time as the profiler measured it (its `before` to its `after`). */
  durationMs: number;
  memory: MemorySnapshot;
  /** heapUsedEnd − heapUsedStart: sampled invocations only, like heapUsedStartMb. */
  heapGrowthMb?: number;
  /** Sampled invocations: garbage collections that started during the invocation, and their pause time. */
  gc?: { count: number; pauseMs: number };
  /** CPU time of the process during the invocation, when measured. */
  cpu?: { userMs: number; systemMs: number };
  /** Extra annotations returned by `annotate()`, as written to X-Ray. */
  annotations?: Record<string, AnnotationValue>;
  /** Per-middleware timings (`profilerPlugin()`), when the plugin is used. */
  middlewares?: MiddlewareTiming[];
  /** Whether the invocation ended with an error (the handler's own error, untouched). */
  error?: boolean;
  /**
   * Another middleware returned early, so the profiler middleware never ran: recorded by
   * `profilerPlugin()` at `requestEnd`, in a `## lambda-profiler:invocation` subsegment.
   */
  earlyReturn?: boolean;
  /** Present when fields were dropped to stay under the size budget. */
  truncated?: boolean;
}

/** One `span()` measurement. Per-span heap only on sampled invocations. */
export interface SpanRecord {
  name: string;
  startEpochMs: number;
  durationMs: number;
  /** Index of the enclosing span in the same list, or null at top level. */
  parent: number | null;
  /** Sampled invocations: V8 heap used at the end minus at the start. */
  heapDeltaMb?: number;
  /** Sampled invocations: GC pause time within the span (a pause overlapping parallel spans counts in each). */
  gcPauseMs?: number;
  attributes?: Record<string, AnnotationValue>;
  error?: boolean;
}

/** A per-call record of `instrumentAWSClient`. Joined to X-Ray's own subsegment by `awsRequestId`. */
export interface AwsCallRecord {
  v: ContractVersion;
  kind: 'aws-call';
  /** Service id, e.g. `DynamoDB` (X-Ray's subsegment name for the client). */
  service: string;
  /** Operation as X-Ray writes it (`GetItem`, `Query`, `BatchGetItem`). */
  operation: string;
  awsRequestId: string | null;
  /** X-Ray subsegment id of the call, when known. */
  subsegmentId?: string;
  startEpochMs: number;
  durationMs: number;
  tables: string[];
  index?: string;
  hasKeyCondition?: boolean;
  hasFilter?: boolean;
  hasProjection?: boolean;
  limit?: number;
  consistentRead?: boolean;
  /** Items returned (Items.length, Item present = 1, Responses summed for batches). */
  items?: number;
  count?: number;
  scannedCount?: number;
  responseBytes?: number;
  consumedCapacity?: number;
  attempts?: number;
  throttled?: boolean;
  unprocessed?: number;
  keyAttributes?: string[];
  filterAttributes?: string[];
  /** Salted per-process hash of the key(s) read, to count repeated identical reads. */
  keyHash?: string;
  /** First call of this client: credential + endpoint resolution time. */
  firstCallSetupMs?: number;
  error?: string;
}

/** A per-request record of the HTTP insight (undici / node:http(s) diagnostics channels). */
export interface HttpCallRecord {
  v: ContractVersion;
  kind: 'http-call';
  host: string;
  /** Friendly service name from the host map (`Telegram Bot API`), or the host. */
  service: string;
  method: string;
  /** Redacted path template (`/bot:redacted/sendMessage`); never a query string. */
  path: string;
  status: number | null;
  /** X-Ray subsegment id of the call, when known. */
  subsegmentId?: string;
  startEpochMs: number;
  durationMs: number;
  /** false = a new connection was opened for this request. */
  reusedSocket: boolean | null;
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  /** Time to first byte of the response, from the request start. */
  ttfbMs?: number;
  timeoutMs?: number;
  /**
   * The request was made by an AWS SDK v3 client (it carries `amz-sdk-invocation-id`): its
   * `aws-call` record is the main one; this one adds the connection facts (reuse, setup).
   */
  awsSdk?: boolean;
  error?: string;
}

export type CallRecord = AwsCallRecord | HttpCallRecord;

/**
 * The profiler's own per-invocation child document (`## lambda-profiler:invocation`,
 * `metadata['lambda-profiler'].details`). Bounded at 64 kB; truncated with a marker.
 */
export interface DetailsRecord {
  v: ContractVersion;
  kind: 'details';
  requestId: string;
  spans: SpanRecord[];
  calls: CallRecord[];
  /** Counts of entries dropped to stay under the document limit. */
  truncated?: { spans: number; calls: number };
}

/** One module load timed by the register entry. */
export interface ModuleTiming {
  /** Package-relative specifier (`@aws-sdk/client-dynamodb`, `./src/flows.js`). Never an absolute path. */
  module: string;
  /** Package name, or `(app)` for the function's own files. */
  package: string;
  /** `bundle`: timed by the build-time markers of the esbuild/webpack plugin inside a bundle. */
  format: 'esm' | 'cjs' | 'bundle';
  /** Inclusive time (with children), ms. */
  ms: number;
  /** Exclusive time, ms. */
  selfMs: number;
  /** Bytes the module takes in the bundle (esbuild metafile / webpack stats), when bundled. */
  bytes?: number;
}

export interface PackageTiming {
  package: string;
  files: number;
  ms: number;
  selfMs: number;
  /** Bytes of the package's modules in the bundle, when bundled. */
  bytes?: number;
}

export interface InitPhase {
  name: InitPhaseName;
  ms: number;
}

export interface CustomInitMark {
  name: string;
  /** Offset from process start (`performance.timeOrigin`). */
  startMs: number;
  ms: number;
}

/** Written on `## lambda-profiler:init` (`metadata['lambda-profiler'].init`), first invocation only. */
export interface InitRecord {
  v: ContractVersion;
  kind: 'init';
  environmentId: string;
  initType: InitializationType;
  /** `performance.timeOrigin`: when the process started. */
  processStartEpochMs: number;
  /** From process start to the end of init (the first invocation's `before`, or a handler-ready mark). */
  durationMs: number;
  /** Exclusive phases; their `ms` sum to `durationMs`. */
  phases: InitPhase[];
  custom: CustomInitMark[];
  /** Gap between the end of init and the first invocation. */
  toFirstInvokeMs: number;
  /** Init long before the first invoke (Lambda's proactive initialization). */
  proactive: boolean;
  /** First AWS SDK call's credential / endpoint setup, when `instrumentAWSClient` saw it. */
  firstCallSetupMs: number | null;
  imports: {
    /**
     * `register` when the register entry timed imports; `bundle` when the markers of the esbuild/webpack
     * plugin timed the modules inside a bundle; `none` otherwise.
     */
    source: 'register' | 'bundle' | 'none';
    /** The bundle the modules were timed in (`bundle` source). */
    bundle?: { bundler: 'esbuild' | 'webpack'; bytes: number };
    count: number;
    totalMs: number;
    modules: ModuleTiming[];
    packages: PackageTiming[];
    /** Modules beyond the top N, folded into `packages`. */
    omitted: number;
  };
}

/**
 * One function of a sampled CPU profile. `location` is where the function is defined, package-relative
 * and 1-based (`./src/flows.ts:42`, `lodash/cloneDeep.js:12`), mapped through the file's source map
 * when it has one; `node:internal/…` for Node's own code; `(native)` for V8's (GC, builtins).
 */
export interface HotFunction {
  name: string;
  location: string;
  /** Package name, `(app)` for the function's own files, `(node)` / `(v8)` for the runtime. */
  package: string;
  /** Sampled time spent in the function itself. */
  selfMs: number;
  /** Sampled time with everything it called (recursion counted once). */
  totalMs: number;
  /** selfMs as a share (0–100) of the profile's sampled time. */
  selfPct: number;
}

/** One allocation site of a sampled heap profile (V8's sampling heap profiler). */
export interface AllocationSite {
  /** The allocating function. */
  name: string;
  location: string;
  package: string;
  /** Estimated bytes allocated by the function itself during the invocation (collected or not). */
  bytes: number;
  /** bytes as a share (0–100) of all sampled bytes. */
  pct: number;
}

/**
 * A sampled CPU + allocation profile of one invocation (`profileRate`, `slowMs`), sent as its own child
 * document (`## lambda-profiler:profile`, `metadata['lambda-profiler'].profile`), bounded at 64 kB:
 * functions and sites are dropped from the end (the least costly) and counted in `truncated`.
 */
export interface ProfileRecord {
  v: ContractVersion;
  kind: 'profile';
  requestId: string;
  /** Why this invocation was profiled: the `profileRate` draw, or the previous one exceeded `slowMs`. */
  trigger: 'rate' | 'slow';
  /**
   * 1 for the first profile of the execution environment. In the first one, functions V8 had already
   * optimized and inlined may be counted in their caller.
   */
  sequence: number;
  cpu: {
    intervalUs: number;
    /** Sampled time (samples × their intervals), ms. */
    sampledMs: number;
    samples: number;
    /** By selfMs, descending. */
    functions: HotFunction[];
  } | null;
  heap: {
    /** Average bytes between two samples (V8's sampling interval). */
    intervalBytes: number;
    /** Estimated bytes allocated during the invocation. */
    totalBytes: number;
    /** By bytes, descending. */
    sites: AllocationSite[];
  } | null;
  /** Milliseconds the profiler added to this invocation (start, stop, summarizing). */
  overheadMs: number;
  /** Counts of entries dropped to stay under the document limit. */
  truncated?: { functions: number; sites: number };
}

/** The value under the `lambda-profiler` namespace on any document. */
export interface ProfilerMetadata {
  invocation?: InvocationRecord;
  details?: DetailsRecord;
  init?: InitRecord;
  profile?: ProfileRecord;
}
