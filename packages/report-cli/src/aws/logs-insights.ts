import {
  type CloudWatchLogsClient,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  type ResultField,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CliError } from '../cli/errors.js';
import { describeAwsError } from './errors.js';
import type { TimeWindow } from './time-window.js';
import type { FetchSettings, LatencyFigures, PopulationStats, Progress, QueryStatistics } from './types.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Only the REPORT lines of this version's log streams (`2026/11/28/[3]…`), when a version is known. */
function reportFilter(version: string | undefined): string {
  const stream = version ? ` and strcontains(@logStream, ${JSON.stringify(`[${version}]`)})` : '';
  return `filter @type = "REPORT"${stream}`;
}

/**
 * Every figure computed server-side over all REPORT lines in the window. @maxMemoryUsed and
 * @memorySize are bytes (MB × 1,000,000, formats.md §6.2b); @duration, @initDuration are ms.
 */
export function populationQuery(version?: string): string {
  return [
    reportFilter(version),
    '| stats count(*) as invocations, count(@initDuration) as coldStarts,',
    '  avg(@duration) as avgMs, pct(@duration, 50) as p50Ms, pct(@duration, 90) as p90Ms,',
    '  pct(@duration, 99) as p99Ms, max(@duration) as maxMs,',
    '  sum(@billedDuration) as billedMsTotal, avg(@initDuration) as avgInitMs, pct(@initDuration, 90) as p90InitMs,',
    '  avg(@maxMemoryUsed) as avgMemoryUsedBytes, max(@maxMemoryUsed) as peakMemoryUsedBytes,',
    '  max(@memorySize) as memorySizeBytes, sum(strcontains(@message, "Status: timeout")) as timeouts',
  ].join('\n');
}

/** The same latency figures split by cold (an @initDuration is present) and warm. */
export function coldWarmQuery(version?: string): string {
  return [
    reportFilter(version),
    '| fields ispresent(@initDuration) as coldStart, @duration',
    '| stats count(*) as invocations, avg(@duration) as avgMs, pct(@duration, 50) as p50Ms,',
    '  pct(@duration, 90) as p90Ms, pct(@duration, 99) as p99Ms by coldStart',
  ].join('\n');
}

export interface InsightsResult {
  rows: Record<string, string>[];
  statistics: QueryStatistics;
}

function rowOf(fields: ResultField[]): Record<string, string> {
  const row: Record<string, string> = {};
  for (const f of fields) if (f.field && f.value !== undefined) row[f.field] = f.value;
  return row;
}

/** StartQuery, then GetQueryResults until the query is Complete, with a growing poll interval. */
export async function runInsightsQuery(
  logs: CloudWatchLogsClient,
  logGroup: string,
  window: TimeWindow,
  queryString: string,
  settings: FetchSettings,
  progress: Progress,
): Promise<InsightsResult> {
  let queryId: string | undefined;
  try {
    const started = await logs.send(
      new StartQueryCommand({
        logGroupName: logGroup,
        // Logs Insights takes epoch seconds; round outward so no REPORT line at the edges is lost.
        startTime: Math.floor(window.startMs / 1000),
        endTime: Math.ceil(window.endMs / 1000),
        queryString,
      }),
    );
    queryId = started.queryId;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') {
      throw new CliError(`log group ${logGroup} not found: has the function run and logged in this region?`, {
        cause: error,
      });
    }
    throw describeAwsError(error, 'logs:StartQuery');
  }
  if (!queryId) throw new CliError('logs:StartQuery returned no queryId');
  const deadline = Date.now() + settings.queryTimeoutMs;
  let wait = settings.pollMs;
  for (;;) {
    let out: GetQueryResultsCommandOutput;
    try {
      out = await logs.send(new GetQueryResultsCommand({ queryId }));
    } catch (error) {
      throw describeAwsError(error, 'logs:GetQueryResults');
    }
    const scanned = out.statistics?.bytesScanned ?? 0;
    progress(`Logs Insights: ${out.status ?? 'waiting'}, ${(scanned / 1e6).toFixed(1)} MB scanned`);
    if (out.status === 'Complete') {
      return {
        rows: (out.results ?? []).map(rowOf),
        statistics: {
          recordsMatched: out.statistics?.recordsMatched ?? 0,
          recordsScanned: out.statistics?.recordsScanned ?? 0,
          bytesScanned: scanned,
        },
      };
    }
    if (out.status === 'Failed' || out.status === 'Cancelled' || out.status === 'Timeout') {
      throw new CliError(`Logs Insights query on ${logGroup} ended with status ${out.status}`);
    }
    if (Date.now() + wait > deadline) {
      throw new CliError(
        `Logs Insights query on ${logGroup} did not finish within ${settings.queryTimeoutMs / 1000} s`,
      );
    }
    await sleep(wait);
    wait = Math.min(settings.maxPollMs, Math.round(wait * 1.5));
  }
}

