import { CONTRACT_VERSION } from '../contract/names.js';
import type { AwsCallRecord } from '../contract/types.js';
import { type CallSink, currentCallSink, globalState } from '../recording/global-state.js';
import { describeRequest, describeResponse } from './aws-call-shape.js';

/** The part of Powertools' `Tracer` used here. */
export interface AwsClientTracer {
  captureAWSv3Client<T>(client: T): T;
}

export interface InstrumentAWSClientOptions {
  /** Powertools Tracer: when given, the client is also wrapped with `tracer.captureAWSv3Client`. */
  tracer?: AwsClientTracer;
}

/** The smithy middleware API of an AWS SDK v3 client (structural: no dependency on the SDK's types). */
type Handler = (args: MiddlewareArgs) => Promise<HandlerResult>;
type Middleware = (next: Handler, context: MiddlewareContext) => Handler;
interface MiddlewareArgs {
  input?: Record<string, unknown>;
  request?: { headers?: Record<string, string | undefined> };
}
interface HandlerResult {
  output?: Record<string, unknown> & { $metadata?: ResponseMetadata };
  response?: { headers?: Record<string, string | undefined> };
}
interface ResponseMetadata {
  requestId?: string;
  attempts?: number;
}
interface MiddlewareContext {
  clientName?: string;
  commandName?: string;
}
interface MiddlewareStack {
  add(middleware: Middleware, options: { step: string; name: string; priority?: string; override?: boolean }): void;
}

/** Anything with an SDK v3 middleware stack: a client or a `DynamoDBDocumentClient`. */
export interface AwsClientLike {
  middlewareStack: unknown;
}

/**
 * Per-call state, shared by this package's middlewares through the SDK's per-call context object as
 * a WeakMap key: adding a property to that object would change its shape under every SDK middleware.
 */
interface CallState {
  start: number;
  built: number;
  subsegmentId: string | undefined;
  throttled: boolean;
}

const calls = new WeakMap<MiddlewareContext, CallState>();
const INSTRUMENTED = Symbol.for('lambda-profiler.aws-client.instrumented');
const NAMES = { call: 'lambdaProfilerAwsCall', build: 'lambdaProfilerAwsBuild', attempt: 'lambdaProfilerAwsAttempt' };

const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'Throttling',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

function isThrottling(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: string; $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } };
  return (
    (e.name !== undefined && THROTTLING_ERRORS.has(e.name)) ||
    e.$retryable?.throttling === true ||
    e.$metadata?.httpStatusCode === 429
  );
}

// X-Ray's own middleware (build step) writes `X-Amzn-Trace-Id: Root=…;Parent=<subsegment id>;…` on the
// request: the documented header, read here to join the record to X-Ray's subsegment.
const PARENT = /Parent=([0-9a-f]{16})/;

function traceParent(headers: Record<string, string | undefined> | undefined): string | undefined {
  const header = headers?.['X-Amzn-Trace-Id'] ?? headers?.['x-amzn-trace-id'];
  return header === undefined ? undefined : PARENT.exec(header)?.[1];
}

/**
 * Adds dependency insight to an AWS SDK v3 client and returns the same client. Records one
 * `AwsCallRecord` per call made during an invocation (operation, tables, index, expressions
 * present, limit, items, counts, bytes, capacity, attempts, throttling, unprocessed keys, attribute
 * names, a salted key hash) and the first call's credential and endpoint setup. Idempotent; works
 * under `DynamoDBDocumentClient.from(client)` (which shares the client's middleware stack).
 *
 * @example
 * const ddb = DynamoDBDocumentClient.from(instrumentAWSClient(new DynamoDBClient({}), { tracer }));
 */
export function instrumentAWSClient<T extends AwsClientLike>(client: T, options: InstrumentAWSClientOptions = {}): T {
  if (options.tracer) {
    // Idempotent itself: the X-Ray SDK removes its middleware before adding it again.
    options.tracer.captureAWSv3Client(client);
  }
  const stack = client.middlewareStack as MiddlewareStack | undefined;
  const marked = client as unknown as Record<symbol, boolean | undefined>;
  if (!stack || typeof stack.add !== 'function' || marked[INSTRUMENTED]) return client;
  marked[INSTRUMENTED] = true;
  addMiddlewares(stack);
  return client;
}

