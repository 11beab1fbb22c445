import { Option } from 'commander';
import { addFromAwsOptions, type FromAwsFlags, runFromAws } from '../aws/from-aws-command.js';
import { UsageError } from '../cli/errors.js';
import type { CommandRegistrar } from '../cli/types.js';
import type { Architecture } from '../contracts/report-types.js';
import type { ReadProgress } from '../generate/options.js';
import { INPUT_FORMATS, type InputFormat, isInputFormat } from '../readers/detect.js';

/** Flags of `generate`, as commander parses them. */
export interface GenerateFlags {
  traces?: string[];
  logs?: string[];
  format: string;
  out?: string;
  pricePerGbSecond?: string;
  pricePerRequest?: string;
  invocationsPerMonth?: string;
  inputFormat?: string;
  functionName?: string;
  memory?: string;
  architecture?: Architecture;
  timeout?: string;
}

const MAX_WARNINGS_SHOWN = 20;

const MB = 1024 * 1024;

/** `Reading traces: 312 of 529 MB (59 %), 540,112 documents` (the status line on a TTY). */
export function progressLine(p: ReadProgress): string {
  const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
  const unit = p.phase === 'logs' ? 'REPORT lines' : 'documents';
  return `Reading ${p.phase}: ${Math.round(p.bytesDone / MB)} of ${Math.round(p.bytesTotal / MB)} MB (${pct} %), ${p.records.toLocaleString('en-US')} ${unit}`;
}

function positive(flag: string, value: string | undefined, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)))
    throw new UsageError(`${flag}: expected a ${integer ? 'whole ' : ''}number ≥ 0, got '${value}'`);
  return n;
}

export function parseFormats(value: string): ('md' | 'json')[] {
  const formats = value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (formats.length === 0) throw new UsageError('--format: give md, json or md,json');
  for (const f of formats)
    if (f !== 'md' && f !== 'json') throw new UsageError(`--format: unknown format '${f}' (md, json)`);
  return [...new Set(formats)] as ('md' | 'json')[];
}

function parseInputFormats(value: string | undefined): InputFormat[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((f) => f.trim());
  for (const f of list)
    if (!isInputFormat(f)) throw new UsageError(`--input-format: unknown format '${f}' (${INPUT_FORMATS.join(', ')})`);
  return list as InputFormat[];
}