function num(row: Record<string, string> | undefined, field: string): number | null {
  const raw = row?.[field];
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

const mb = (bytes: number | null) => (bytes === null ? null : bytes / 1_000_000);

function latency(row: Record<string, string> | undefined): LatencyFigures | null {
  if (!row) return null;
  return {
    invocations: num(row, 'invocations') ?? 0,
    avgMs: num(row, 'avgMs'),
    p50Ms: num(row, 'p50Ms'),
    p90Ms: num(row, 'p90Ms'),
    p99Ms: num(row, 'p99Ms'),
  };
}

/** Reads the two queries' rows into typed population figures. */
export function parsePopulation(
  logGroup: string,
  query: string,
  overall: InsightsResult,
  split: InsightsResult | null,
): PopulationStats {
  const row = overall.rows[0];
  const isCold = (r: Record<string, string>) => r.coldStart === '1' || r.coldStart === 'true';
  const cold = split?.rows.find(isCold);
  const warm = split?.rows.find((r) => !isCold(r));
  const statistics = split
    ? {
        recordsMatched: overall.statistics.recordsMatched,
        recordsScanned: overall.statistics.recordsScanned + split.statistics.recordsScanned,
        bytesScanned: overall.statistics.bytesScanned + split.statistics.bytesScanned,
      }
    : overall.statistics;
  return {
    logGroup,
    query,
    invocations: num(row, 'invocations') ?? 0,
    coldStarts: num(row, 'coldStarts') ?? 0,
    timeouts: num(row, 'timeouts') ?? 0,
    latency: latency(row) ?? { invocations: 0, avgMs: null, p50Ms: null, p90Ms: null, p99Ms: null },
    cold: latency(cold),
    warm: latency(warm),
    maxMs: num(row, 'maxMs'),
    avgInitMs: num(row, 'avgInitMs'),
    p90InitMs: num(row, 'p90InitMs'),
    billedMsTotal: num(row, 'billedMsTotal'),
    avgMemoryUsedMb: mb(num(row, 'avgMemoryUsedBytes')),
    peakMemoryUsedMb: mb(num(row, 'peakMemoryUsedBytes')),
    memorySizeMb: mb(num(row, 'memorySizeBytes')),
    statistics,
  };
}

/** Both queries run concurrently (Logs Insights allows 30 concurrent queries per account). */
export async function fetchPopulation(
  logs: CloudWatchLogsClient,
  logGroup: string,
  window: TimeWindow,
  version: string | undefined,
  settings: FetchSettings,
  progress: Progress,
): Promise<PopulationStats> {
  const query = populationQuery(version);
  const [overall, split] = await Promise.all([
    runInsightsQuery(logs, logGroup, window, query, settings, progress),
    runInsightsQuery(logs, logGroup, window, coldWarmQuery(version), settings, progress),
  ]);
  return parsePopulation(logGroup, query, overall, split);
}
