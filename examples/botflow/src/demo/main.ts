import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { FIX_IDS } from '../fixes.js';
import { summarize } from '../traffic/send.js';
import { type FixMeasurement, measureFix, perFixMarkdown, type ReportJson } from './per-fix.js';
import { capture, findProfilerCli, type ProfilerCli } from './profiler-cli.js';
import { type Bundler, clientLatency, runVariant, type VariantOutcome, type VariantPlan } from './variant.js';

const exampleDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function repoRoot(start: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
  }
  return start;
}

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

interface DemoOptions {
  perFix: boolean;
  count: string;
  concurrency: string;
  docs: string;
  date: string;
  seed: string;
  bundle?: string;
  invocationsPerMonth: string;
}

const t0 = performance.now();
function progress(message: string): void {
  const s = ((performance.now() - t0) / 1000).toFixed(0).padStart(4);
  console.log(`${s}s  ${message}`);
}

/**
 * `volume`: the invocations per month the dollar figures assume. A local run is too short to
 * extrapolate one (`generate` would say "pass --invocations-per-month"), and a team knows its own.
 */
async function generate(
  cli: ProfilerCli,
  runDir: string,
  prefix: string,
  volume: string,
): Promise<ReportJson | undefined> {
  const args = ['generate', runDir, '--out', prefix, '--format', 'md,json', '--invocations-per-month', volume];
  const out = await capture(process.execPath, [cli.bin, ...args]);
  if (out.code !== 0) throw new Error(`lambda-profiler generate failed (${out.code}): ${out.stderr.trim()}`);
  return JSON.parse(await readFile(`${prefix}.json`, 'utf8')) as ReportJson;
}

async function main(options: DemoOptions): Promise<void> {
  const volume = options.invocationsPerMonth;
  if (!/^\d+$/.test(volume)) throw new Error(`--invocations-per-month: a whole number, not ${volume}`);
  const root = repoRoot(exampleDir);
  const work = join(root, '.lambda-profiler');
  const docs = resolve(root, options.docs);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const cli = await findProfilerCli();
  const available = cli === undefined ? [] : [...cli.commands];
  progress(`lambda-profiler commands available: ${available.length === 0 ? 'none' : available.join(', ')}`);
  const bundle = await bundleIfAsked(options.bundle);
  const base = {
    count: Number(options.count),
    concurrency: Number(options.concurrency),
    seed: Number(options.seed),
    ...(bundle !== undefined ? { bundle } : {}),
  };
  // Bundled runs write their own report files (`profiling-report-<date>-esbuild.md`, …).
  const tag = bundle !== undefined ? `${options.date}-${bundle}` : options.date;
  const paths = (name: string) => ({
    exampleDir,
    workDir: join(work, 'demo', stamp),
    runDir: join(work, 'runs', `botflow-${stamp}-${name}`),
  });

  const plans: VariantPlan[] = [
    { name: 'baseline', fixEnv: {}, ...base },
    { name: 'optimized', fixEnv: { BOTFLOW_OPTIMIZED: '1' }, ...base },
  ];
  const outcomes: VariantOutcome[] = [];
  for (const plan of plans) {
    const outcome = await runVariant(plan, paths(plan.name), cli, progress);
    outcomes.push(outcome);
    progress(
      `[${plan.name}] done in ${outcome.seconds.toFixed(0)} s${outcome.runDir ? `: ${relative(root, outcome.runDir)}` : ''}`,
    );
  }
  const [baseline, optimized] = outcomes as [VariantOutcome, VariantOutcome];
  console.log(`\nbaseline traffic\n${summarize(baseline.results)}\n`);

  const reports: { baseline?: ReportJson; optimized?: ReportJson } = {};
  const written: string[] = [];
  const canGenerate = cli?.commands.has('generate') === true && baseline.runDir !== undefined;
  if (cli !== undefined && canGenerate) {
    const prefix = join(docs, `profiling-report-${tag}`);
    progress('generating the report of the baseline run');
    reports.baseline = await generate(cli, baseline.runDir as string, prefix, volume);
    progress('generating the report of the optimized run');
    reports.optimized = await generate(cli, optimized.runDir as string, `${prefix}-optimized`, volume);
    written.push(`${prefix}.md`, `${prefix}.json`, `${prefix}-optimized.md`, `${prefix}-optimized.json`);
  } else {
    progress('lambda-profiler run/generate are not available yet: no report written (traffic summary above)');
  }

  const comparison = join(docs, `profiling-comparison-${tag}.md`);
  if (cli?.commands.has('compare') === true && reports.baseline !== undefined) {
    progress('comparing baseline and optimized');
    const prefix = join(docs, `profiling-report-${tag}`);
    // Relative paths from the repository root: the comparison names its inputs, and a committed
    // sample must not carry this machine's folders.
    const out = await capture(
      process.execPath,
      [cli.bin, 'compare', relative(root, `${prefix}.json`), relative(root, `${prefix}-optimized.json`)].concat([
        '--out',
        relative(root, comparison),
      ]),
      { cwd: root },
    );
    // Exit code 3 means "regression found": still a comparison worth writing.
    if (out.code !== 0 && out.code !== 3)
      throw new Error(`lambda-profiler compare failed (${out.code}): ${out.stderr.trim()}`);
    written.push(comparison);
  }

  if (options.perFix) {
    const rows: FixMeasurement[] = [];
    for (const fix of FIX_IDS) {
      const outcome = await runVariant(
        { name: `fix-${fix}`, fixEnv: { BOTFLOW_FIX: fix }, ...base },
        paths(`fix-${fix}`),
        cli,
        progress,
      );
      let report: ReportJson | undefined;
      if (cli !== undefined && canGenerate && outcome.runDir !== undefined) {
        report = await generate(cli, outcome.runDir, join(work, 'demo', stamp, `report-fix-${fix}`), volume);
      }
      rows.push(measureFix(fix, { outcome: baseline, report: reports.baseline }, { outcome, report }));
      progress(`[fix-${fix}] measured saving ${rows.at(-1)?.measuredMs?.toFixed(0)} ms (${rows.at(-1)?.basis})`);
    }
    const table = perFixMarkdown(rows);
    if (written.includes(comparison)) await appendFile(comparison, `\n${table}`);
    else {
      await writeFile(comparison, `# botflow: baseline vs fixes (${options.date})\n\n${table}`);
      written.push(comparison);
    }
  }

  console.log('variant     requests  avg ms  p50 ms  p90 ms   (client side, flows only)');
  for (const outcome of outcomes) {
    const l = clientLatency(outcome.results);
    console.log(
      `${outcome.plan.name.padEnd(10)} ${String(l.n).padStart(9)} ${l.avg.toFixed(0).padStart(7)} ${l.p50.toFixed(0).padStart(7)} ${l.p90.toFixed(0).padStart(7)}`,
    );
  }
  for (const file of written) console.log(`wrote ${relative(root, file)}`);
  progress('demo finished');
}

