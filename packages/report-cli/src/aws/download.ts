import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Service, Trace } from '@aws-sdk/client-xray';
import { CliError } from '../cli/errors.js';
import { type AwsClients, createAwsClients, destroyAwsClients } from './clients.js';
import { describeAwsError, isAccessDenied } from './errors.js';
import { fetchFunctionConfiguration } from './function-config.js';
import { fetchSampledLogEvents, traceKeys } from './log-events.js';
import { fetchPopulation } from './logs-insights.js';
import { isoOf } from './time-window.js';
import {
  type AwsDownloadManifest,
  DEFAULT_FETCH_SETTINGS,
  type FetchSettings,
  type FromAwsOptions,
  type PopulationStats,
  type Progress,
} from './types.js';
import {
  defaultFilterExpression,
  fetchServiceGraph,
  fetchTraceIds,
  fetchTraceSegmentDestination,
  fetchTraces,
} from './xray-fetch.js';

export const AWS_FILES = {
  manifest: 'aws.json',
  traces: 'traces.json',
  logs: 'logs.json',
  functionConfiguration: 'function-configuration.json',
  serviceGraph: 'service-graph.json',
  population: 'population.json',
} as const;

/** Everything downloaded, in memory as well as in `dir`. */
export interface AwsDownload {
  dir: string;
  manifest: AwsDownloadManifest;
  configuration: FunctionConfiguration | null;
  traces: Trace[];
  services: Service[];
  population: PopulationStats | null;
}

async function resolveRegion(clients: AwsClients): Promise<string> {
  try {
    return await clients.lambda.config.region();
  } catch (error) {
    throw describeAwsError(error, 'region lookup');
  }
}

function noTracesError(
  options: FromAwsOptions,
  region: string,
  filter: string,
  destination: string | null,
  configuration: FunctionConfiguration | null,
): CliError {
  const where = `for ${options.functionName} in ${region} between ${isoOf(options.window.startMs)} and ${isoOf(options.window.endMs)}`;
  if (destination === 'CloudWatchLogs') {
    return new CliError(
      `no traces ${where}: this account uses X-Ray Transaction Search (segments go to the aws/spans log group ` +
        'and are not indexed for GetTraceSummaries/BatchGetTraces). Raise the indexing percentage in the ' +
        'CloudWatch console (Transaction Search settings) or profile with `lambda-profiler collect`/`run`.',
    );
  }
  const mode = configuration?.TracingConfig?.Mode;
  if (mode && mode !== 'Active') {
    return new CliError(
      `no traces ${where}: its tracing mode is ${mode}; set it to Active ` +
        `(aws lambda update-function-configuration --function-name ${options.functionName} --tracing-config Mode=Active)`,
    );
  }
  return new CliError(`no traces ${where} (filter: ${filter}); widen --since or check that the function was invoked`);
}

async function writeJson(dir: string, name: string, value: unknown, pretty = true): Promise<string> {
  await writeFile(join(dir, name), `${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`);
  return name;
}

/**
 * Downloads what `generate` needs from AWS into `options.outDir`, in the formats the readers know:
 * `traces.json` (batch-get-traces output), `logs.json` (filter-log-events output),
 * `function-configuration.json` (get-function-configuration output), plus the service graph, the
 * Logs Insights population figures and a manifest. Files are written as soon as their data is in,
 * so a later failure keeps what was already downloaded.
 */
export async function downloadFromAws(
  options: FromAwsOptions,
  progress: Progress,
  settings: FetchSettings = DEFAULT_FETCH_SETTINGS,
): Promise<AwsDownload> {
  const clients = createAwsClients(options);
  try {
    return await download(clients, options, progress, settings);
  } finally {
    destroyAwsClients(clients);
  }
}

