import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the three AWS services `generate --from-aws` calls, speaking their wire
 * protocols so the real SDK v3 clients talk to it through AWS_ENDPOINT_URL_*: Lambda and X-Ray
 * (REST-JSON, errors in `x-amzn-errortype`) and CloudWatch Logs (AWS JSON 1.1, `X-Amz-Target:
 * Logs_20140328.*`, errors as `__type`). Responses follow the documented shapes (formats.md §3, §6.3).
 */

export type Operation =
  | 'GetFunctionConfiguration'
  | 'GetTraceSummaries'
  | 'BatchGetTraces'
  | 'GetServiceGraph'
  | 'GetTraceSegmentDestination'
  | 'StartQuery'
  | 'GetQueryResults'
  | 'FilterLogEvents';

export interface StandInTrace {
  id: string;
  /** Epoch seconds. */
  startTime: number;
  duration: number;
  segments: Record<string, unknown>[];
}

export interface StandInLogEvent {
  logGroupName: string;
  logStreamName: string;
  timestamp: number;
  message: string;
}

export interface StandInScenario {
  functions: Record<string, Record<string, unknown>>;
  traces: StandInTrace[];
  logEvents: StandInLogEvent[];
  services?: Record<string, unknown>[];
  destination?: 'XRay' | 'CloudWatchLogs';
  summaryPageSize?: number;
  logPageSize?: number;
  /** Ids reported as UnprocessedTraceIds the first time they are asked for. */
  unprocessedOnce?: string[];
  /** Answer this operation with a throttling error this many times before serving it. */
  throttle?: Partial<Record<Operation, number>>;
  deny?: Operation[];
  /** GetQueryResults answers `Running` this many times per query before `Complete`. */
  queryRunningPolls?: number;
}

export interface RecordedRequest {
  operation: Operation;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  url: string;
}

export interface StandIn {
  url: string;
  requests: RecordedRequest[];
  /** Environment that points the SDK at the stand-in with dummy credentials. */
  env: Record<string, string>;
  of(operation: Operation): RecordedRequest[];
  close(): Promise<void>;
}

const THROTTLE: Record<'rest' | 'json', { status: number; type: string }> = {
  rest: { status: 429, type: 'ThrottledException' },
  json: { status: 400, type: 'ThrottlingException' },
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': 'standin-0001', ...headers });
  res.end(text);
}

function restError(res: ServerResponse, status: number, type: string, message: string): void {
  send(res, status, { Type: 'User', message }, { 'x-amzn-errortype': type });
}

function jsonError(res: ServerResponse, type: string, message: string): void {
  send(res, 400, { __type: type, message }, { 'content-type': 'application/x-amz-json-1.1' });
}

/** REPORT fields Logs Insights discovers (formats.md §6.2b): ms, and memory in bytes as MB × 1,000,000. */
function reportFields(message: string) {
  if (!message.startsWith('REPORT RequestId:')) return null;
  const field = (name: string) => {
    const m = new RegExp(`${name}: ([\\d.]+) (ms|MB)`).exec(message);
    return m ? Number(m[1]) : null;
  };
  const memorySize = field('Memory Size');
  const maxMemoryUsed = field('Max Memory Used');
  return {
    duration: field('Duration') ?? 0,
    billedDuration: field('Billed Duration') ?? 0,
    initDuration: field('Init Duration'),
    memorySize: memorySize === null ? null : memorySize * 1_000_000,
    maxMemoryUsed: maxMemoryUsed === null ? null : maxMemoryUsed * 1_000_000,
    timeout: message.includes('Status: timeout') ? 1 : 0,
  };
}

