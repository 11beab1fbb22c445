import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XRayCollector } from '../collector/daemon.js';
import { FileAppender } from '../collector/file-appender.js';
import { encodeDatagram } from '../collector/protocol.js';
import { RUN_FILES, type RunManifest } from '../contracts/run-folder.js';
import { validateRunManifest } from '../contracts/validate.js';
import { epochMs } from './clock.js';
import { ExecutionEnvironment, type InvocationOutcome } from './environment.js';
import type { ResolvedHandler } from './handler-spec.js';
import { newRequestId, newSegmentId, newTraceId, traceHeader } from './ids.js';
import { buildLambdaEnv, heapLimitMb, runtimeName } from './lambda-env.js';
import { buildRunManifest, type RunCounts } from './manifest.js';
import {
  billedDurationMs,
  endLine,
  initReportLine,
  initStartLine,
  memoryUsedMb,
  reportLine,
  runtimeExitLines,
  startLine,
  timeoutLine,
} from './platform-log.js';
import { EnvironmentPool } from './pool.js';
import type { ErrorInfo } from './protocol.js';
import { buildServiceSegments } from './service-segments.js';

/** The account id in local ARNs (no AWS account is involved). */
export const LOCAL_ACCOUNT_ID = '000000000000';

export interface RunConfig {
  handler: ResolvedHandler;
  functionName: string;
  memoryMb: number;
  timeoutS: number;
  architecture: 'x86_64' | 'arm64';
  region: string;
  concurrency: number;
  /** End an environment after this many invocations (0: never). */
  recycleAfter: number;
  /** `--env KEY=VALUE` pairs. */
  userEnv: Record<string, string>;
  outDir: string;
  mode: 'events' | 'serve';
  /** dist/runtime-bootstrap.js */
  bootstrapPath: string;
  /** The environment the function's environment starts from (default: this process's). */
  baseEnv?: NodeJS.ProcessEnv;
}

export type InvocationStatus = 'success' | 'error' | 'timeout' | 'crash';

export interface InvocationResult {
  requestId: string;
  traceHeader: string;
  status: InvocationStatus;
  coldStart: boolean;
  /** The handler's result as JSON text, on success. */
  payload?: string;
  error?: ErrorInfo;
  /** Duration as on the REPORT line, ms. */
  durationMs: number;
}

/**
 * One `lambda-profiler run`: a built-in X-Ray daemon, a pool of execution environments and the run
 * folder (`traces.ndjson`, `function.log`, `run.json`). `invoke()` plays the Lambda service for one
 * request; `finish()` drains everything and writes `run.json`.
 */
export class RunSession {
  readonly config: RunConfig;
  readonly counts: RunCounts = { invocations: 0, coldStarts: 0, errors: 0, timeouts: 0, crashes: 0 };
  readonly functionArn: string;
  readonly #collector: XRayCollector;
  readonly #log: FileAppender;
  readonly #pool: EnvironmentPool;
  readonly #udp: Socket;
  readonly #startedAtMs = epochMs();
  readonly #heapMb: number;
  readonly #runtime = runtimeName();
  readonly #inFlight = new Set<Promise<unknown>>();
  #pendingSends = 0;
  #sendsDone: (() => void)[] = [];
  #finished: Promise<RunManifest> | undefined;

