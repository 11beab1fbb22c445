/**
 * Scale benchmark of `generate`: N invocations (≈ 10 documents each) of generated X-Ray + REPORT data,
 * in two trace formats (segment NDJSON as `run`/`collect` write it, and batch-get-traces files with
 * Document strings). Each job runs in its own process so peak RSS is its own; baseline and pipeline
 * runs are interleaved and compared as a ratio (issue 6's goal: pipeline ≤ 2× JSON.parse of every
 * record, peak RSS < 512 MB). A third job, the essential work (essential-work.ts), shows what the data
 * costs before any model: the least any design must do for the report's main figures. The goal as
 * corrected is ≤ 2× that least work: the same as the issue's on batch files, where the least work is
 * the floor, and what the issue's goal means on NDJSON, where grouping alone costs 1.7× the floor.
 *
 *   node tests/bench/generate-scale.ts [--invocations 100000] [--rounds 2] [--stages]
 *
 * Under 2 minutes at the default size on a 2-core machine (about 2.5 minutes with --stages).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Job {
  ms: number;
  /** CPU time (user + system) of the job: steadier than wall time on a shared machine. */
  cpuMs: number;
  rssMb: number;
  records: number;
}

const here = new URL('.', import.meta.url);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

async function generate(dir: string, invocations: number): Promise<number> {
  const { syntheticInvocations } = (await import(new URL('../helpers/synthetic.ts', here).href)) as {
    syntheticInvocations: (o: object) => Iterable<{ traceId: string; documents: object[]; logLines: string[] }>;
  };
  mkdirSync(join(dir, 'ndjson'));
  mkdirSync(join(dir, 'batch'));
  const nd = openSync(join(dir, 'ndjson', 'traces.ndjson'), 'w');
  const log = openSync(join(dir, 'function.log'), 'w');
  let docs = 0;
  let batch: { Id: string; Segments: { Id: string; Document: string }[] }[] = [];
  let file = 0;
  const flush = () => {
    if (batch.length === 0) return;
    const fd = openSync(join(dir, 'batch', `traces-${String(file++).padStart(4, '0')}.json`), 'w');
    writeSync(fd, JSON.stringify({ Traces: batch, UnprocessedTraceIds: [] }));
    closeSync(fd);
    batch = [];
  };
  let buf: string[] = [];
  let logBuf: string[] = [];
  for (const inv of syntheticInvocations({ invocations, environments: 50, seed: 1 })) {
    const lines = inv.documents.map((d) => JSON.stringify(d));
    docs += lines.length;
    buf.push(...lines);
    logBuf.push(...inv.logLines);
    batch.push({ Id: inv.traceId, Segments: lines.map((l, i) => ({ Id: String(i), Document: l })) });
    if (batch.length === 1000) flush();
    if (buf.length > 20000) {
      writeSync(nd, `${buf.join('\n')}\n`);
      writeSync(log, `${logBuf.join('\n')}\n`);
      buf = [];
      logBuf = [];
    }
  }
  writeSync(nd, `${buf.join('\n')}\n`);
  writeSync(log, `${logBuf.join('\n')}\n`);
  flush();
  closeSync(nd);
  closeSync(log);
  return docs;
}

/** essential-work.ts (the floor's line reader too), loaded from its TypeScript source: Node strips the types. */
async function essentials(): Promise<typeof import('./essential-work.js')> {
  return (await import(new URL('./essential-work.ts', here).href)) as typeof import('./essential-work.js');
}

/** The floor: read every file and JSON.parse every record (each line; each Document string; each log line). */
async function baseline(dir: string, format: string): Promise<number> {
  let records = 0;
  if (format === 'ndjson') {
    // The cheapest way found to JSON.parse every line: 1 MB reads decoded in 64 KB pieces cut after
    // a newline (as the CLI reads NDJSON; one string of the whole file would pass V8's string limit).
    // Until 2026-11-28 this floor decoded whole 4 MB reads: those strings sit in V8's large-object
    // space until a full GC, which made the floor itself 15-20 % slower and every ratio look better.
    // The line is parsed in a callback: measured the same as parsing it inline in the loop.
    const { forEachFileLine } = await essentials();
    forEachFileLine(join(dir, 'ndjson', 'traces.ndjson'), (line) => {
      JSON.parse(line);
      records++;
    });
  } else {
    for (const f of readdirSync(join(dir, 'batch')).sort()) {
      const value = JSON.parse(readFileSync(join(dir, 'batch', f), 'utf8')) as {
        Traces: { Segments: { Document: string }[] }[];
      };
      for (const t of value.Traces)
        for (const s of t.Segments) {
          JSON.parse(s.Document);
          records++;
        }
    }
  }
  // The log's records: its lines, read the cheapest way found (the same 64 KB pieces), JSON ones parsed
  // (the generated log has none: START / END / REPORT / XRAY text). Until 2026-11-29 the floor read the
  // log with readFileSync + split: 0.51 s instead of 0.08 s for the 37 MB log of 100,000 invocations
  // (74 MB of buffer and string first touched, one array of 406,000 lines), which made every ratio
  // look ≈ 20 % better.
  const { forEachFileLine } = await essentials();
  forEachFileLine(join(dir, 'function.log'), (line) => {
    if (line.charCodeAt(0) === 123) JSON.parse(line);
    records++;
  });
  return records;
}

/** What a pipeline job reads: everything, or one side only (`--stages`: where the time goes). */
type Inputs = 'all' | 'traces' | 'logs';

