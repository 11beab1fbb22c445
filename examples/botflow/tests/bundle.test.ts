import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateReport } from '@lambda-profiler/report-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunctionServer } from '../src/demo/function-server.js';
import { capture, findProfilerCli } from '../src/demo/profiler-cli.js';
import { type Standins, startStandins } from '../src/local/standins.js';
import { buildTraffic } from '../src/traffic/scenarios.js';
import { sendTraffic, type TrafficResult } from '../src/traffic/send.js';

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const COUNT = 12;

interface Report {
  sample: { invocations: number; coldStarts: number };
  imports: { modules: { module: string; ms: number }[] };
  hotFunctions: { functions: { name: string; location: string }[] } | null;
  memory: { heavyOperations: { name: string; location: string | null }[] };
  recommendations: { id: string; evidence: string[] }[];
}

let dir: string;
let standins: Standins | undefined;
let results: TrafficResult[];
let report: Report;
let bundleHead: string;

beforeAll(async () => {
  const cli = await findProfilerCli();
  if (cli === undefined || !cli.commands.has('run') || !cli.commands.has('generate')) {
    throw new Error('the lambda-profiler CLI (run, generate) must be built first: pnpm run build');
  }
  dir = await mkdtemp(join(tmpdir(), 'botflow-bundle-'));
  // Prepare: the handler bundled now by esbuild with the init markers, the one-file register next to it.
  const out = join(dir, 'bundle');
  const built = await capture(process.execPath, [join(exampleDir, 'scripts/bundle.mjs'), 'esbuild', '--out', out], {
    cwd: exampleDir,
  });
  if (built.code !== 0) throw new Error(`bundling failed: ${built.stderr}`);
  bundleHead = (await readFile(join(out, 'index.mjs'), 'utf8')).slice(0, 4000);
  standins = await startStandins({ dir, rttMs: [4, 8], latencyScale: 0.2, hangMs: 2_000 });
  const env = {
    ...standins.env,
    BOTFLOW_HTTP_TIMEOUT_MS: '1000',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    // CPU and allocation profiles of every invocation: the hot loop and the clones, by source name.
    LAMBDA_PROFILER_PROFILE_RATE: '1',
    // No node_modules for the bundle: the register entry is the copied one-file build.
    NODE_OPTIONS: `--require ${join(out, 'lambda-profiler-register.cjs')}`,
  };
  const runDir = join(dir, 'run');
  const args = [cli.bin, 'run', '--handler', join(out, 'index.handler'), '--serve', '127.0.0.1:0'];
  args.push('--concurrency', '2', '--memory', '512', '--timeout', '15', '--name', 'botFlow', '--out', runDir);
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

  // Act
  results = await sendTraffic(await buildTraffic(target, { count: COUNT, seed: 3 }), {
    url: server.url,
    concurrency: 2,
    rampUp: true,
  });
  expect(await server.stop()).toBe(0);
  const prefix = join(dir, 'report');
  const generated = await capture(process.execPath, [cli.bin, 'generate', runDir, '--out', prefix, '--format', 'json']);
  if (generated.code !== 0) throw new Error(`generate failed: ${generated.stderr}`);
  const json: unknown = JSON.parse(await readFile(`${prefix}.json`, 'utf8'));
  expect(validateReport(json).errors ?? []).toEqual([]);
  report = json as Report;
}, 55_000);

afterAll(async () => {
  await standins?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('the botflow handler bundled by esbuild, profiled by lambda-profiler run', () => {
  it('serves the traffic from the bundle, with the init markers in it', () => {
    expect(bundleHead).toContain('lambda-profiler.bundle-markers.v1');
    expect(report.sample.invocations).toBe(COUNT);
    expect(report.sample.coldStarts).toBeGreaterThanOrEqual(1);
    // Handler failures come back as 502: the bundle loads and answers (planted throttles aside).
    expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(COUNT - 2);
  });

  it('names the heavy package (exceljs) inside the bundle in imports and init attribution', () => {
    const modules = report.imports.modules.map((m) => m.module);
    expect(modules.some((m) => m.startsWith('exceljs/'))).toBe(true);
    const heavy = report.recommendations.find((r) => r.id === 'init-heavy-import');
    expect(heavy?.evidence.join('\n')).toMatch(
      /^exceljs: [\d,.]+ ms per cold start \(\d+ files, [\d,.]+ KB of the bundle/m,
    );
  });

  it('maps the sampled profiles of the bundle back to the string builder and the deep clones in src/', () => {
    // The bundle sits in a temporary folder here, so its map's sources are named from there (`…src/…`).
    const hot = report.hotFunctions?.functions.map((f) => `${f.name} ${f.location}`) ?? [];
    expect(
      hot.some((f) => /^buildContextWindowSlow \S*src\/flows\/context-window\.ts:\d+$/.test(f)),
      hot.join(', '),
    ).toBe(true);
    const heavy = report.memory.heavyOperations.map((h) => `${h.name} ${h.location}`);
    expect(
      heavy.some((h) => /^applyTurn \S*src\/flows\/state-update\.ts:\d+$/.test(h)),
      heavy.join(', '),
    ).toBe(true);
  });
});
