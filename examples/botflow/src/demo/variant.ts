import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startStandins } from '../local/standins.js';
import { buildTraffic } from '../traffic/scenarios.js';
import { sendTraffic, type TrafficResult } from '../traffic/send.js';
import { startFunctionServer } from './function-server.js';
import { middlewareHasRegister, type ProfilerCli } from './profiler-cli.js';

export interface VariantPlan {
  name: string;
  /** `BOTFLOW_FIX` / `BOTFLOW_OPTIMIZED` for this run. */
  fixEnv: Record<string, string>;
  count: number;
  concurrency: number;
  seed: number;
  /** Serve the one-file bundle built by `scripts/bundle.mjs` (with init markers) instead of tsup's output. */
  bundle?: Bundler;
}

export type Bundler = 'esbuild' | 'webpack';

/** The bundle's folder, relative to the example (written by `node scripts/bundle.mjs <bundler>`). */
export const bundleDir = (bundler: Bundler): string => `dist-bundle/${bundler}`;

export interface VariantPaths {
  exampleDir: string;
  workDir: string;
  runDir: string;
}

export interface VariantOutcome {
  plan: VariantPlan;
  /** The run folder (only when `lambda-profiler run` served the function). */
  runDir: string | undefined;
  results: TrafficResult[];
  seconds: number;
}

export type Progress = (message: string) => void;

/**
 * One profiled run: fresh stand-ins (same seed data every time), the function served by
 * `lambda-profiler run --serve` (or the in-process fallback), the traffic, then a clean stop so the run
 * folder is written.
 */
export async function runVariant(
  plan: VariantPlan,
  paths: VariantPaths,
  cli: ProfilerCli | undefined,
  progress: Progress,
): Promise<VariantOutcome> {
  const started = performance.now();
  await mkdir(paths.workDir, { recursive: true });
  progress(
    `[${plan.name}] starting stand-ins (Slack, Discord, Teams, Telegram, DailyBot, OpenAI, DynamoDB) and seeding tables`,
  );
  const standins = await startStandins({ dir: paths.workDir, hangMs: 8_000 });
  try {
    const env: Record<string, string> = {
      ...standins.env,
      ...plan.fixEnv,
      BOTFLOW_HTTP_TIMEOUT_MS: '2500',
      POWERTOOLS_SERVICE_NAME: 'botFlow',
      POWERTOOLS_METRICS_NAMESPACE: 'Botflow',
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      // Detailed capture on a quarter of the invocations, CPU and allocation profiles on a tenth: enough
      // samples in 120 requests for the hot-function and memory-heavy findings.
      LAMBDA_PROFILER_SAMPLE_RATE: '0.25',
      LAMBDA_PROFILER_PROFILE_RATE: '0.1',
    };
    // A bundled function has no node_modules to resolve the register entry from: it preloads the
    // one-file copy next to the bundle, as on Lambda (docs/bundlers.md).
    if (plan.bundle !== undefined)
      env.NODE_OPTIONS = `--require ${join(paths.exampleDir, bundleDir(plan.bundle), 'lambda-profiler-register.cjs')}`;
    else if (middlewareHasRegister()) env.NODE_OPTIONS = '--import @lambda-profiler/middleware/register';
    const handler =
      plan.bundle !== undefined ? `${bundleDir(plan.bundle)}/index.handler` : 'dist/functions/botFlow/handler.handler';
    const useRun = cli?.commands.has('run') === true;
    let server: Awaited<ReturnType<typeof startFunctionServer>>;
    if (useRun && cli !== undefined) {
      const known = await cli.options('run');
      const args = [cli.bin, 'run', '--handler', handler, '--serve', '127.0.0.1:0'];
      args.push('--concurrency', String(plan.concurrency), '--memory', '512', '--out', paths.runDir);
      if (known.has('name')) args.push('--name', 'botFlow');
      if (known.has('timeout')) args.push('--timeout', '15');
      if (known.has('env')) for (const [key, value] of Object.entries(env)) args.push('--env', `${key}=${value}`);
      progress(
        `[${plan.name}] serving the bot with lambda-profiler run --serve (concurrency ${plan.concurrency}, 512 MB)`,
      );
      server = await startFunctionServer(process.execPath, args, {
        cwd: paths.exampleDir,
        env: { ...process.env, ...env },
        logFile: join(paths.workDir, `${plan.name}.run.log`),
      });
    } else {
      progress(
        `[${plan.name}] lambda-profiler run is not available yet: serving the bot in one local process (no traces)`,
      );
      server = await startFunctionServer(
        process.execPath,
        [
          join(paths.exampleDir, 'dist/serve-function.js'),
          join(
            paths.exampleDir,
            plan.bundle !== undefined ? `${bundleDir(plan.bundle)}/index.mjs` : 'dist/functions/botFlow/handler.js',
          ),
        ],
        {
          cwd: paths.exampleDir,
          env: { ...process.env, ...env },
          logFile: join(paths.workDir, `${plan.name}.function.log`),
        },
      );
    }
    const target = {
      secrets: standins.secrets,
      teamsServiceUrl: `${standins.urls.teams}/amer/`,
      directory: standins.directory,
      returning: standins.returning,
    };
    const requests = await buildTraffic(target, { count: plan.count, seed: plan.seed });
    const step = Math.max(1, Math.round(plan.count / 6));
    const results = await sendTraffic(requests, {
      url: server.url,
      concurrency: plan.concurrency,
      rampUp: true,
      onResult: (_result, done, total) => {
        if (done % step === 0 || done === total) progress(`[${plan.name}] traffic ${done}/${total}`);
      },
    });
    progress(`[${plan.name}] stopping the function${useRun ? ' and writing the run folder' : ''}`);
    const code = await server.stop();
    if (useRun && code !== 0) throw new Error(`lambda-profiler run exited with ${code} (see ${paths.workDir})`);
    return { plan, runDir: useRun ? paths.runDir : undefined, results, seconds: (performance.now() - started) / 1000 };
  } finally {
    await standins.stop();
  }
}

/** Client-side latency of the requests that reached the bot's flows (not the rejected ones). */
export function clientLatency(results: TrafficResult[]): { n: number; avg: number; p50: number; p90: number } {
  const ms = results
    .filter((r) => !r.request.scenario.startsWith('error-') && r.request.scenario !== 'handshake')
    .map((r) => r.ms)
    .sort((a, b) => a - b);
  const at = (q: number) => {
    if (ms.length === 0) return 0;
    const pos = (ms.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return (ms[lo] as number) + ((ms[hi] as number) - (ms[lo] as number)) * (pos - lo);
  };
  return { n: ms.length, avg: ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length), p50: at(0.5), p90: at(0.9) };
}