export const registerGenerate: CommandRegistrar = (program, io) => {
  const command = program
    .command('generate')
    .description('write the profiling report from X-Ray traces and Lambda logs (or a `run` folder)')
    .argument('[run-folder]', 'a `lambda-profiler run` output folder (traces.ndjson, function.log, run.json)')
    .option(
      '--traces <paths...>',
      'X-Ray inputs: batch-get-traces JSON (pages, arrays of traces, appended calls), one trace, or segment NDJSON (files or folders, gzip or not)',
    )
    .option(
      '--logs <paths...>',
      'Lambda log inputs: log text, JSON log format, filter-log-events / get-log-events output, subscription records (Firehose to S3), aws logs tail or sam logs output (files or folders, gzip or not)',
    )
    .option('--format <list>', 'output formats, comma-separated: md, json', 'md,json')
    .option(
      '--out <prefix>',
      'output path prefix, written as <prefix>.md / <prefix>.json (default docs/profiling-report-<date>)',
    )
    .option('--price-per-gb-second <usd>', 'USD per GB-second for the function architecture (default us-east-1)')
    .option('--price-per-request <usd>', 'USD per request (default 0.0000002)')
    .option('--invocations-per-month <n>', 'monthly volume for the $ figures (default: observed from REPORT lines)')
    .option('--input-format <format>', `force the input format instead of detecting it (${INPUT_FORMATS.join(', ')})`)
    .option('--function-name <name>', 'the function to profile when traces hold several')
    .option('--memory <mb>', 'configured memory size, MB (overrides the inputs)')
    .addOption(
      new Option('--architecture <arch>', 'function architecture (overrides the inputs)').choices(['x86_64', 'arm64']),
    )
    .option('--timeout <seconds>', 'configured timeout, seconds (overrides the inputs)');
  // `--from-aws` and its flags (src/aws): download from X-Ray and CloudWatch Logs, then this pipeline.
  addFromAwsOptions(command).action(async (runFolder: string | undefined, flags: GenerateFlags & FromAwsFlags) => {
    const formats = parseFormats(flags.format);
    if (flags.fromAws && (runFolder || flags.traces?.length || flags.logs?.length))
      throw new UsageError('--from-aws reads from AWS: leave out the run folder, --traces and --logs');
    if (!flags.fromAws && !runFolder && !flags.traces?.length && !flags.logs?.length)
      throw new UsageError('give a run folder, or --traces and/or --logs (or --from-aws --function NAME)');
    const memory = positive('--memory', flags.memory, true);
    if (memory !== undefined && (memory < 128 || memory > 10240))
      throw new UsageError('--memory: expected 128–10240 MB');
    const timeout = positive('--timeout', flags.timeout);
    if (timeout !== undefined && (timeout <= 0 || timeout > 900))
      throw new UsageError('--timeout: expected 1–900 seconds');
    const options = {
      traces: flags.traces,
      logs: flags.logs,
      runFolder,
      functionConfig: {
        ...(flags.functionName ? { name: flags.functionName } : {}),
        ...(memory !== undefined ? { memoryMb: memory } : {}),
        ...(flags.architecture ? { architecture: flags.architecture } : {}),
        ...(timeout !== undefined ? { timeoutS: timeout } : {}),
      },
      pricePerGbSecond: positive('--price-per-gb-second', flags.pricePerGbSecond),
      pricePerRequest: positive('--price-per-request', flags.pricePerRequest),
      invocationsPerMonth: positive('--invocations-per-month', flags.invocationsPerMonth, true),
      inputFormat: parseInputFormats(flags.inputFormat),
      // The CLI owns its process: V8's young generation may be capped (see young-generation.ts).
      capYoungGeneration: true,
    };
    // Heavy modules load only when the command runs, so `--help` stays fast.
    const pipeline = await import('../generate/index.js');
    const { generateReport, writeReport, defaultPrefix } = pipeline;
    const { createProgress } = await import('../cli/progress.js');
    const progress = createProgress(io);
    let shown = 0;
    let hidden = 0;
    const onWarning = (line: string) => {
      if (shown < MAX_WARNINGS_SHOWN) {
        shown++;
        progress.done();
        io.stderr(`lambda-profiler: warning: ${line}\n`);
      } else hidden++;
    };
    if (flags.fromAws) {
      await runFromAws(flags, io, {
        pipeline,
        formats,
        prefix: flags.out ?? defaultPrefix(),
        functionConfig: options.functionConfig,
        pricing: {
          pricePerGbSecond: options.pricePerGbSecond,
          pricePerRequest: options.pricePerRequest,
          invocationsPerMonth: options.invocationsPerMonth,
        },
        onWarning,
        ...(io.isTTY
          ? { progress: { onProgress: (p: ReadProgress) => progress.update(progressLine(p)), done: progress.done } }
          : {}),
      });
    } else {
      let report: Awaited<ReturnType<typeof generateReport>>;
      try {
        report = await generateReport({
          ...options,
          onWarning,
          ...(io.isTTY ? { onProgress: (p: ReadProgress) => progress.update(progressLine(p)) } : {}),
        });
      } finally {
        progress.done();
      }
      const written = writeReport(report, formats, flags.out ?? defaultPrefix());
      for (const path of written) io.stdout(`${path}\n`);
    }
    if (hidden > 0) io.stderr(`lambda-profiler: warning: … and ${hidden} more invalid records skipped\n`);
  });
};
