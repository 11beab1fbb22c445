import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { UsageError } from '../cli/errors.js';
import type { CliIo } from '../cli/types.js';
import type { ProfilingReport } from '../contracts/report-types.js';
import type { ReadProgress } from '../generate/options.js';
import type { AwsDownload } from './download.js';
import { resolveWindow } from './time-window.js';
import { DEFAULT_FETCH_SETTINGS, DEFAULT_MAX_TRACES, type FetchSettings, type FromAwsOptions } from './types.js';

/** The `--from-aws` flags as commander hands them to the generate action. */
export interface FromAwsFlags {
  fromAws?: boolean;
  function?: string;
  qualifier?: string;
  since?: string;
  start?: string;
  end?: string;
  region?: string;
  profile?: string;
  filterExpression?: string;
  maxTraces?: string;
  awsDir?: string;
}

/** Adds the `--from-aws` flags to the generate command (it calls `runFromAws` when `--from-aws` is set). */
export function addFromAwsOptions(command: Command): Command {
  return command
    .option('--from-aws', 'read traces and logs from AWS (X-Ray, CloudWatch Logs) instead of files')
    .option('--function <name>', 'with --from-aws: the Lambda function name')
    .option('--qualifier <version|alias>', 'with --from-aws: a version or alias (log figures cover that version)')
    .option('--since <duration>', 'with --from-aws: the window up to now, e.g. 30m, 1h, 2d')
    .option('--start <iso>', 'with --from-aws: window start (ISO-8601, UTC unless an offset is given)')
    .option('--end <iso>', 'with --from-aws: window end (default: now)')
    .option('--region <region>', 'with --from-aws: AWS region (default: the SDK configuration chain)')
    .option('--profile <profile>', 'with --from-aws: AWS shared-config profile')
    .option(
      '--filter-expression <expr>',
      'with --from-aws: X-Ray filter expression replacing service(id(name: NAME, type: "AWS::Lambda::Function"))',
    )
    .option('--max-traces <n>', `with --from-aws: at most this many traces to download (default ${DEFAULT_MAX_TRACES})`)
    .addOption(
      new Option('--aws-dir <dir>', 'with --from-aws: where to save the data (default .lambda-profiler/aws/<time>)'),
    );
}

/** Validates the flags into fetch options; every problem is a usage error (exit 2). */
export function parseFromAwsFlags(flags: FromAwsFlags, now: Date = new Date()): FromAwsOptions {
  if (!flags.function) throw new UsageError('--from-aws needs --function <name>');
  let maxTraces = DEFAULT_MAX_TRACES;
  if (flags.maxTraces !== undefined) {
    maxTraces = Number(flags.maxTraces);
    if (!Number.isInteger(maxTraces) || maxTraces < 1) {
      throw new UsageError(`--max-traces: expected a whole number >= 1, got "${flags.maxTraces}"`);
    }
  }
  return {
    functionName: flags.function,
    ...(flags.qualifier ? { qualifier: flags.qualifier } : {}),
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.filterExpression ? { filterExpression: flags.filterExpression } : {}),
    window: resolveWindow(flags, now.getTime()),
    maxTraces,
    outDir: flags.awsDir ?? defaultAwsDir(now),
  };
}

/** `.lambda-profiler/aws/2026-11-28T17-30-05Z`: sortable, and valid on every file system. */
export function defaultAwsDir(now: Date): string {
  return join(
    '.lambda-profiler',
    'aws',
    now
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
      .replace(/:/g, '-'),
  );
}

/**
 * The fetch layer's own waits. `LAMBDA_PROFILER_AWS_POLL_MS` shortens the Logs Insights poll and the
 * UnprocessedTraceIds backoff (tests and stand-in endpoints); AWS itself is best polled at the default.
 */
export function fetchSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): FetchSettings {
  const poll = Number(env.LAMBDA_PROFILER_AWS_POLL_MS);
  if (!Number.isFinite(poll) || poll <= 0) return DEFAULT_FETCH_SETTINGS;
  return { ...DEFAULT_FETCH_SETTINGS, pollMs: poll, maxPollMs: poll * 4, unprocessedBackoffMs: poll };
}

/** Downloads with progress on a TTY. */
export async function downloadWithProgress(options: FromAwsOptions, io: CliIo): Promise<AwsDownload> {
  const { downloadFromAws } = await import('./download.js');
  const { createProgress } = await import('../cli/progress.js');
  const progress = createProgress(io);
  try {
    return await downloadFromAws(options, progress.update, fetchSettingsFromEnv());
  } finally {
    progress.done();
  }
}