async function download(
  clients: AwsClients,
  options: FromAwsOptions,
  progress: Progress,
  settings: FetchSettings,
): Promise<AwsDownload> {
  const region = await resolveRegion(clients);
  const notes: string[] = [];
  progress(`Lambda: reading the configuration of ${options.functionName}`);
  const config = await fetchFunctionConfiguration(clients.lambda, options.functionName, options.qualifier, region);
  notes.push(...config.notes);
  const configuration = config.configuration;
  const logGroup = configuration?.LoggingConfig?.LogGroup ?? `/aws/lambda/${options.functionName}`;
  // An alias resolves to a version only through the configuration; a version or $LATEST is itself.
  const version = options.qualifier
    ? (configuration?.Version ?? (/^(\d+|\$LATEST)$/.test(options.qualifier) ? options.qualifier : undefined))
    : undefined;
  if (options.qualifier && !version) {
    notes.push(`Could not resolve alias ${options.qualifier} to a version: the log figures cover every version.`);
  }

  const filter = options.filterExpression ?? defaultFilterExpression(options.functionName);
  const [destination, ids] = await Promise.all([
    fetchTraceSegmentDestination(clients.xray),
    fetchTraceIds(clients.xray, options.window, filter, options.maxTraces, progress),
  ]);
  if (ids.ids.length === 0) throw noTracesError(options, region, filter, destination, configuration);
  if (destination === 'CloudWatchLogs') {
    notes.push(
      'X-Ray Transaction Search is enabled: only the indexed share of traces is visible to GetTraceSummaries, ' +
        'so the sampled traces are a subset of a subset.',
    );
  }
  if (ids.capped) {
    notes.push(
      `${ids.summaries} traces matched; ${ids.ids.length} were sampled (--max-traces ${options.maxTraces}), ` +
        'spread evenly over the window.',
    );
  }

  await mkdir(options.outDir, { recursive: true });
  const files: AwsDownloadManifest['files'] = {
    traces: AWS_FILES.traces,
    logs: AWS_FILES.logs,
    functionConfiguration: null,
    serviceGraph: null,
    population: null,
  };
  if (configuration)
    files.functionConfiguration = await writeJson(options.outDir, AWS_FILES.functionConfiguration, configuration);

  const batch = await fetchTraces(clients.xray, ids.ids, settings, progress);
  await writeJson(
    options.outDir,
    AWS_FILES.traces,
    { Traces: batch.traces, UnprocessedTraceIds: batch.unprocessed },
    false,
  );
  if (batch.unprocessed.length > 0) {
    notes.push(`${batch.unprocessed.length} traces were still being processed by X-Ray and are left out.`);
  }

  const keys = traceKeys(batch.traces);
  const failure = (action: string) => (error: unknown) => {
    throw new CliError(`${describeAwsError(error, action).message} (traces already saved in ${options.outDir})`, {
      cause: error,
    });
  };
  const [graph, population, logEvents] = await Promise.all([
    fetchServiceGraph(clients.xray, options.window).catch(failure('xray:GetServiceGraph')),
    fetchPopulation(clients.logs, logGroup, options.window, version, settings, progress).catch((error: unknown) => {
      if (isAccessDenied(error instanceof CliError ? error.cause : error)) {
        notes.push(
          'logs:StartQuery was denied: latency, cold-start and memory figures come from the sampled traces only.',
        );
        return null;
      }
      return failure('logs:StartQuery')(error);
    }),
    fetchSampledLogEvents(clients.logs, logGroup, keys, progress).catch(failure('logs:FilterLogEvents')),
  ]);
  notes.push(...graph.notes);
  await writeJson(options.outDir, AWS_FILES.logs, { events: logEvents.events }, false);
  if (graph.services.length > 0) {
    files.serviceGraph = await writeJson(options.outDir, AWS_FILES.serviceGraph, {
      StartTime: isoOf(options.window.startMs),
      EndTime: isoOf(options.window.endMs),
      Services: graph.services,
    });
  }
  if (population) files.population = await writeJson(options.outDir, AWS_FILES.population, population);
  if (keys.requestIds.size > 0 && logEvents.events.length === 0) {
    notes.push(`No REPORT lines of the sampled invocations were found in ${logGroup}.`);
  }

  const manifest: AwsDownloadManifest = {
    kind: 'lambda-profiler-aws-download',
    v: 1,
    function: options.functionName,
    qualifier: options.qualifier ?? null,
    region,
    logGroup,
    from: isoOf(options.window.startMs),
    to: isoOf(options.window.endMs),
    filterExpression: filter,
    maxTraces: options.maxTraces,
    counts: {
      traceSummaries: ids.summaries,
      tracesProcessed: ids.tracesProcessed,
      traces: batch.traces.length,
      unprocessedTraceIds: batch.unprocessed.length,
      logEvents: logEvents.events.length,
    },
    traceSegmentDestination: destination,
    files,
    notes,
  };
  await writeJson(options.outDir, AWS_FILES.manifest, manifest);
  return { dir: options.outDir, manifest, configuration, traces: batch.traces, services: graph.services, population };
}