function addMiddlewares(stack: MiddlewareStack): void {
  let firstCall = true;

  // initialize, outermost: the whole call, retries included; the input before any marshalling.
  // Outside an invocation (after the first call) it only passes the call on: no await, no state.
  const callMiddleware: Middleware = (next, context) => {
    const lambdaProfilerAwsCall: Handler = (args) => {
      const sink = currentCallSink();
      if (sink === undefined && !firstCall) return next(args);
      return recordCall(next, context, args, sink);
    };
    return lambdaProfilerAwsCall;
  };

  async function recordCall(
    next: Handler,
    context: MiddlewareContext,
    args: MiddlewareArgs,
    sink: CallSink | undefined,
  ): Promise<HandlerResult> {
    const state: CallState = { start: performance.now(), built: 0, subsegmentId: undefined, throttled: false };
    calls.set(context, state);
    let result: HandlerResult | undefined;
    let failure: unknown;
    let failed = false;
    try {
      result = await next(args);
      return result;
    } catch (error) {
      failure = error;
      failed = true;
      throw error;
    } finally {
      try {
        const end = performance.now();
        let setupMs: number | undefined;
        if (firstCall && state.built > 0) {
          firstCall = false;
          setupMs = state.built - state.start;
          const global = globalState();
          if (global.firstCallSetupMs === null) global.firstCallSetupMs = setupMs;
        }
        if (sink !== undefined) {
          sink.addCall(buildRecord(context, args, state, end, setupMs, result, failure, failed));
        }
      } catch {
        // The call's own result or error is what the caller gets, whatever happens here.
      }
    }
  }

  // build, last: credentials and endpoint are resolved (serialize step) and X-Ray's middleware has
  // opened its subsegment and written the trace header. Synchronous: no extra await per call.
  const buildMiddleware: Middleware = (next, context) => {
    const lambdaProfilerAwsBuild: Handler = (args) => {
      const state = calls.get(context);
      if (state !== undefined) {
        if (state.built === 0) state.built = performance.now();
        state.subsegmentId = traceParent(args.request?.headers);
      }
      return next(args);
    };
    return lambdaProfilerAwsBuild;
  };

  // deserialize, outermost: runs once per attempt (inside the retry loop), so a throttled attempt
  // that a retry later recovered from is still seen.
  const attemptMiddleware: Middleware = (next, context) => {
    const lambdaProfilerAwsAttempt: Handler = (args) => {
      const state = calls.get(context);
      if (state === undefined) return next(args);
      return next(args).catch((error: unknown) => {
        if (isThrottling(error)) state.throttled = true;
        throw error;
      });
    };
    return lambdaProfilerAwsAttempt;
  };

  stack.add(callMiddleware, { step: 'initialize', priority: 'high', name: NAMES.call, override: true });
  stack.add(buildMiddleware, { step: 'build', priority: 'low', name: NAMES.build, override: true });
  stack.add(attemptMiddleware, { step: 'deserialize', priority: 'high', name: NAMES.attempt, override: true });
}

function buildRecord(
  context: MiddlewareContext,
  args: MiddlewareArgs,
  state: CallState,
  end: number,
  setupMs: number | undefined,
  result: HandlerResult | undefined,
  failure: unknown,
  failed: boolean,
): AwsCallRecord {
  const clientName = context.clientName ?? 'AWS';
  const commandName = context.commandName ?? 'Unknown';
  const output = result?.output;
  const metadata: ResponseMetadata | undefined = failed
    ? (failure as { $metadata?: ResponseMetadata } | undefined)?.$metadata
    : output?.$metadata;
  const record: AwsCallRecord = {
    v: CONTRACT_VERSION,
    kind: 'aws-call',
    // X-Ray names the subsegment after the client minus `Client`, the operation after the command.
    service: clientName.endsWith('Client') ? clientName.slice(0, -6) : clientName,
    operation: commandName.endsWith('Command') ? commandName.slice(0, -7) : commandName,
    awsRequestId: metadata?.requestId ?? null,
    startEpochMs: performance.timeOrigin + state.start,
    durationMs: end - state.start,
    tables: [],
  };
  if (state.subsegmentId !== undefined) record.subsegmentId = state.subsegmentId;
  if (args.input) describeRequest(record, args.input);
  if (output) describeResponse(record, output);
  const length = result?.response?.headers?.['content-length'];
  if (length !== undefined) {
    const bytes = Number.parseInt(length, 10);
    if (Number.isFinite(bytes) && bytes >= 0) record.responseBytes = bytes;
  }
  if (typeof metadata?.attempts === 'number' && metadata.attempts >= 1) record.attempts = metadata.attempts;
  if (state.throttled || (failed && isThrottling(failure))) record.throttled = true;
  if (setupMs !== undefined) record.firstCallSetupMs = setupMs;
  if (failed) record.error = (failure as { name?: string } | undefined)?.name ?? 'Error';
  return record;
}
