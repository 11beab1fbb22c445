import type { StandInLogEvent, StandInScenario, StandInTrace } from './aws-stand-in.js';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);

/** `get-function-configuration` output for the stand-in (formats.md-like values). */
export function functionConfiguration(name: string, mode: 'Active' | 'PassThrough' = 'Active') {
  return {
    FunctionName: name,
    FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    Runtime: 'nodejs24.x',
    Handler: 'dist/handler.handler',
    Timeout: 30,
    MemorySize: 512,
    Version: '$LATEST',
    TracingConfig: { Mode: mode },
    Architectures: ['arm64'],
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
  };
}

export interface ScenarioOptions {
  functionName?: string;
  /** Sampled (traced) invocations. */
  traced: number;
  /** Invocations with a REPORT line but no trace in X-Ray (the unsampled rest of the population). */
  untraced?: number;
  /** Epoch ms of the newest invocation; invocations go back in `spacingMs` steps. */
  endMs: number;
  spacingMs?: number;
}

export interface Invocation {
  requestId: string;
  traceId: string;
  cold: boolean;
  durationMs: number;
  memoryUsedMb: number;
}

/**
 * Invocations of botFlow as AWS records them: two segments per traced invocation (AWS::Lambda and
 * AWS::Lambda::Function with Initialization / Invocation / Overhead and a DynamoDB GetItem, Java-style
 * exponent times), a REPORT line per invocation (with the XRAY part on the next line for traced ones)
 * and a Powertools EMF line before each REPORT.
 */
export function botflowScenario(options: ScenarioOptions): StandInScenario & { invocations: Invocation[] } {
  const name = options.functionName ?? 'botFlow';
  const logGroupName = `/aws/lambda/${name}`;
  const spacing = options.spacingMs ?? 60_000;
  const traces: StandInTrace[] = [];
  const logEvents: StandInLogEvent[] = [];
  const invocations: Invocation[] = [];
  const total = options.traced + (options.untraced ?? 0);
  for (let i = 0; i < total; i++) {
    const traced = i < options.traced;
    const startMs = options.endMs - (total - i) * spacing;
    const cold = i % 5 === 0;
    const durationMs = 100 + ((i * 37) % 200) + (cold ? 50 : 0);
    const initMs = cold ? 400 + i : 0;
    const memoryUsedMb = 120 + (i % 7) * 5;
    const requestId = `c793869b-ee49-415b-a5b6-${hex(i + 1, 12)}`;
    const traceId = `1-${hex(Math.floor(startMs / 1000), 8)}-${hex(i + 1, 24)}`;
    const stream = `2026/11/28/[$LATEST]${hex(Math.floor(i / 5) + 1, 32)}`;
    const t0 = startMs / 1000;
    const lambdaSeg = hex(i * 2 + 1, 16);
    const fnSeg = hex(i * 2 + 2, 16);
    invocations.push({ requestId, traceId, cold, durationMs, memoryUsedMb });
    if (traced) {
      const sub = (id: number, subName: string, from: number, to: number, extra: Record<string, unknown> = {}) => ({
        id: hex(1000 + i * 10 + id, 16),
        name: subName,
        start_time: from,
        end_time: to,
        ...extra,
      });
      const invokeStart = t0 + initMs / 1000;
      const invokeEnd = invokeStart + durationMs / 1000;
      traces.push({
        id: traceId,
        startTime: t0,
        duration: (initMs + durationMs) / 1000 + 0.01,
        segments: [
          {
            id: lambdaSeg,
            name,
            start_time: t0 - 0.005,
            end_time: invokeEnd + 0.005,
            trace_id: traceId,
            http: { response: { status: 200 } },
            aws: { request_id: requestId },
            origin: 'AWS::Lambda',
            resource_arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
          },
          {
            id: fnSeg,
            name,
            start_time: invokeStart,
            end_time: invokeEnd + 0.002,
            parent_id: lambdaSeg,
            trace_id: traceId,
            origin: 'AWS::Lambda::Function',
            aws: { function_arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}` },
            subsegments: [
              ...(cold ? [sub(1, 'Initialization', t0, invokeStart)] : []),
              sub(2, 'Invocation', invokeStart, invokeEnd, {
                subsegments: [
                  sub(3, 'DynamoDB', invokeStart + 0.01, invokeStart + 0.03, {
                    namespace: 'aws',
                    aws: { operation: 'GetItem', region: 'us-east-1', table_name: 'states', retries: 1 },
                    http: { response: { status: 200, content_length: 112 } },
                  }),
                ],
              }),
              sub(4, 'Overhead', invokeEnd, invokeEnd + 0.002),
            ],
          },
        ],
      });
    }
    const endMs = startMs + initMs + durationMs;
    logEvents.push({
      logGroupName,
      logStreamName: stream,
      timestamp: endMs - 5,
      message: `${JSON.stringify({
        _aws: {
          Timestamp: endMs - 5,
          CloudWatchMetrics: [
            { Namespace: 'botflow', Dimensions: [['service']], Metrics: [{ Name: 'MemoryUsed', Unit: 'Megabytes' }] },
          ],
        },
        service: 'botflow',
        MemoryUsed: memoryUsedMb - 10,
      })}\n`,
    });
    logEvents.push({
      logGroupName,
      logStreamName: stream,
      timestamp: endMs + 1,
      message:
        `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs + initMs)} ms\t` +
        `Memory Size: 512 MB\tMax Memory Used: ${memoryUsedMb} MB\t${cold ? `Init Duration: ${initMs.toFixed(2)} ms\t` : ''}` +
        (traced ? `\nXRAY TraceId: ${traceId}\tSegmentId: ${fnSeg}\tSampled: true\t\n` : '\n'),
    });
    // A console line that the REPORT/EMF filter pattern must leave in AWS.
    logEvents.push({
      logGroupName,
      logStreamName: stream,
      timestamp: startMs + initMs + 2,
      message: `2026-11-28T11:00:00.000Z\t${requestId}\tINFO\thandling webhook\n`,
    });
  }
  return {
    functions: { [name]: functionConfiguration(name) },
    traces,
    logEvents,
    invocations,
    services: [
      {
        ReferenceId: 0,
        Name: name,
        Type: 'AWS::Lambda',
        Edges: [{ ReferenceId: 1, SummaryStatistics: { TotalCount: total, TotalResponseTime: total * 0.2 } }],
      },
      {
        ReferenceId: 1,
        Name: name,
        Type: 'AWS::Lambda::Function',
        Edges: [
          {
            ReferenceId: 2,
            SummaryStatistics: {
              TotalCount: total,
              TotalResponseTime: total * 0.02,
              ErrorStatistics: { TotalCount: 1 },
              FaultStatistics: { TotalCount: 0 },
            },
          },
        ],
      },
      { ReferenceId: 2, Name: 'states', Type: 'AWS::DynamoDB::Table', Edges: [] },
      { ReferenceId: 3, Name: 'unrelated-fn', Type: 'AWS::Lambda::Function', Edges: [] },
    ],
  };
}
