import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateReport } from '@lambda-profiler/report-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunctionServer } from '../src/demo/function-server.js';
import { capture, findProfilerCli, type ProfilerCli } from '../src/demo/profiler-cli.js';
import { type Standins, startStandins } from '../src/local/standins.js';
import { buildTraffic } from '../src/traffic/scenarios.js';
import { sendTraffic, type TrafficResult } from '../src/traffic/send.js';

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const COUNT = 120;

/** The planted bottlenecks this report must name (the last two are asserted by the hot-code issue). */
const PLANTED = [
  'dynamodb-batch-reads',
  'dynamodb-projection',
  'dynamodb-scan-to-query',
  'http-keep-alive',
  'http-parallelize',
  'init-lazy-load',
] as const;

interface Report {
  sample: { invocations: number; coldStarts: number };
  latency: Record<
    'invocation' | 'cold' | 'warm',
    { avgMs: number; p50Ms: number; p90Ms: number; p99Ms: number } | null
  >;
  coldStart: { avgInitMs: number | null };
  errors: { count: number; ratePct: number };
  externalApis: { service: string; count: number }[];
  breakdowns: Record<string, { value: string; invocations: number }[]>;
  recommendations: { id: string; savingsMs: number | null; evidence: string[] }[];
  bottlenecks: { id: string; savingsMs: number | null; frequencyPct: number | null }[];
  slowestTraces: { durationMs: number }[];
}

let dir: string;
let standins: Standins;
let results: TrafficResult[];
let report: Report;
let markdown: string;
let runFiles: string;

beforeAll(async () => {
  const cli: ProfilerCli | undefined = await findProfilerCli();
  if (cli === undefined || !cli.commands.has('run') || !cli.commands.has('generate')) {
    throw new Error('the lambda-profiler CLI (run, generate) must be built first: pnpm run build');
  }
  if (!existsSync(join(exampleDir, 'dist/functions/botFlow/handler.js'))) {
    throw new Error('the bot must be built first: pnpm run build');
  }
  dir = await mkdtemp(join(tmpdir(), 'botflow-report-'));
  // Real shapes, a third of the demo's latency: the same call patterns in less wall time.
  standins = await startStandins({
    dir,
    rttMs: [8, 16],
    latencyScale: 0.3,
    hangMs: 3_000,
    directory: { seed: 8, teamsPerPlatform: 4, channelsPerTeam: 6, usersPerTeam: 6 },
    seedData: { seed: 88, returningPerTeam: 4, memoryEntries: [16, 40], turnsPerUser: [4, 12] },
  });
  const env = {
    ...standins.env,
    BOTFLOW_HTTP_TIMEOUT_MS: '1000',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    NODE_OPTIONS: '--import @lambda-profiler/middleware/register',
  };
  const runDir = join(dir, 'run');
  const args = [cli.bin, 'run', '--handler', 'dist/functions/botFlow/handler.handler', '--serve', '127.0.0.1:0'];
  args.push('--concurrency', '3', '--memory', '512', '--timeout', '15', '--name', 'botFlow', '--out', runDir);
  for (const [key, value] of Object.entries(env)) args.push('--env', `${key}=${value}`);
  const server = await startFunctionServer(process.execPath, args, {
    cwd: exampleDir,
    env: { ...process.env, ...env },
    logFile: join(dir, 'run.log'),
  });
  const target = {
    secrets: standins.secrets,
    teamsServiceUrl: `${standins.urls.teams}/amer/`,
    directory: standins.directory,
    returning: standins.returning,
  };
  results = await sendTraffic(await buildTraffic(target, { count: COUNT, seed: 1 }), {
    url: server.url,
    concurrency: 3,
    rampUp: true,
  });
  expect(await server.stop()).toBe(0);
  const prefix = join(dir, 'report');
  const generated = await capture(process.execPath, [
    cli.bin,
    'generate',
    runDir,
    '--out',
    prefix,
    '--format',
    'md,json',
  ]);
  if (generated.code !== 0) throw new Error(`generate failed: ${generated.stderr}`);
  const json: unknown = JSON.parse(await readFile(`${prefix}.json`, 'utf8'));
  const validation = validateReport(json);
  expect(validation.errors ?? []).toEqual([]);
  report = json as Report;
  markdown = await readFile(`${prefix}.md`, 'utf8');
  runFiles = (
    await Promise.all(['traces.ndjson', 'function.log', 'run.json'].map((f) => readFile(join(runDir, f), 'utf8')))
  ).join('\n');
}, 240_000);

