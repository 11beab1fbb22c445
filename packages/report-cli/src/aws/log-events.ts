import {
  type CloudWatchLogsClient,
  type FilteredLogEvent,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Trace } from '@aws-sdk/client-xray';
import { describeAwsError } from './errors.js';
import type { TimeWindow } from './time-window.js';
import type { Progress } from './types.js';

/** What the sampled traces tell about their invocations: ids to match and when they ran. */
export interface TraceKeys {
  traceIds: Set<string>;
  requestIds: Set<string>;
  intervals: TimeWindow[];
}

interface SegmentDoc {
  start_time?: number;
  end_time?: number;
  origin?: string;
  aws?: { request_id?: string };
}

/** Request ids come from the `AWS::Lambda` segments (`aws.request_id`), times from every segment. */
export function traceKeys(traces: Trace[]): TraceKeys {
  const keys: TraceKeys = { traceIds: new Set(), requestIds: new Set(), intervals: [] };
  for (const trace of traces) {
    if (trace.Id) keys.traceIds.add(trace.Id);
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const segment of trace.Segments ?? []) {
      let doc: SegmentDoc;
      try {
        doc = JSON.parse(segment.Document ?? '{}') as SegmentDoc;
      } catch {
        continue; // generate reports the bad document; here it only cannot help find log lines
      }
      if (doc.origin === 'AWS::Lambda' && doc.aws?.request_id) keys.requestIds.add(doc.aws.request_id);
      if (typeof doc.start_time === 'number') start = Math.min(start, doc.start_time);
      if (typeof doc.end_time === 'number') end = Math.max(end, doc.end_time);
    }
    if (Number.isFinite(start)) keys.intervals.push({ startMs: start * 1000, endMs: Math.max(start, end) * 1000 });
  }
  return keys;
}

/**
 * Merges invocation intervals into few FilterLogEvents ranges: widened by a second before (Init
 * lines) and a few after (REPORT is written after the response), joined when closer than `gapMs`.
 */
export function mergeIntervals(intervals: TimeWindow[], gapMs = 60_000): TimeWindow[] {
  const sorted = intervals
    .map((i) => ({ startMs: Math.floor(i.startMs - 1000), endMs: Math.ceil(i.endMs + 5000) }))
    .sort((a, b) => a.startMs - b.startMs);
  const out: TimeWindow[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.startMs <= last.endMs + gapMs) last.endMs = Math.max(last.endMs, i.endMs);
    else out.push({ ...i });
  }
  return out;
}

/** REPORT lines (text and JSON log format) and EMF documents; everything else stays in AWS. */
export const REPORT_AND_EMF_PATTERN = '?"REPORT RequestId" ?"platform.report" ?"_aws"';

const REQUEST_ID = /REPORT RequestId: ([0-9a-f-]{36})/i;
const TRACE_ID = /XRAY TraceId: (1-[0-9a-f]{8}-[0-9a-f]{24})/i;
const DURATION = /Duration: ([\d.]+) ms/;

interface ReportLine {
  stream: string;
  timestamp: number;
  durationMs: number;
}

function reportOf(event: FilteredLogEvent): { requestId?: string; traceId?: string; durationMs?: number } | null {
  const message = event.message ?? '';
  if (message.startsWith('REPORT ')) {
    return {
      requestId: REQUEST_ID.exec(message)?.[1],
      traceId: TRACE_ID.exec(message)?.[1],
      durationMs: Number(DURATION.exec(message)?.[1] ?? 0),
    };
  }
  if (message.includes('"platform.report"')) {
    try {
      const json = JSON.parse(message) as {
        record?: { requestId?: string; metrics?: { durationMs?: number }; tracing?: { value?: string } };
      };
      const root = /Root=(1-[0-9a-f]{8}-[0-9a-f]{24})/.exec(json.record?.tracing?.value ?? '')?.[1];
      return { requestId: json.record?.requestId, traceId: root, durationMs: json.record?.metrics?.durationMs ?? 0 };
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Keeps the REPORT lines of the sampled invocations (by request id or trace id) and the EMF lines
 * written by those invocations: same log stream, between the invocation's start and its REPORT
 * (EMF lines carry no request id of their own; Powertools writes them bare).
 */
export function selectSampledEvents(events: FilteredLogEvent[], keys: TraceKeys): FilteredLogEvent[] {
  const reports: ReportLine[] = [];
  const keep = new Set<FilteredLogEvent>();
  for (const event of events) {
    const report = reportOf(event);
    if (!report) continue;
    const sampled =
      (report.requestId && keys.requestIds.has(report.requestId)) ||
      (report.traceId && keys.traceIds.has(report.traceId));
    if (!sampled) continue;
    keep.add(event);
    reports.push({
      stream: event.logStreamName ?? '',
      timestamp: event.timestamp ?? 0,
      durationMs: report.durationMs ?? 0,
    });
  }
  for (const event of events) {
    if (keep.has(event) || !(event.message ?? '').includes('"_aws"')) continue;
    const t = event.timestamp ?? 0;
    const inside = reports.some(
      (r) => r.stream === event.logStreamName && t <= r.timestamp && t >= r.timestamp - r.durationMs - 1000,
    );
    if (inside) keep.add(event);
  }
  return events.filter((e) => keep.has(e));
}

/** FilterLogEvents over the merged ranges of the sampled traces, following nextToken. */
export async function fetchSampledLogEvents(
  logs: CloudWatchLogsClient,
  logGroup: string,
  keys: TraceKeys,
  progress: Progress,
): Promise<{ events: FilteredLogEvent[]; scanned: number }> {
  const all: FilteredLogEvent[] = [];
  const ranges = mergeIntervals(keys.intervals);
  let done = 0;
  for (const range of ranges) {
    let nextToken: string | undefined;
    do {
      try {
        const page = await logs.send(
          new FilterLogEventsCommand({
            logGroupName: logGroup,
            startTime: range.startMs,
            endTime: range.endMs,
            filterPattern: REPORT_AND_EMF_PATTERN,
            ...(nextToken ? { nextToken } : {}),
          }),
        );
        all.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } catch (error) {
        throw describeAwsError(error, 'logs:FilterLogEvents');
      }
    } while (nextToken);
    done++;
    progress(`CloudWatch Logs: ${done}/${ranges.length} time ranges, ${all.length} REPORT/EMF lines`);
  }
  const seen = new Set<string>();
  const unique = all.filter((e) => {
    const key = e.eventId ?? `${e.logStreamName}\u0000${e.timestamp}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  return { events: selectSampledEvents(unique, keys), scanned: unique.length };
}
