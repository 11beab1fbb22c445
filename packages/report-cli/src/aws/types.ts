/** The `--from-aws` flags of `generate`, parsed. */
export interface FromAwsOptions {
  functionName: string;
  qualifier?: string;
  region?: string;
  profile?: string;
  window: { startMs: number; endMs: number };
  /** Replaces the default `service(id(name: "NAME", type: "AWS::Lambda::Function"))`. */
  filterExpression?: string;
  maxTraces: number;
  /** Folder the data goes into: `.lambda-profiler/aws/<timestamp>/` by default. */
  outDir: string;
}

/** Knobs for the fetch layer's own waits, set small in tests. */
export interface FetchSettings {
  /** First wait between GetQueryResults polls; grows ×1.5 up to `maxPollMs`. */
  pollMs: number;
  maxPollMs: number;
  /** Give up on a Logs Insights query after this long. */
  queryTimeoutMs: number;
  /** How often BatchGetTraces is asked again for UnprocessedTraceIds, and the first backoff. */
  unprocessedRetries: number;
  unprocessedBackoffMs: number;
  /** Parallel BatchGetTraces / FilterLogEvents calls. */
  concurrency: number;
}

export const DEFAULT_FETCH_SETTINGS: FetchSettings = {
  pollMs: 500,
  maxPollMs: 3000,
  queryTimeoutMs: 5 * 60_000,
  unprocessedRetries: 4,
  unprocessedBackoffMs: 400,
  concurrency: 4,
};

export const DEFAULT_MAX_TRACES = 500;

/** Sink for progress lines (see cli/progress.ts); a TTY shows them in place, otherwise they are dropped. */
export type { Progress } from '../cli/progress.js';

/** AWS's own REPORT statistics over every invocation in the window, from Logs Insights. */
export interface LatencyFigures {
  invocations: number;
  avgMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
}

export interface QueryStatistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
}

export interface PopulationStats {
  logGroup: string;
  query: string;
  invocations: number;
  coldStarts: number;
  timeouts: number;
  latency: LatencyFigures;
  cold: LatencyFigures | null;
  warm: LatencyFigures | null;
  maxMs: number | null;
  avgInitMs: number | null;
  p90InitMs: number | null;
  billedMsTotal: number | null;
  /** MB: Logs Insights reports @maxMemoryUsed/@memorySize in bytes as MB × 1,000,000. */
  avgMemoryUsedMb: number | null;
  peakMemoryUsedMb: number | null;
  memorySizeMb: number | null;
  statistics: QueryStatistics;
}

/** Written as `aws.json` beside the downloaded data: what was asked, what came back. */
export interface AwsDownloadManifest {
  kind: 'lambda-profiler-aws-download';
  v: 1;
  function: string;
  qualifier: string | null;
  region: string | null;
  logGroup: string;
  from: string;
  to: string;
  filterExpression: string;
  maxTraces: number;
  counts: {
    traceSummaries: number;
    tracesProcessed: number;
    traces: number;
    unprocessedTraceIds: number;
    logEvents: number;
  };
  traceSegmentDestination: string | null;
  files: {
    traces: string;
    logs: string;
    functionConfiguration: string | null;
    serviceGraph: string | null;
    population: string | null;
  };
  notes: string[];
}
