import type { AwsCallRecord, HttpCallRecord } from '@lambda-profiler/middleware/contract';

/**
 * A deterministic generator of realistic Lambda telemetry (a chat bot: DynamoDB state reads and
 * writes, chat platform APIs, sometimes OpenAI), in the shapes AWS and the middleware produce. Used by
 * the scale benchmark and by tests that need many invocations. Seeded: same options, same bytes.
 */
export interface SyntheticOptions {
  invocations: number;
  environments: number;
  seed?: number;
  /** Middleware metadata on the handler subsegment and its own documents. */
  middleware?: boolean;
  /** Lambda's function + service segments (a local daemon receives only subsegments). */
  functionSegments?: boolean;
  startEpochMs?: number;
  functionName?: string;
}

export interface SyntheticInvocation {
  traceId: string;
  requestId: string;
  environment: string;
  cold: boolean;
  /** Documents as a daemon receives them: each subsegment on its own. */
  documents: Record<string, unknown>[];
  logLines: string[];
}

/** A small seeded PRNG (mulberry32): the same seed gives the same data on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLATFORMS = [
  { name: 'slack', host: 'slack.com', service: 'Slack API' },
  { name: 'discord', host: 'discord.com', service: 'Discord API' },
  { name: 'teams', host: 'smba.trafficmanager.net', service: 'Microsoft Teams' },
  { name: 'telegram', host: 'api.telegram.org', service: 'Telegram Bot API' },
];
const SCENARIOS = ['greeting', 'first_time_user', 'returning_user', 'complex_command', 'error'];

export function* syntheticInvocations(options: SyntheticOptions): Generator<SyntheticInvocation> {
  const rnd = mulberry32(options.seed ?? 42);
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(rnd() * 16).toString(16);
    return s;
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const fnName = options.functionName ?? 'botFlow';
  const middleware = options.middleware ?? true;
  const withFunction = options.functionSegments ?? true;
  const envs = Array.from({ length: options.environments }, (_, i) => ({
    stream: `2026/01/15/[$LATEST]${hex(32)}`,
    id: hex(16),
    served: 0,
    heap: 20 + i,
    leak: i === 0 ? 0.9 : 0,
  }));
  let t = options.startEpochMs ?? 1768471200000; // 2026-01-15T10:00:00Z
  for (let i = 0; i < options.invocations; i++) {
    const env = envs[i % envs.length]!;
    const cold = env.served === 0;
    env.served++;
    t += 40 + Math.floor(rnd() * 400);
    const traceId = `1-${Math.floor(t / 1000)
      .toString(16)
      .padStart(8, '0')}-${hex(24)}`;
    const requestId = uuid();
    const serviceId = hex(16);
    const fnId = hex(16);
    const platform = PLATFORMS[Math.floor(rnd() * PLATFORMS.length)]!;
    const scenario = SCENARIOS[Math.floor(rnd() * SCENARIOS.length)]!;
    const initMs = cold ? 380 + rnd() * 300 : 0;
    const start = t + initMs;
    const docs: Record<string, unknown>[] = [];
    const calls: (AwsCallRecord | HttpCallRecord)[] = [];
    const handlerId = hex(16);
    const sub = (name: string, s: number, e: number, extra: Record<string, unknown>) => {
      const doc = {
        id: hex(16),
        name,
        start_time: s / 1000,
        end_time: e / 1000,
        ...extra,
        type: 'subsegment',
        parent_id: handlerId,
        trace_id: traceId,
      };
      docs.push(doc);
      return doc;
    };
    let cursor = start + 2 + rnd() * 3;
    // Sequential state reads: the batching opportunity the report should find.
    const reads = 2 + Math.floor(rnd() * 2);
    for (let r = 0; r < reads; r++) {
      const d = 6 + rnd() * 10 + (rnd() < 0.01 ? 150 : 0);
      const awsRequestId = hex(32).toUpperCase();
      const doc = sub('DynamoDB', cursor, cursor + d, {
        namespace: 'aws',
        aws: { operation: 'GetItem', region: 'us-east-1', request_id: awsRequestId, retries: 1, table_name: 'states' },
        http: { response: { status: 200, content_length: 412 } },
      });
      if (middleware)
        calls.push({
          v: 1,
          kind: 'aws-call',
          service: 'DynamoDB',
          operation: 'GetItem',
          awsRequestId,
          subsegmentId: doc.id,
          startEpochMs: cursor,
          durationMs: d,
          tables: ['states'],
          items: 1,
          responseBytes: 412,
          attempts: 1,
          keyHash: r === reads - 1 && rnd() < 0.3 ? 'k0' : `k${r}`,
          hasProjection: false,
        });
      cursor += d + 0.5;
    }
    if (scenario === 'complex_command') {
      const d = 60 + rnd() * 80;
      sub('DynamoDB', cursor, cursor + d, {
        namespace: 'aws',
        aws: {
          operation: 'Scan',
          region: 'us-east-1',
          request_id: hex(32).toUpperCase(),
          retries: 1,
          table_name: 'channels',
        },
        http: { response: { status: 200, content_length: 9000 } },
      });
      cursor += d + 1;
    }
    cursor += 5 + rnd() * 20; // own code: building the reply
    if (scenario === 'complex_command' || scenario === 'first_time_user') {
      const d = 400 + rnd() * 900;
      const doc = sub('api.openai.com', cursor, cursor + d, {
        namespace: 'remote',
        http: {
          request: { url: 'https://api.openai.com/v1/chat/completions', method: 'POST' },
          response: { status: 200 },
        },
      });
      if (middleware)
        calls.push({
          v: 1,
          kind: 'http-call',
          host: 'api.openai.com',
          service: 'OpenAI API',
          method: 'POST',
          path: '/v1/chat/completions',
          status: 200,
          subsegmentId: doc.id,
          startEpochMs: cursor,
          durationMs: d,
          reusedSocket: !cold,
          ...(cold ? { dnsMs: 2, connectMs: 12, tlsMs: 25 } : {}),
          timeoutMs: 10000,
        });
      cursor += d + 1;
    }
    const d = 40 + rnd() * 120;
    const failed = scenario === 'error' && rnd() < 0.3;
    const http = sub(platform.host, cursor, cursor + d, {
      namespace: 'remote',
      ...(failed ? { fault: true } : {}),
      http: {
        request: { url: `https://${platform.host}/api/chat.postMessage`, method: 'POST' },
        response: { status: failed ? 502 : 200 },
      },
    });
    if (middleware)
      calls.push({
        v: 1,
        kind: 'http-call',
        host: platform.host,
        service: platform.service,
        method: 'POST',
        path: '/api/chat.postMessage',
        status: failed ? 502 : 200,
        subsegmentId: http.id,
        startEpochMs: cursor,
        durationMs: d,
        reusedSocket: false,
        dnsMs: 1.5,
        connectMs: 8,
        tlsMs: 18,
      });
    cursor += d + 1;
    const w = 8 + rnd() * 8;
    sub('DynamoDB', cursor, cursor + w, {
      namespace: 'aws',
      aws: {
        operation: 'PutItem',
        region: 'us-east-1',
        request_id: hex(32).toUpperCase(),
        retries: 1,
        table_name: 'states',
      },
      http: { response: { status: 200, content_length: 2 } },
    });
    cursor += w + 1;
    const end = cursor + 1;
    const heapStart = env.heap;
    env.heap += env.leak + rnd() * 0.2;
    const metadata: Record<string, unknown> = {};
    if (middleware) {
      metadata['lambda-profiler'] = {
        invocation: {
          v: 1,
          kind: 'invocation',
          requestId,
          coldStart: cold,
          initType: 'on-demand',
          environmentId: env.id,
          invocationIndex: env.served,
          sampled: i % 10 === 0,
          startEpochMs: start,
          durationMs: end - start,
          memory: {
            limitMb: 512,
            heapUsedStartMb: heapStart,
            heapUsedEndMb: env.heap,
            heapTotalMb: 60,
            peakRssMb: 90 + env.heap,
          },
          heapGrowthMb: env.heap - heapStart,
          cpu: { userMs: (end - start) * 0.12, systemMs: 2 },
          annotations: { Platform: platform.name, Scenario: scenario },
        },
      };
      if (cold) {
        const init = {
          v: 1,
          kind: 'init',
          environmentId: env.id,
          initType: 'on-demand',
          processStartEpochMs: t,
          durationMs: initMs,
          phases: [
            { name: 'runtime', ms: initMs * 0.12 },
            { name: 'imports', ms: initMs * 0.38 },
            { name: 'aws-sdk', ms: initMs * 0.3 },
            { name: 'custom', ms: initMs * 0.1 },
            { name: 'other', ms: initMs * 0.1 },
          ],
          custom: [{ name: 'load-config', startMs: initMs * 0.8, ms: initMs * 0.1 }],
          toFirstInvokeMs: 1.5,
          proactive: false,
          firstCallSetupMs: 38,
          imports: {
            source: 'register',
            count: 240,
            totalMs: initMs * 0.68,
            modules: [
              {
                module: '@aws-sdk/client-dynamodb',
                package: '@aws-sdk/client-dynamodb',
                format: 'cjs',
                ms: initMs * 0.3,
                selfMs: initMs * 0.25,
              },
              { module: 'openai', package: 'openai', format: 'esm', ms: initMs * 0.2, selfMs: initMs * 0.05 },
              { module: './src/flows.js', package: '(app)', format: 'esm', ms: initMs * 0.1, selfMs: initMs * 0.02 },
            ],
            packages: [
              { package: '@aws-sdk/client-dynamodb', files: 1, ms: initMs * 0.3, selfMs: initMs * 0.25 },
              { package: 'openai', files: 60, ms: initMs * 0.2, selfMs: initMs * 0.15 },
              { package: '(app)', files: 14, ms: initMs * 0.1, selfMs: initMs * 0.02 },
            ],
            omitted: 230,
          },
        };
        docs.push({
          id: hex(16),
          name: '## lambda-profiler:init',
          start_time: t / 1000,
          end_time: (t + initMs) / 1000,
          metadata: { 'lambda-profiler': { init } },
          type: 'subsegment',
          parent_id: withFunction ? fnId : handlerId,
          trace_id: traceId,
        });
      }
      docs.push({
        id: hex(16),
        name: '## lambda-profiler:invocation',
        start_time: start / 1000,
        end_time: end / 1000,
        metadata: {
          'lambda-profiler': {
            details: {
              v: 1,
              kind: 'details',
              requestId,
              spans:
                i % 10 === 0
                  ? [{ name: 'render reply', startEpochMs: start + 3, durationMs: 4, parent: null, heapDeltaMb: 6.5 }]
                  : [],
              calls,
            },
          },
        },
        type: 'subsegment',
        parent_id: handlerId,
        trace_id: traceId,
      });
    }
    docs.push({
      id: handlerId,
      name: '## index.handler',
      start_time: start / 1000,
      end_time: end / 1000,
      annotations: { ColdStart: cold, Service: 'botflow', Platform: platform.name, Scenario: scenario },
      ...(failed ? { fault: true } : {}),
      ...(middleware ? { metadata } : {}),
      type: 'subsegment',
      parent_id: fnId,
      trace_id: traceId,
    });
    if (withFunction) {
      const subsegments: Record<string, unknown>[] = [
        { id: hex(16), name: 'Overhead', start_time: end / 1000, end_time: (end + 0.4) / 1000 },
      ];
      if (cold) subsegments.push({ id: hex(16), name: 'Init', start_time: t / 1000, end_time: (t + initMs) / 1000 });
      docs.push({
        id: fnId,
        name: fnName,
        start_time: start / 1000,
        trace_id: traceId,
        end_time: (end + 0.5) / 1000,
        parent_id: serviceId,
        aws: { cloudwatch_logs: [{ log_group: `/aws/lambda/${fnName}` }] },
        annotations: { 'aws:responseLatency': end - start },
        origin: 'AWS::Lambda::Function',
        subsegments,
      });
      docs.push({
        id: serviceId,
        name: fnName,
        start_time: (t - 3) / 1000,
        trace_id: traceId,
        end_time: (end + 1) / 1000,
        http: { response: { status: failed ? 500 : 200 } },
        aws: { request_id: requestId },
        origin: 'AWS::Lambda',
        resource_arn: `arn:aws:lambda:us-east-1:123456789012:function:${fnName}`,
      });
    }
    const duration = (end - start).toFixed(2);
    const logLines: string[] = [];
    if (cold)
      logLines.push(
        'INIT_START Runtime Version: nodejs:24.v48\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0123',
      );
    logLines.push(`START RequestId: ${requestId} Version: $LATEST`);
    if (failed)
      logLines.push(
        `${new Date(cursor).toISOString()}\t${requestId}\tERROR\tInvoke Error \t{"errorType":"BadGateway","errorMessage":"chat API 502"}`,
      );
    logLines.push(`END RequestId: ${requestId}`);
    logLines.push(
      `REPORT RequestId: ${requestId}\tDuration: ${duration} ms\tBilled Duration: ${Math.ceil(end - start + initMs)} ms\tMemory Size: 512 MB\tMax Memory Used: ${Math.round(80 + env.heap)} MB\t${cold ? `Init Duration: ${initMs.toFixed(2)} ms\t` : ''}`,
    );
    logLines.push(`XRAY TraceId: ${traceId}\tSegmentId: ${fnId}\tSampled: true\t`);
    t = end;
    yield { traceId, requestId, environment: env.stream, cold, documents: docs, logLines };
  }
}

/** The run folder's manifest for a generated set (run.json). */
export function syntheticManifest(
  invocations: SyntheticInvocation[],
  options: { functionName?: string; memoryMb?: number; timeoutS?: number },
): Record<string, unknown> {
  const envs = new Map<string, string[]>();
  for (const inv of invocations) envs.set(inv.environment, [...(envs.get(inv.environment) ?? []), inv.requestId]);
  return {
    kind: 'lambda-profiler-run',
    v: 1,
    function: {
      name: options.functionName ?? 'botFlow',
      handler: 'dist/handler.handler',
      memoryMb: options.memoryMb ?? 512,
      timeoutS: options.timeoutS ?? 30,
      architecture: 'x86_64',
      runtime: 'nodejs24.x',
    },
    mode: 'events',
    startedAt: '2026-01-15T10:00:00.000Z',
    endedAt: '2026-01-15T10:05:00.000Z',
    counts: {
      invocations: invocations.length,
      coldStarts: invocations.filter((i) => i.cold).length,
      errors: 0,
      timeouts: 0,
      crashes: 0,
    },
    concurrency: envs.size,
    environments: [...envs.entries()].map(([logStream, requestIds]) => ({
      logStream,
      startedAt: '2026-01-15T10:00:00.000Z',
      endedAt: '2026-01-15T10:05:00.000Z',
      initDurationMs: 500,
      requestIds,
      endReason: 'drained',
    })),
    collector: { documents: invocations.reduce((s, i) => s + i.documents.length, 0), invalid: 0 },
    cpuScaledToMemory: false,
    notes: ['Local CPU is not scaled to the memory size.'],
  };
}

/** Writes a run folder (traces.ndjson, function.log, run.json) for a generated set. */
export function writeSyntheticRunFolder(
  dir: string,
  options: SyntheticOptions & { memoryMb?: number; timeoutS?: number },
  write: (path: string, text: string) => void,
): SyntheticInvocation[] {
  const invs = [...syntheticInvocations(options)];
  const docs = invs.flatMap((i) => i.documents.map((d) => JSON.stringify(d)));
  write(`${dir}/traces.ndjson`, `${docs.join('\n')}\n`);
  write(`${dir}/function.log`, `${invs.flatMap((i) => i.logLines).join('\n')}\n`);
  write(`${dir}/run.json`, `${JSON.stringify(syntheticManifest(invs, options), null, 2)}\n`);
  return invs;
}