  private constructor(config: RunConfig, collector: XRayCollector, log: FileAppender) {
    this.config = config;
    this.#collector = collector;
    this.#log = log;
    this.#heapMb = heapLimitMb(config.memoryMb);
    this.functionArn = `arn:aws:lambda:${config.region}:${LOCAL_ACCOUNT_ID}:function:${config.functionName}`;
    this.#udp = createSocket('udp4');
    const env = buildLambdaEnv({
      functionName: config.functionName,
      memoryMb: config.memoryMb,
      handler: config.handler.handler,
      taskRoot: config.handler.taskRoot,
      region: config.region,
      daemonAddress: collector.address,
      runtime: this.#runtime,
      userEnv: config.userEnv,
      base: config.baseEnv ?? process.env,
    });
    const spec = {
      bootstrapPath: config.bootstrapPath,
      handlerFile: config.handler.file,
      exportPath: config.handler.exportPath,
      taskRoot: config.handler.taskRoot,
      env,
      heapMb: this.#heapMb,
      onOutput: (line: string) => this.#line(line),
    };
    const major = this.#runtime.replace(/^nodejs|\.x$/g, '');
    const initStart = initStartLine(
      `nodejs:${major}.local`,
      `arn:aws:lambda:${config.region}::runtime:local-node-${process.version}`,
    );
    this.#pool = new EnvironmentPool(
      () => {
        this.#line(initStart);
        const environment = new ExecutionEnvironment(spec);
        void environment.ready.then((outcome) => {
          if (outcome.ok) return;
          const duration = epochMs() - environment.startedAtMs;
          this.#line(initReportLine(duration, outcome.timedOut ? 'timeout' : 'error', outcome.error.errorType));
        });
        return environment;
      },
      { concurrency: config.concurrency, recycleAfter: config.recycleAfter },
    );
  }

  /** Creates the run folder and starts the built-in X-Ray daemon on a free loopback port. */
  static async start(config: RunConfig): Promise<RunSession> {
    mkdirSync(config.outDir, { recursive: true });
    const collector = await XRayCollector.start({
      host: '127.0.0.1',
      port: 0,
      out: new FileAppender(join(config.outDir, RUN_FILES.traces)),
    });
    const log = new FileAppender(join(config.outDir, RUN_FILES.log));
    return new RunSession(config, collector, log);
  }

  get daemonAddress(): string {
    return this.#collector.address;
  }

  get environments(): readonly ExecutionEnvironment[] {
    return this.#pool.all;
  }

  /** Runs one invocation as the Lambda service would; never rejects for a function failure. */
  invoke(event: unknown, options: { requestId?: string } = {}): Promise<InvocationResult> {
    if (this.#finished) return Promise.reject(new Error('the run is finished'));
    const promise = this.#invoke(event, options.requestId ?? newRequestId());
    this.#inFlight.add(promise);
    void promise.finally(() => this.#inFlight.delete(promise));
    return promise;
  }

  /** Resolves when no invocation is in flight. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #invoke(event: unknown, requestId: string): Promise<InvocationResult> {
    const acceptedMs = epochMs();
    const traceId = newTraceId(acceptedMs);
    const serviceSegmentId = newSegmentId();
    const functionSegmentId = newSegmentId();
    const header = traceHeader(traceId, functionSegmentId);
    const environment = await this.#pool.acquire();
    try {
      const coldStart = environment.requestIds.length === 0;
      const init = await environment.ready;
      this.counts.invocations++;
      this.#line(startLine(requestId));
      if (!init.ok) {
        environment.requestIds.push(requestId);
        this.counts.errors++;
        if (init.timedOut) this.counts.timeouts++;
        this.#line(endLine(requestId));
        this.#line(
          reportLine({
            requestId,
            durationMs: 0,
            billedDurationMs: billedDurationMs(0, epochMs() - environment.startedAtMs),
            memorySizeMb: this.config.memoryMb,
            maxMemoryUsedMb: memoryUsedMb(environment.maxRssKb),
            status: init.timedOut ? 'timeout' : 'error',
            errorType: init.error.errorType,
          }),
        );
        return { requestId, traceHeader: header, status: 'error', coldStart, error: init.error, durationMs: 0 };
      }
      const timeoutMs = this.config.timeoutS * 1000;
      const outcome = await environment.invoke(
        {
          requestId,
          event,
          traceHeader: header,
          deadlineMs: epochMs() + timeoutMs,
          invokedFunctionArn: this.functionArn,
        },
        timeoutMs,
      );
      const doneMs = epochMs();
      if (coldStart) this.counts.coldStarts++;
      const result = this.#report(outcome, { requestId, header, traceId, functionSegmentId, coldStart, environment });
      this.#sendSegments(outcome, {
        traceId,
        serviceSegmentId,
        functionSegmentId,
        requestId,
        acceptedMs,
        doneMs,
        coldStart,
        environment,
        error: result.error,
      });
      return result;
    } finally {
      this.#pool.release(environment);
    }
  }

  #report(
    outcome: InvocationOutcome,
    ids: {
      requestId: string;
      header: string;
      traceId: string;
      functionSegmentId: string;
      coldStart: boolean;
      environment: ExecutionEnvironment;
    },
  ): InvocationResult {
    const { requestId } = ids;
    const durationMs = Math.max(0, outcome.endMs - outcome.startMs);
    let status: InvocationStatus = 'success';
    let error: ErrorInfo | undefined;
    let errorType: string | undefined;
    switch (outcome.kind) {
      case 'error':
        status = 'error';
        error = outcome.error;
        break;
      case 'timeout':
        status = 'timeout';
        this.counts.timeouts++;
        error = {
          errorType: 'Sandbox.Timedout',
          errorMessage: `Task timed out after ${this.config.timeoutS.toFixed(2)} seconds`,
          trace: [],
        };
        this.#line(timeoutLine(new Date(outcome.endMs), requestId, this.config.timeoutS));
        break;
      case 'crash':
        status = 'crash';
        this.counts.crashes++;
        error = outcome.error;
        errorType = 'Runtime.ExitError';
        // The bootstrap exits with 129 after an uncaught exception, as Lambda's runtime does.
        for (const line of runtimeExitLines(
          requestId,
          outcome.error.errorType === 'Runtime.ExitError'
            ? outcome.error.errorMessage
            : 'Runtime exited with error: exit status 129',
          errorType,
        )) {
          this.#line(line);
        }
        break;
    }
    if (status !== 'success') this.counts.errors++;
    const initDurationMs = ids.coldStart ? (ids.environment.initDurationMs ?? undefined) : undefined;
    this.#line(endLine(requestId));
    this.#line(
      reportLine({
        requestId,
        durationMs,
        billedDurationMs: billedDurationMs(durationMs, initDurationMs),
        memorySizeMb: this.config.memoryMb,
        maxMemoryUsedMb: memoryUsedMb(outcome.maxRssKb),
        initDurationMs,
        status: status === 'timeout' ? 'timeout' : status === 'crash' ? 'error' : undefined,
        errorType,
        xray: { traceId: ids.traceId, segmentId: ids.functionSegmentId, sampled: true },
      }),
    );
    return {
      requestId,
      traceHeader: ids.header,
      status,
      coldStart: ids.coldStart,
      payload: outcome.kind === 'success' ? outcome.payload : undefined,
      error,
      durationMs,
    };
  }

  #sendSegments(
    outcome: InvocationOutcome,
    input: {
      traceId: string;
      serviceSegmentId: string;
      functionSegmentId: string;
      requestId: string;
      acceptedMs: number;
      doneMs: number;
      coldStart: boolean;
      environment: ExecutionEnvironment;
      error: ErrorInfo | undefined;
    },
  ): void {
    // The environment's clock readings are clamped into the runner's, so no span runs backwards.
    const invocationStart = Math.max(outcome.startMs, outcome.dispatchMs);
    const invocationEnd = Math.min(Math.max(outcome.endMs, invocationStart), input.doneMs);
    const { environment } = input;
    const documents = buildServiceSegments({
      traceId: input.traceId,
      serviceSegmentId: input.serviceSegmentId,
      functionSegmentId: input.functionSegmentId,
      functionName: this.config.functionName,
      functionArn: this.functionArn,
      accountId: LOCAL_ACCOUNT_ID,
      requestId: input.requestId,
      service: { startMs: input.acceptedMs, endMs: input.doneMs },
      function: { startMs: outcome.dispatchMs, endMs: input.doneMs },
      initialization:
        input.coldStart && environment.readyAtMs !== null
          ? { startMs: environment.startedAtMs, endMs: environment.readyAtMs }
          : undefined,
      invocation: { startMs: invocationStart, endMs: invocationEnd },
      overhead: { startMs: invocationEnd, endMs: input.doneMs },
      error: input.error,
    });
    for (const document of documents) {
      this.#pendingSends++;
      this.#udp.send(encodeDatagram(document), this.#collector.port, this.#collector.host, () => {
        this.#pendingSends--;
        if (this.#pendingSends === 0) for (const resolve of this.#sendsDone.splice(0)) resolve();
      });
    }
  }

  #line(line: string): void {
    this.#log.appendLine(line);
  }

  /**
   * Waits for in-flight invocations, shuts every environment down, lets the daemon read what was
   * sent, and writes `run.json`. Idempotent.
   */
  finish(): Promise<RunManifest> {
    this.#finished ??= (async () => {
      await this.idle();
      await this.#pool.drain();
      if (this.#pendingSends > 0) await new Promise<void>((resolve) => this.#sendsDone.push(resolve));
      this.#udp.close();
      const stats = await this.#collector.close({ quietMs: 50 });
      await this.#log.close();
      const manifest = buildRunManifest({
        function: {
          name: this.config.functionName,
          handler: this.config.handler.handler,
          memoryMb: this.config.memoryMb,
          timeoutS: this.config.timeoutS,
          architecture: this.config.architecture,
          runtime: this.#runtime,
        },
        mode: this.config.mode,
        startedAtMs: this.#startedAtMs,
        endedAtMs: epochMs(),
        counts: this.counts,
        concurrency: this.config.concurrency,
        environments: this.#pool.all,
        collector: { documents: stats.documents, invalid: stats.invalid },
        heapMb: this.#heapMb,
      });
      const validation = validateRunManifest(manifest);
      if (!validation.valid) throw new Error(`run.json does not match its schema: ${validation.errors.join('; ')}`);
      writeFileSync(join(this.config.outDir, RUN_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
      return manifest;
    })();
    return this.#finished;
  }
}
