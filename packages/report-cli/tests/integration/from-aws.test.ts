import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyAwsFacts } from '../../src/aws/apply-to-report.js';
import { downloadFromAws } from '../../src/aws/download.js';
import { runFromAws } from '../../src/aws/from-aws-command.js';
import type { FetchSettings, FromAwsOptions } from '../../src/aws/types.js';
import { formatError } from '../../src/cli/errors.js';
import type { ProfilingReport } from '../../src/contracts/report-types.js';
import { validateReport } from '../../src/contracts/validate.js';
import { botflowScenario } from '../helpers/aws-scenario.js';
import { type StandIn, type StandInScenario, startAwsStandIn } from '../helpers/aws-stand-in.js';
import { reportExample } from '../helpers/report-example.js';

const FAST: FetchSettings = {
  pollMs: 5,
  maxPollMs: 20,
  queryTimeoutMs: 10_000,
  unprocessedRetries: 3,
  unprocessedBackoffMs: 5,
  concurrency: 3,
};
const END = Date.parse('2026-11-28T12:00:00Z');
const HOUR = 3_600_000;

let standIn: StandIn | undefined;
const savedEnv = { ...process.env };

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
  process.env = { ...savedEnv };
});

/** Starts the stand-in and points this process's SDK configuration chain at it, as a user's env would. */
async function serve(scenario: StandInScenario): Promise<StandIn> {
  standIn = await startAwsStandIn(scenario);
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, standIn.env);
  return standIn;
}

function options(overrides: Partial<FromAwsOptions> = {}): FromAwsOptions {
  return {
    functionName: 'botFlow',
    window: { startMs: END - HOUR, endMs: END },
    maxTraces: 500,
    outDir: join(mkdtempSync(join(tmpdir(), 'lp-aws-')), 'download'),
    ...overrides,
  };
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return formatError(error);
  }
  throw new Error('expected an error');
}

const readJson = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

