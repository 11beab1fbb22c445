import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceSegmentDestinationCommand,
  GetTraceSummariesCommand,
  type GetTraceSummariesCommandOutput,
  type Service,
  type Trace,
  type XRayClient,
} from '@aws-sdk/client-xray';
import { describeAwsError, isAccessDenied } from './errors.js';
import { splitWindow, type TimeWindow } from './time-window.js';
import type { FetchSettings, Progress } from './types.js';

export function defaultFilterExpression(functionName: string): string {
  return `service(id(name: ${JSON.stringify(functionName)}, type: "AWS::Lambda::Function"))`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface TraceIdResult {
  ids: string[];
  summaries: number;
  tracesProcessed: number;
  /** True when more traces matched than --max-traces allowed. */
  capped: boolean;
}

/**
 * GetTraceSummaries over ≤ 6 h windows (newest first), following NextToken; each window stops paging
 * once it alone could fill the cap. The cap is then filled round-robin over the windows, so a long
 * range is sampled across its whole length instead of only its last hours.
 */
export async function fetchTraceIds(
  xray: XRayClient,
  window: TimeWindow,
  filterExpression: string,
  maxTraces: number,
  progress: Progress,
): Promise<TraceIdResult> {
  const windows = splitWindow(window);
  const seen = new Set<string>();
  const perWindow: string[][] = [];
  let summaries = 0;
  let tracesProcessed = 0;
  let capped = false;
  for (let w = 0; w < windows.length; w++) {
    const win = windows[w]!;
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      let page: GetTraceSummariesCommandOutput;
      try {
        page = await xray.send(
          new GetTraceSummariesCommand({
            StartTime: new Date(win.startMs),
            EndTime: new Date(win.endMs),
            TimeRangeType: 'TraceId',
            FilterExpression: filterExpression,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
      } catch (error) {
        throw describeAwsError(error, 'xray:GetTraceSummaries');
      }
      tracesProcessed += page.TracesProcessedCount ?? 0;
      for (const summary of page.TraceSummaries ?? []) {
        summaries++;
        if (!summary.Id || seen.has(summary.Id)) continue;
        seen.add(summary.Id);
        ids.push(summary.Id);
      }
      progress(`X-Ray: ${seen.size} trace ids (window ${w + 1}/${windows.length})`);
      nextToken = page.NextToken;
      if (ids.length >= maxTraces && nextToken) {
        capped = true;
        break;
      }
    } while (nextToken);
    perWindow.push(ids);
  }
  const chosen: string[] = [];
  for (let i = 0; chosen.length < maxTraces && perWindow.some((ids) => i < ids.length); i++) {
    for (const ids of perWindow) {
      if (i < ids.length && chosen.length < maxTraces) chosen.push(ids[i]!);
    }
  }
  if (seen.size > chosen.length) capped = true;
  return { ids: chosen, summaries, tracesProcessed, capped };
}

export interface TraceBatchResult {
  traces: Trace[];
  /** Ids X-Ray still had not processed after every retry. */
  unprocessed: string[];
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order of results. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * BatchGetTraces in chunks of 5 (the API rejects more), a few in parallel. Throttling is retried by
 * the SDK's own retry strategy; `UnprocessedTraceIds` (X-Ray has not finished processing them) are
 * asked for again with a growing backoff, and the rest reported.
 */
export async function fetchTraces(
  xray: XRayClient,
  ids: string[],
  settings: FetchSettings,
  progress: Progress,
): Promise<TraceBatchResult> {
  const traces = new Map<string, Trace>();
  let pending = ids;
  for (let attempt = 0; pending.length > 0 && attempt <= settings.unprocessedRetries; attempt++) {
    if (attempt > 0) await sleep(settings.unprocessedBackoffMs * 2 ** (attempt - 1));
    const results = await mapLimit(chunks(pending, 5), settings.concurrency, async (chunk) => {
      try {
        const out = await xray.send(new BatchGetTracesCommand({ TraceIds: chunk }));
        for (const trace of out.Traces ?? []) if (trace.Id) traces.set(trace.Id, trace);
        progress(`X-Ray: ${traces.size}/${ids.length} traces downloaded`);
        return out.UnprocessedTraceIds ?? [];
      } catch (error) {
        throw describeAwsError(error, 'xray:BatchGetTraces');
      }
    });
    pending = results.flat().filter((id) => !traces.has(id));
  }
  // Keep the summaries' order (newest first) so the written file is stable.
  return { traces: ids.flatMap((id) => traces.get(id) ?? []), unprocessed: pending };
}

export interface ServiceGraphResult {
  services: Service[];
  notes: string[];
}

/**
 * ReferenceIds are local to one response; renumbers them by name + type so services of several
 * windows can be merged (serviceMapFromGraph sums the edges).
 */
function renumber(page: Service[], ids: Map<string, number>): Service[] {
  const local = new Map<number, number>();
  for (const s of page) {
    const key = `${s.Type ?? ''}|${s.Name ?? ''}`;
    if (!ids.has(key)) ids.set(key, ids.size);
    if (s.ReferenceId !== undefined) local.set(s.ReferenceId, ids.get(key)!);
  }
  return page.map((s) => ({
    ...s,
    ReferenceId: local.get(s.ReferenceId ?? -1),
    Edges: (s.Edges ?? []).map((e) => ({ ...e, ReferenceId: local.get(e.ReferenceId ?? -1) })),
  }));
}

/** GetServiceGraph per ≤ 6 h window, following NextToken. Denied → a note, not an error. */
export async function fetchServiceGraph(xray: XRayClient, window: TimeWindow): Promise<ServiceGraphResult> {
  const services: Service[] = [];
  const ids = new Map<string, number>();
  try {
    for (const win of splitWindow(window)) {
      let nextToken: string | undefined;
      do {
        const page = await xray.send(
          new GetServiceGraphCommand({
            StartTime: new Date(win.startMs),
            EndTime: new Date(win.endMs),
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        services.push(...renumber(page.Services ?? [], ids));
        nextToken = page.NextToken;
      } while (nextToken);
    }
  } catch (error) {
    if (isAccessDenied(error)) {
      return {
        services: [],
        notes: ['xray:GetServiceGraph was denied: the service map comes from the sampled traces.'],
      };
    }
    throw describeAwsError(error, 'xray:GetServiceGraph');
  }
  return { services, notes: [] };
}

/**
 * `XRay` or `CloudWatchLogs` (Transaction Search: spans go to the `aws/spans` log group and only a
 * share is indexed for GetTraceSummaries / BatchGetTraces). Null when the call is denied or unknown
 * to the endpoint (older partitions).
 */
export async function fetchTraceSegmentDestination(xray: XRayClient): Promise<string | null> {
  try {
    const out = await xray.send(new GetTraceSegmentDestinationCommand({}));
    return out.Destination ?? null;
  } catch (error) {
    if (isAccessDenied(error)) return null;
    const name = (error as { name?: string }).name ?? '';
    if (/UnknownOperation|NotFound|InvalidRequest/i.test(name)) return null;
    throw describeAwsError(error, 'xray:GetTraceSegmentDestination');
  }
}