afterAll(async () => {
  await standins?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('the report of a demo-sized run of the planted bot', () => {
  it('covers every request, platform and scenario', () => {
    expect(results.filter((r) => !r.ok).map((r) => `${r.request.platform}/${r.request.scenario} ${r.status}`)).toEqual(
      [],
    );
    expect(report.sample.invocations).toBe(COUNT);
    expect(report.sample.coldStarts).toBeGreaterThanOrEqual(1);
    expect(report.sample.coldStarts).toBeLessThanOrEqual(6);
    expect(report.breakdowns.platform?.map((b) => b.value).sort()).toEqual(['discord', 'slack', 'teams', 'telegram']);
    expect(report.breakdowns.scenario?.length).toBeGreaterThanOrEqual(9);
    const services = report.externalApis.map((api) => api.service);
    for (const name of [
      'Slack API',
      'Discord API',
      'Microsoft Teams / Bot Framework',
      'Telegram Bot API',
      'DailyBot API',
      'OpenAI API',
    ]) {
      expect(services).toContain(name);
    }
  });

  it('finds every planted bottleneck by its recommendation id', () => {
    const ids = report.recommendations.map((r) => r.id);
    for (const id of PLANTED) expect(ids, id).toContain(id);
  });

  it('says nothing absurd', () => {
    const invocation = report.latency.invocation;
    if (invocation === null) throw new Error('no invocation latency');
    expect(invocation.p50Ms).toBeLessThanOrEqual(invocation.p90Ms);
    expect(invocation.p90Ms).toBeLessThanOrEqual(invocation.p99Ms);
    expect(invocation.avgMs).toBeGreaterThan(50);
    expect(invocation.p99Ms).toBeLessThan(15_000);
    // The errors are the planted ones: 4 throttled users, maybe an init timeout; not the whole run.
    expect(report.errors.count).toBeGreaterThanOrEqual(4);
    expect(report.errors.ratePct).toBeLessThan(25);
    // A saving averaged over the invocations a finding affects can reach the slowest invocation (above p99).
    const slowest = report.slowestTraces[0]?.durationMs ?? 0;
    const ceiling = Math.max(invocation.p99Ms, slowest, report.coldStart.avgInitMs ?? 0);
    for (const item of [...report.recommendations, ...report.bottlenecks]) {
      if (item.savingsMs !== null) {
        expect(item.savingsMs, item.id).toBeGreaterThanOrEqual(0);
        expect(item.savingsMs, item.id).toBeLessThanOrEqual(ceiling);
      }
    }
    for (const b of report.bottlenecks) if (b.frequencyPct !== null) expect(b.frequencyPct).toBeLessThanOrEqual(100);
    // A fixed thing is not reported: the planted code has no cache to add and no retries configured by hand.
    expect(markdown).toMatch(/^# Lambda Profiling Report - botFlow/m);
  });

  it('leaks no secret into the run folder or the report', () => {
    const { secrets } = standins;
    const values = [
      secrets.slack.signingSecret,
      secrets.slack.botToken,
      secrets.teams.appPassword,
      secrets.telegram.botToken,
      secrets.telegram.secretToken,
      secrets.dailybot.apiKey,
      secrets.openai.apiKey,
    ];
    const everything = `${runFiles}\n${markdown}\n${JSON.stringify(report)}`;
    for (const value of values) expect(everything.includes(value), value.slice(0, 6)).toBe(false);
  });
});