describe('generate --from-aws: download through the real SDK clients', () => {
  it('pages summaries, batches traces by 5, retries unprocessed ids and throttling, and writes the folder', async () => {
    const scenario = botflowScenario({ traced: 12, untraced: 8, endMs: END - 60_000 });
    const ids = scenario.traces.map((t) => t.id);
    const s = await serve({
      ...scenario,
      summaryPageSize: 5,
      unprocessedOnce: [ids[3]!, ids[9]!],
      throttle: { GetTraceSummaries: 1, BatchGetTraces: 1, StartQuery: 1 },
      queryRunningPolls: 2,
    });
    const progress: string[] = [];
    const opts = options();
    const download = await downloadFromAws(opts, (m) => progress.push(m), FAST);

    // Pagination: 12 summaries in pages of 5 → 3 pages, plus the one throttled attempt the SDK retried.
    const summaryCalls = s.of('GetTraceSummaries');
    expect(summaryCalls).toHaveLength(4);
    expect(summaryCalls.map((r) => r.body.NextToken ?? null)).toEqual([null, null, '5', '10']);
    expect(summaryCalls[0]!.body.FilterExpression).toBe('service(id(name: "botFlow", type: "AWS::Lambda::Function"))');
    // Chunks of 5: 12 ids → 5 + 5 + 2, then the 2 unprocessed ones again; plus 1 throttled retry.
    const batches = s.of('BatchGetTraces').map((r) => (r.body.TraceIds as string[]).length);
    expect(Math.max(...batches)).toBeLessThanOrEqual(5);
    expect(batches.slice(-1)).toEqual([2]);
    expect(batches.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(14);
    expect(download.traces.map((t) => t.Id).sort()).toEqual([...ids].sort());
    expect(download.manifest.counts).toMatchObject({ traceSummaries: 12, traces: 12, unprocessedTraceIds: 0 });

    // Signed with the dummy credentials from the environment; Logs spoke JSON 1.1.
    expect(String(s.requests[0]!.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDSTANDIN\/\d{8}\/us-east-1\//,
    );
    expect(s.of('StartQuery')[0]!.headers['x-amz-target']).toBe('Logs_20140328.StartQuery');
    expect(s.of('StartQuery')[0]!.headers['content-type']).toBe('application/x-amz-json-1.1');

    // Files in the formats generate reads.
    const traces = readJson(opts.outDir, 'traces.json');
    expect(traces.Traces).toHaveLength(12);
    expect(typeof traces.Traces[0].Segments[0].Document).toBe('string');
    const logs = readJson(opts.outDir, 'logs.json');
    const reports = logs.events.filter((e: { message: string }) => e.message.startsWith('REPORT'));
    // Only the 12 sampled invocations' REPORT lines, each with its EMF line; no console lines.
    expect(reports).toHaveLength(12);
    expect(logs.events).toHaveLength(24);
    expect(logs.events.every((e: { logStreamName: string; timestamp: number }) => e.logStreamName && e.timestamp)).toBe(
      true,
    );
    expect(logs.events.some((e: { message: string }) => e.message.includes('INFO'))).toBe(false);
    expect(readJson(opts.outDir, 'function-configuration.json').MemorySize).toBe(512);
    expect(readJson(opts.outDir, 'aws.json')).toMatchObject({ function: 'botFlow', region: 'us-east-1' });

    // Population figures over all 20 invocations, computed "server-side"; memory from bytes.
    const population = download.population!;
    expect(population.invocations).toBe(20);
    expect(population.coldStarts).toBe(4);
    expect(population.memorySizeMb).toBe(512);
    expect(population.peakMemoryUsedMb).toBe(150);
    expect(population.cold?.invocations).toBe(4);
    expect(population.warm?.invocations).toBe(16);
    expect(population.statistics.bytesScanned).toBeGreaterThan(0);
    expect(s.of('GetQueryResults').length).toBeGreaterThanOrEqual(6); // 2 queries × (2 Running + Complete)
    expect(progress.some((m) => m.startsWith('X-Ray: 12/12 traces downloaded'))).toBe(true);
  });

  it('splits a long window into ≤ 6 h GetTraceSummaries calls and spreads --max-traces over them', async () => {
    // 26 invocations 30 min apart: the oldest falls just outside the 13 h window.
    const scenario = botflowScenario({ traced: 26, endMs: END - 60_000, spacingMs: HOUR / 2 });
    const s = await serve({ ...scenario, summaryPageSize: 100 });
    const download = await downloadFromAws(
      options({ window: { startMs: END - 13 * HOUR, endMs: END }, maxTraces: 9 }),
      () => {},
      FAST,
    );
    const windows = s.of('GetTraceSummaries').map((r) => [Number(r.body.StartTime), Number(r.body.EndTime)]);
    expect(windows).toHaveLength(3);
    for (const [start, end] of windows) expect(end! - start!).toBeLessThanOrEqual(6 * 3600);
    expect(download.traces).toHaveLength(9);
    // 3 from each window, not the 9 newest.
    const starts = download.traces.map((t) => Number.parseInt(t.Id!.slice(2, 10), 16) * 1000);
    expect(Math.min(...starts)).toBeLessThan(END - 6 * HOUR);
    expect(download.manifest.notes.join(' ')).toContain('25 traces matched; 9 were sampled');
  });

  it('degrades with a note when GetFunctionConfiguration, GetServiceGraph or StartQuery are denied', async () => {
    await serve({
      ...botflowScenario({ traced: 3, endMs: END - 60_000 }),
      deny: ['GetFunctionConfiguration', 'GetServiceGraph', 'StartQuery'],
    });
    const download = await downloadFromAws(options(), () => {}, FAST);
    expect(download.configuration).toBeNull();
    expect(download.population).toBeNull();
    expect(download.traces).toHaveLength(3);
    const notes = download.manifest.notes.join('\n');
    expect(notes).toContain('lambda:GetFunctionConfiguration was denied');
    expect(notes).toContain('xray:GetServiceGraph was denied');
    expect(notes).toContain('logs:StartQuery was denied');
    expect(download.manifest.files.functionConfiguration).toBeNull();
  });

  it('fails with one clear line when X-Ray access is denied', async () => {
    await serve({ ...botflowScenario({ traced: 3, endMs: END - 60_000 }), deny: ['GetTraceSummaries'] });
    expect(await errorOf(downloadFromAws(options(), () => {}, FAST))).toBe(
      'access denied: xray:GetTraceSummaries is not allowed for these credentials (see docs/aws.md for the policy)',
    );
  });

  it('names an unknown function with its region', async () => {
    await serve(botflowScenario({ traced: 3, endMs: END - 60_000 }));
    expect(await errorOf(downloadFromAws(options({ functionName: 'nope' }), () => {}, FAST))).toBe(
      'function nope not found in us-east-1 (check --function, --qualifier and --region)',
    );
  });

  it('says Transaction Search instead of "no traces" when segments go to CloudWatch Logs', async () => {
    await serve({ ...botflowScenario({ traced: 0, untraced: 4, endMs: END - 60_000 }), destination: 'CloudWatchLogs' });
    const message = await errorOf(downloadFromAws(options(), () => {}, FAST));
    expect(message).toMatch(/^no traces for botFlow in us-east-1 between .* X-Ray Transaction Search/);
  });

  it('notes Transaction Search when some traces are indexed, and reports no traces with the tracing mode', async () => {
    await serve({ ...botflowScenario({ traced: 2, endMs: END - 60_000 }), destination: 'CloudWatchLogs' });
    const download = await downloadFromAws(options(), () => {}, FAST);
    expect(download.manifest.notes.join(' ')).toContain('Transaction Search is enabled');
    await standIn!.close();
    const scenario = botflowScenario({ traced: 0, untraced: 2, endMs: END - 60_000 });
    scenario.functions.botFlow!.TracingConfig = { Mode: 'PassThrough' };
    await serve(scenario);
    expect(await errorOf(downloadFromAws(options(), () => {}, FAST))).toMatch(
      /^no traces for botFlow .*: its tracing mode is PassThrough; set it to Active/,
    );
  });

  it('gives up with a clear line when throttling outlasts the retries set by AWS_MAX_ATTEMPTS', async () => {
    await serve({ ...botflowScenario({ traced: 2, endMs: END - 60_000 }), throttle: { GetTraceSummaries: 5 } });
    process.env.AWS_MAX_ATTEMPTS = '2';
    expect(await errorOf(downloadFromAws(options(), () => {}, FAST))).toBe(
      'xray:GetTraceSummaries is throttled by AWS even after retries; try again later or set AWS_MAX_ATTEMPTS',
    );
    expect(standIn!.of('GetTraceSummaries')).toHaveLength(2);
  });

  it('filters the log figures to the version an alias points to', async () => {
    const s = await serve(botflowScenario({ traced: 2, endMs: END - 60_000 }));
    await downloadFromAws(options({ qualifier: 'live' }), () => {}, FAST);
    expect(s.of('GetFunctionConfiguration')[0]!.url).toContain('Qualifier=live');
    expect(String(s.of('StartQuery')[0]!.body.queryString)).toContain('strcontains(@logStream, "[7]")');
  });
});

describe('applyAwsFacts', () => {
  it('puts population figures, configuration and X-Ray service graph onto a report, with notes', async () => {
    await serve(botflowScenario({ traced: 6, untraced: 14, endMs: END - 60_000 }));
    const download = await downloadFromAws(options(), () => {}, FAST);
    const generated = reportExample();
    generated.function = { name: 'botFlow', memoryMb: null, architecture: null, timeoutS: null };
    const report = applyAwsFacts(generated, download);
    expect(validateReport(report).errors).toEqual([]);
    expect(report.source).toBe('aws');
    expect(report.function).toEqual({ name: 'botFlow', memoryMb: 512, architecture: 'arm64', timeoutS: 30 });
    expect(report.sample).toMatchObject({ traces: 6, invocations: 20, coldStarts: 4 });
    expect(report.latency.invocation.p90Ms).toBe(download.population!.latency.p90Ms);
    expect(report.memory).toMatchObject({ allocatedMb: 512, peakUsedMb: 150, utilizationPct: 29.3 });
    expect(report.serviceMap.nodes.map((n) => `${n.type} ${n.name}`)).toEqual([
      'AWS::Lambda botFlow',
      'AWS::Lambda::Function botFlow',
      'AWS::DynamoDB::Table states',
    ]);
    expect(report.serviceMap.edges[1]).toMatchObject({ count: 20, avgMs: 20, errorRatePct: 5 });
    const notes = report.notes.join('\n');
    expect(notes).toContain(
      "Whole population (AWS's own figures, computed server-side by CloudWatch Logs Insights over 20 REPORT lines",
    );
    expect(notes).toMatch(/Logs Insights scanned [\d.]+ MB/);
    expect(notes).toContain('Sampled (6 X-Ray traces of 6 matching');
    expect(notes).toMatch(/Lambda bills about \$[\d.]+\/month/);
  });
});

describe('runFromAws with the generate pipeline', () => {
  it('hands the downloaded files to the pipeline as source aws and writes the report with AWS facts', async () => {
    await serve(botflowScenario({ traced: 3, untraced: 2, endMs: Date.now() - 120_000 }));
    const dir = mkdtempSync(join(tmpdir(), 'lp-aws-run-'));
    const calls: { traces: string[]; logs: string[]; source: string; functionConfig?: unknown }[] = [];
    const written: ProfilingReport[] = [];
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => {} };
    // The generate step's status line: fed while the files are read, cleared before the paths.
    const steps: string[] = [];
    const onProgress = () => steps.push('progress');
    process.env.LAMBDA_PROFILER_AWS_POLL_MS = '5';
    await runFromAws({ fromAws: true, function: 'botFlow', since: '1h', awsDir: join(dir, 'aws') }, io, {
      formats: ['json'],
      prefix: join(dir, 'report'),
      progress: { onProgress, done: () => steps.push('done') },
      pipeline: {
        // A pipeline stand-in: the real one (src/generate) is another module's; this checks the hand-over.
        async generateReport(options) {
          calls.push(options);
          expect(JSON.parse(readFileSync(options.traces[0]!, 'utf8')).Traces).toHaveLength(3);
          expect(options.onProgress).toBe(onProgress);
          options.onProgress?.({ phase: 'traces', bytesDone: 1, bytesTotal: 2, records: 3 });
          return { ...reportExample(), source: options.source };
        },
        writeReport(report, formats, prefix) {
          steps.push('write');
          written.push(report);
          return formats.map((f) => `${prefix}.${f}`);
        },
      },
    });
    expect(steps).toEqual(['progress', 'done', 'write']);
    expect(calls[0]).toMatchObject({
      traces: [join(dir, 'aws', 'traces.json')],
      logs: [join(dir, 'aws', 'logs.json')],
      source: 'aws',
      functionConfig: { name: 'botFlow', memoryMb: 512, architecture: 'arm64', timeoutS: 30 },
    });
    expect(written[0]!.sample.invocations).toBe(5);
    expect(written[0]!.notes.some((n) => n.startsWith("Whole population (AWS's own figures"))).toBe(true);
    expect(out).toEqual([`${join(dir, 'report')}.json\n`]);
  });
});