/** What was downloaded, and the generate command that turns it into a report. */
export function describeDownload(download: AwsDownload): string {
  const { manifest, dir } = download;
  const population = download.population
    ? `, Logs Insights figures over ${download.population.invocations} invocations`
    : '';
  const lines = [
    `Downloaded from AWS into ${dir}: ${manifest.counts.traces} traces, ${manifest.counts.logEvents} REPORT/EMF lines${population}.`,
    ...manifest.notes.map((n) => `Note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The part of the generate pipeline (src/generate) `--from-aws` uses, passed in by the generate
 * command so this module does not depend on it: `generateReport` reads the downloaded files,
 * `writeReport` writes `<prefix>.<format>` and returns the paths.
 */
export interface GeneratePipeline {
  generateReport(options: {
    traces: string[];
    logs: string[];
    source: 'aws';
    functionConfig?: FunctionOverrides;
    pricePerGbSecond?: number;
    pricePerRequest?: number;
    invocationsPerMonth?: number;
    onWarning?: (line: string) => void;
    onProgress?: (progress: ReadProgress) => void;
    capYoungGeneration?: boolean;
  }): Promise<ProfilingReport>;
  writeReport(report: ProfilingReport, formats: readonly ('md' | 'json')[], prefix: string): string[];
}

export interface FunctionOverrides {
  name?: string;
  memoryMb?: number;
  architecture?: 'x86_64' | 'arm64';
  timeoutS?: number;
}

export interface GenerateTarget {
  pipeline: GeneratePipeline;
  formats: readonly ('md' | 'json')[];
  prefix: string;
  /** The user's --memory/--architecture/--timeout: win over the function's configuration. */
  functionConfig?: FunctionOverrides;
  /** The user's pricing flags, passed through. */
  pricing?: { pricePerGbSecond?: number; pricePerRequest?: number; invocationsPerMonth?: number };
  onWarning?: (line: string) => void;
  /** The status line of the generate step (a TTY): told how far the files are read, cleared after. */
  progress?: { onProgress: (progress: ReadProgress) => void; done: () => void };
}

/**
 * `generate --from-aws …`, called by the generate command when `--from-aws` is given. Downloads into
 * the folder; with a pipeline, generates the report from the downloaded files (source `aws`), puts
 * the population figures, configuration, service graph and notes onto it (`applyAwsFacts`) and
 * writes it. Without one it prints the generate command that reads the folder.
 */
export async function runFromAws(flags: FromAwsFlags, io: CliIo, target?: GenerateTarget): Promise<AwsDownload> {
  const options = parseFromAwsFlags(flags);
  const download = await downloadWithProgress(options, io);
  const traces = join(download.dir, download.manifest.files.traces);
  const logs = join(download.dir, download.manifest.files.logs);
  if (!target) {
    io.stdout(describeDownload(download));
    io.stdout(`Next: lambda-profiler generate --traces ${traces} --logs ${logs}\n`);
    return download;
  }
  io.stderr(describeDownload(download).replace(/^Note: .*\n/gm, ''));
  const { applyAwsFacts } = await import('./apply-to-report.js');
  const config = download.configuration;
  const arch = config?.Architectures?.[0];
  let report: ProfilingReport;
  try {
    report = await target.pipeline.generateReport({
      traces: [traces],
      logs: [logs],
      source: 'aws',
      functionConfig: {
        name: options.functionName,
        ...(config?.MemorySize ? { memoryMb: config.MemorySize } : {}),
        ...(arch === 'arm64' || arch === 'x86_64' ? { architecture: arch } : {}),
        ...(config?.Timeout ? { timeoutS: config.Timeout } : {}),
        ...target.functionConfig,
      },
      ...target.pricing,
      // The CLI owns its process (see src/generate/young-generation.ts).
      capYoungGeneration: true,
      ...(target.onWarning ? { onWarning: target.onWarning } : {}),
      ...(target.progress ? { onProgress: target.progress.onProgress } : {}),
    });
  } finally {
    target.progress?.done();
  }
  const written = target.pipeline.writeReport(applyAwsFacts(report, download), target.formats, target.prefix);
  for (const path of written) io.stdout(`${path}\n`);
  return download;
}