/** Nearest-rank percentile, as a stand-in for Logs Insights' own `pct`. */
function pct(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const avg = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

function fieldsOf(row: Record<string, number | null>): { field: string; value: string }[] {
  return Object.entries(row)
    .filter(([, v]) => v !== null)
    .map(([field, value]) => ({ field, value: String(value) }));
}

/** Answers the two queries of src/aws/logs-insights.ts by computing over the stand-in's REPORT lines. */
function insightsResults(queryString: string, events: StandInLogEvent[]) {
  const reports = events.map((e) => reportFields(e.message)).filter((r) => r !== null);
  const latency = (rs: typeof reports) => ({
    invocations: rs.length,
    avgMs: avg(rs.map((r) => r.duration)),
    p50Ms: pct(
      rs.map((r) => r.duration),
      50,
    ),
    p90Ms: pct(
      rs.map((r) => r.duration),
      90,
    ),
    p99Ms: pct(
      rs.map((r) => r.duration),
      99,
    ),
  });
  if (queryString.includes('by coldStart')) {
    const cold = reports.filter((r) => r.initDuration !== null);
    const warm = reports.filter((r) => r.initDuration === null);
    return [
      ...(warm.length ? [fieldsOf({ coldStart: 0, ...latency(warm) })] : []),
      ...(cold.length ? [fieldsOf({ coldStart: 1, ...latency(cold) })] : []),
    ];
  }
  const inits = reports.flatMap((r) => (r.initDuration === null ? [] : [r.initDuration]));
  const memory = reports.flatMap((r) => (r.maxMemoryUsed === null ? [] : [r.maxMemoryUsed]));
  return [
    fieldsOf({
      ...latency(reports),
      coldStarts: inits.length,
      maxMs: reports.length ? Math.max(...reports.map((r) => r.duration)) : null,
      billedMsTotal: reports.reduce((s, r) => s + r.billedDuration, 0),
      avgInitMs: avg(inits),
      p90InitMs: pct(inits, 90),
      avgMemoryUsedBytes: avg(memory),
      peakMemoryUsedBytes: memory.length ? Math.max(...memory) : null,
      memorySizeBytes: reports.reduce((m, r) => Math.max(m, r.memorySize ?? 0), 0) || null,
      timeouts: reports.reduce((s, r) => s + r.timeout, 0),
    }),
  ];
}

/** `?"a" ?"b"`: an event matches when its message contains any of the quoted terms. */
function matchesPattern(message: string, pattern: string | undefined): boolean {
  if (!pattern) return true;
  const terms = [...pattern.matchAll(/\?"([^"]+)"/g)].map((m) => m[1]!);
  return terms.length === 0 || terms.some((t) => message.includes(t));
}

export async function startAwsStandIn(scenario: StandInScenario): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  const throttleLeft = new Map(Object.entries(scenario.throttle ?? {}));
  const unprocessed = new Set(scenario.unprocessedOnce ?? []);
  const queries = new Map<
    string,
    { queryString: string; logGroupName: string; start: number; end: number; polls: number }
  >();
  const summaryPage = scenario.summaryPageSize ?? 5;
  const logPage = scenario.logPageSize ?? 4;

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const target = String(req.headers['x-amz-target'] ?? '');
    let operation: Operation | undefined;
    let protocol: 'rest' | 'json' = 'rest';
    const fnMatch = /^\/2015-03-31\/functions\/([^/]+)\/configuration$/.exec(url.pathname);
    if (req.method === 'GET' && fnMatch) operation = 'GetFunctionConfiguration';
    else if (url.pathname === '/TraceSummaries') operation = 'GetTraceSummaries';
    else if (url.pathname === '/Traces') operation = 'BatchGetTraces';
    else if (url.pathname === '/ServiceGraph') operation = 'GetServiceGraph';
    else if (url.pathname === '/GetTraceSegmentDestination') operation = 'GetTraceSegmentDestination';
    else if (target.startsWith('Logs_20140328.')) {
      operation = target.slice('Logs_20140328.'.length) as Operation;
      protocol = 'json';
    }
    if (!operation)
      return restError(res, 404, 'UnknownOperationException', `no route for ${req.method} ${url.pathname}`);
    requests.push({ operation, body, headers: req.headers, url: req.url ?? '' });

    const left = throttleLeft.get(operation) ?? 0;
    if (left > 0) {
      throttleLeft.set(operation, left - 1);
      const t = THROTTLE[protocol];
      return protocol === 'json'
        ? jsonError(res, t.type, 'Rate exceeded')
        : restError(res, t.status, t.type, 'Rate exceeded');
    }
    if (scenario.deny?.includes(operation)) {
      const action = `${protocol === 'json' ? 'logs' : operation === 'GetFunctionConfiguration' ? 'lambda' : 'xray'}:${operation}`;
      const message = `User: arn:aws:iam::123456789012:user/tester is not authorized to perform: ${action}`;
      return protocol === 'json'
        ? jsonError(res, 'AccessDeniedException', message)
        : restError(res, 403, 'AccessDeniedException', message);
    }

    switch (operation) {
      case 'GetFunctionConfiguration': {
        const name = decodeURIComponent(fnMatch![1]!);
        const fn = scenario.functions[name];
        if (!fn) {
          return restError(
            res,
            404,
            'ResourceNotFoundException',
            `Function not found: arn:aws:lambda:us-east-1:123456789012:function:${name}`,
          );
        }
        const qualifier = url.searchParams.get('Qualifier');
        return send(res, 200, qualifier ? { ...fn, Version: qualifier === 'live' ? '7' : qualifier } : fn);
      }
      case 'GetTraceSummaries': {
        const start = Number(body.StartTime);
        const end = Number(body.EndTime);
        const matching = scenario.traces
          .filter((t) => t.startTime >= start && t.startTime < end)
          .sort((a, b) => b.startTime - a.startTime);
        const offset = Number(body.NextToken ?? 0);
        const page = matching.slice(offset, offset + summaryPage);
        const next = offset + summaryPage < matching.length ? String(offset + summaryPage) : undefined;
        return send(res, 200, {
          TraceSummaries: page.map((t) => ({
            Id: t.id,
            StartTime: t.startTime,
            Duration: t.duration,
            ResponseTime: t.duration,
            HasFault: false,
            HasError: false,
            HasThrottle: false,
            IsPartial: false,
            ServiceIds: [{ Name: 'botFlow', Names: ['botFlow'], Type: 'AWS::Lambda::Function' }],
          })),
          ApproximateTime: end,
          TracesProcessedCount: page.length * 2,
          ...(next ? { NextToken: next } : {}),
        });
      }
      case 'BatchGetTraces': {
        const ids = (body.TraceIds as string[]) ?? [];
        if (ids.length > 5) {
          return restError(res, 400, 'InvalidRequestException', 'Exceeding maximum query size: 5');
        }
        const later = ids.filter((id) => unprocessed.delete(id));
        const traces = scenario.traces
          .filter((t) => ids.includes(t.id) && !later.includes(t.id))
          .map((t) => ({
            Id: t.id,
            Duration: t.duration,
            LimitExceeded: false,
            Segments: t.segments.map((s) => ({ Id: s.id, Document: JSON.stringify(s) })),
          }));
        return send(res, 200, { Traces: traces, UnprocessedTraceIds: later });
      }
      case 'GetServiceGraph':
        return send(res, 200, {
          StartTime: body.StartTime,
          EndTime: body.EndTime,
          Services: scenario.services ?? [],
          ContainsOldGroupVersions: false,
        });
      case 'GetTraceSegmentDestination':
        return send(res, 200, { Destination: scenario.destination ?? 'XRay', Status: 'ACTIVE' });
      case 'StartQuery': {
        const logGroupName = String(body.logGroupName);
        if (!scenario.logEvents.some((e) => e.logGroupName === logGroupName)) {
          return jsonError(res, 'ResourceNotFoundException', 'The specified log group does not exist.');
        }
        const queryId = `q-${queries.size + 1}`;
        queries.set(queryId, {
          queryString: String(body.queryString),
          logGroupName,
          start: Number(body.startTime) * 1000,
          end: Number(body.endTime) * 1000,
          polls: 0,
        });
        return send(res, 200, { queryId }, { 'content-type': 'application/x-amz-json-1.1' });
      }
      case 'GetQueryResults': {
        const q = queries.get(String(body.queryId));
        if (!q) return jsonError(res, 'ResourceNotFoundException', 'Query does not exist.');
        const events = scenario.logEvents.filter(
          (e) => e.logGroupName === q.logGroupName && e.timestamp >= q.start && e.timestamp <= q.end,
        );
        const bytes = events.reduce((s, e) => s + e.message.length, 0);
        if (q.polls++ < (scenario.queryRunningPolls ?? 1)) {
          return send(res, 200, {
            status: 'Running',
            results: [],
            statistics: { recordsMatched: 0, recordsScanned: events.length / 2, bytesScanned: bytes / 2 },
          });
        }
        const matching = events.filter((e) => e.message.startsWith('REPORT '));
        return send(res, 200, {
          status: 'Complete',
          results: insightsResults(q.queryString, matching),
          statistics: { recordsMatched: matching.length, recordsScanned: events.length, bytesScanned: bytes },
        });
      }
      case 'FilterLogEvents': {
        const logGroupName = String(body.logGroupName);
        const start = Number(body.startTime ?? 0);
        const end = Number(body.endTime ?? Number.MAX_SAFE_INTEGER);
        const matching = scenario.logEvents
          .filter(
            (e) =>
              e.logGroupName === logGroupName &&
              e.timestamp >= start &&
              e.timestamp <= end &&
              matchesPattern(e.message, body.filterPattern as string | undefined),
          )
          .sort((a, b) => a.timestamp - b.timestamp);
        const offset = Number(body.nextToken ?? 0);
        const page = matching.slice(offset, offset + logPage);
        const next = offset + logPage < matching.length ? String(offset + logPage) : undefined;
        return send(res, 200, {
          events: page.map((e, i) => ({
            logStreamName: e.logStreamName,
            timestamp: e.timestamp,
            message: e.message,
            ingestionTime: e.timestamp + 900,
            eventId: `${e.timestamp}${String(offset + i).padStart(6, '0')}`,
          })),
          searchedLogStreams: [],
          ...(next ? { nextToken: next } : {}),
        });
      }
      default:
        return jsonError(res, 'UnknownOperationException', `unknown operation ${operation}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    env: {
      AWS_ENDPOINT_URL_LAMBDA: url,
      AWS_ENDPOINT_URL_XRAY: url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url,
      AWS_ACCESS_KEY_ID: 'AKIDSTANDIN',
      AWS_SECRET_ACCESS_KEY: 'standin-secret',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    of: (operation) => requests.filter((r) => r.operation === operation),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