async function pipeline(dir: string, format: string, inputs: Inputs = 'all'): Promise<number> {
  const lib = (await import(new URL('../../dist/index.js', here).href)) as {
    generateReport: (o: object) => Promise<{ sample: { invocations: number } }>;
  };
  const report = await lib.generateReport({
    traces: inputs === 'logs' ? [] : [join(dir, format === 'ndjson' ? 'ndjson' : 'batch')],
    logs: inputs === 'traces' ? [] : [join(dir, 'function.log')],
    generatedAt: '2026-01-15T12:00:00.000Z',
    // As `lambda-profiler generate` runs it (src/commands/generate.ts).
    capYoungGeneration: true,
  });
  return report.sample.invocations;
}

async function child(kind: string, dir: string, format: string): Promise<void> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const records =
    kind === 'baseline'
      ? await baseline(dir, format)
      : kind === 'essential'
        ? (await essentials()).essentialWork(dir, format)
        : await pipeline(dir, format, kind === 'traces-only' ? 'traces' : kind === 'logs-only' ? 'logs' : 'all');
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const job: Job = {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    rssMb: process.resourceUsage().maxRSS / 1024,
    records,
  };
  process.stdout.write(JSON.stringify(job));
}

function run(kind: string, dir: string, format: string): Job {
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', new URL(import.meta.url).pathname, '--child', kind, dir, format],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`${kind} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Job;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const c = process.argv.indexOf('--child');
  if (c !== -1) return child(process.argv[c + 1]!, process.argv[c + 2]!, process.argv[c + 3]!);
  // The size the goal is set at (issue 6). Smaller runs mostly measure fixed costs (loading the
  // package, building the report): 2,000 invocations give 5×, which says nothing about the goal.
  const invocations = arg('--invocations', 100_000);
  const keep = process.argv.indexOf('--keep');
  if (keep !== -1) {
    const out = process.argv[keep + 1]!;
    mkdirSync(out, { recursive: true });
    console.log(`${await generate(out, invocations)} documents in ${out}`);
    return;
  }
  const rounds = arg('--rounds', 2);
  const stages = process.argv.includes('--stages');
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-'));
  try {
    const docs = await generate(dir, invocations);
    console.log(`generate scale: ${invocations} invocations, ${docs} documents (+ ${invocations * 4}+ log lines)`);
    for (const format of ['ndjson', 'batch']) {
      const base: Job[] = [];
      const essential: Job[] = [];
      const pipe: Job[] = [];
      for (let i = 0; i < rounds; i++) {
        base.push(run('baseline', dir, format));
        essential.push(run('essential', dir, format));
        pipe.push(run('pipeline', dir, format));
      }
      const wall = median(pipe.map((j) => j.ms)) / median(base.map((j) => j.ms));
      const cpu = median(pipe.map((j) => j.cpuMs)) / median(base.map((j) => j.cpuMs));
      const peak = Math.max(...pipe.map((j) => j.rssMb));
      if (stages) {
        // Each side alone, the two interleaved after the jobs above: the full run minus the traces-only run is
        // what the logs add (their pass and the join); traces-only minus the floor is the trace model
        // and the analyses; logs-only is the log pass with every REPORT as its own invocation.
        const tracesOnly: Job[] = [];
        const logsOnly: Job[] = [];
        for (let i = 0; i < rounds; i++) {
          tracesOnly.push(run('traces-only', dir, format));
          logsOnly.push(run('logs-only', dir, format));
        }
        const w = (jobs: Job[]) => median(jobs.map((j) => j.ms)).toFixed(0);
        console.log(
          `${format.padEnd(6)}  wall ms: floor ${w(base)} | traces only ${w(tracesOnly)} | logs only ${w(logsOnly)} | traces + logs ${w(pipe)}`,
        );
      }
      console.log(
        `${format.padEnd(6)}  JSON.parse floor ${median(base.map((j) => j.cpuMs)).toFixed(0)} ms CPU (${median(base.map((j) => j.ms)).toFixed(0)} wall) | generate ${median(pipe.map((j) => j.cpuMs)).toFixed(0)} ms CPU (${median(pipe.map((j) => j.ms)).toFixed(0)} wall) | ratio ${cpu.toFixed(2)}× CPU, ${wall.toFixed(2)}× wall (issue 6's goal ≤ 2× the floor: ${wall <= 2 ? 'met' : 'NOT met'}) | peak RSS generate ${peak.toFixed(0)} MB (goal < 512: ${peak < 512 ? 'met' : 'NOT met'}), floor ${Math.max(...base.map((j) => j.rssMb)).toFixed(0)} MB | invocations ${pipe[0]!.records}`,
      );
      // The reference between the two (essential-work.ts): what the data costs before any model.
      // The goal as corrected (docs/report.md, "The target, corrected"): generate within 2× the least work the
      // report's figures need. On batch files that least work is about the floor (1.0-1.2×), so it is the
      // issue's goal; on NDJSON, grouping documents into traces through the grace already costs
      // 1.7× the floor, which the wording ("each Document string") did not foresee.
      const ess = median(essential.map((j) => j.ms));
      const overEss = median(pipe.map((j) => j.ms)) / ess;
      console.log(
        `${format.padEnd(6)}  essential work ${ess.toFixed(0)} ms wall = ${(ess / median(base.map((j) => j.ms))).toFixed(2)}× the floor (grouping, per-call series, REPORT join, percentiles; invocations ${essential[0]!.records}) | generate = ${overEss.toFixed(2)}× the essential work (goal ≤ 2×: ${overEss <= 2 ? 'met' : 'NOT met'})`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