/** Builds the one-file bundle (`scripts/bundle.mjs`) the runs serve, when `--bundle` asks for one. */
async function bundleIfAsked(bundler: string | undefined): Promise<Bundler | undefined> {
  if (bundler === undefined) return undefined;
  if (bundler !== 'esbuild' && bundler !== 'webpack') throw new Error(`--bundle: esbuild or webpack, not ${bundler}`);
  progress(`bundling the handler with ${bundler} and the lambda-profiler init markers`);
  const out = await capture(process.execPath, [join(exampleDir, 'scripts/bundle.mjs'), bundler], { cwd: exampleDir });
  if (out.code !== 0) throw new Error(`bundling with ${bundler} failed: ${out.stderr.trim()}`);
  return bundler;
}

new Command('botflow-demo')
  .description('Profile the botflow example end to end: stand-ins, lambda-profiler run, traffic, report, comparison.')
  .option('--per-fix', 'also run each fix alone and compare estimated with measured savings', false)
  .option('--count <n>', 'webhook requests per run', '120')
  .option('--concurrency <n>', 'execution environments and requests in flight', '4')
  .option('--docs <dir>', 'where reports go (relative to the repository root)', 'docs')
  .option('--date <yyyy-mm-dd>', 'date in the report file names', today())
  .option('--seed <n>', 'seed of the traffic mix', '1')
  .option('--bundle <bundler>', 'profile the function bundled by esbuild or webpack (with init markers)')
  .option(
    '--invocations-per-month <n>',
    "the volume the reports' dollar figures assume (about 100,000 webhooks a day on four platforms)",
    '3000000',
  )
  .action(main)
  .parseAsync()
  .catch((error: unknown) => {
    console.error(`demo: ${(error as Error).message}`);
    process.exit(1);
  });
