import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DETAILS_SUBSEGMENT_NAME } from '../../src/contract/names.js';
import { readProfilerMetadata } from '../../src/contract/read.js';
import type { DetailsRecord, InitRecord, InvocationRecord } from '../../src/contract/types.js';
import { assertValidMetadata } from '../helpers/schema.js';

const run = promisify(execFile);
const functionDir = fileURLToPath(new URL('./fixtures/function/', import.meta.url));
const register = fileURLToPath(new URL('../../dist/register.js', import.meta.url));

interface Doc {
  id: string;
  name: string;
  parent_id?: string;
  trace_id?: string;
  start_time: number;
  end_time?: number;
  annotations?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  subsegments?: Doc[];
  fault?: boolean;
}

let socket: dgram.Socket | undefined;
afterEach(() => {
  socket?.close();
  socket = undefined;
});

async function daemon(): Promise<{ port: number; docs: Doc[] }> {
  const docs: Doc[] = [];
  socket = dgram.createSocket('udp4');
  socket.on('message', (msg) => {
    const [header, body] = msg.toString('utf8').split('\n');
    expect(JSON.parse(header!)).toEqual({ format: 'json', version: 1 });
    docs.push(JSON.parse(body!) as Doc);
  });
  await new Promise<void>((resolve) => socket!.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, docs };
}

async function lambda(mode: string, port: number, extraEnv: Record<string, string> = {}, nodeArgs: string[] = []) {
  const { stdout } = await run(process.execPath, [...nodeArgs, 'index.mjs', mode], {
    cwd: functionDir,
    env: {
      PATH: process.env.PATH,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: functionDir,
      _HANDLER: 'index.handler',
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${port}`,
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      AWS_LAMBDA_FUNCTION_NAME: 'fn',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      POWERTOOLS_SERVICE_NAME: 'integration',
      POWERTOOLS_METRICS_NAMESPACE: 'lp',
      // Every invocation sampled: memory metrics go out on sampled invocations only.
      LAMBDA_PROFILER_SAMPLE_RATE: '1',
      ...extraEnv,
    },
    encoding: 'utf8',
  });
  const lines = stdout.split('\n');
  const parents = JSON.parse(lines.find((l) => l.startsWith('PARENTS '))!.slice(8)) as string[];
  const emf = lines
    .filter((l) => l.startsWith('{"_aws"') || l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { stdout, parents, emf };
}

async function settle(docs: Doc[], count: number): Promise<void> {
  for (let i = 0; i < 50 && docs.length < count; i++) await new Promise((r) => setTimeout(r, 20));
}

function metadata(doc: Doc): Record<string, unknown> {
  const value = readProfilerMetadata(doc)!;
  assertValidMetadata(value);
  return value as Record<string, unknown>;
}

describe('real Powertools Tracer + X-Ray SDK over UDP', () => {
  it('innermost after captureLambdaHandler and logMetrics: names, parents, annotations, metadata, EMF', async () => {
    const { port, docs } = await daemon();
    const { stdout, parents, emf } = await lambda('innermost', port, {}, ['--import', register]);
    await settle(docs, 9);
    expect(stdout).toContain('RESULT {"ok":1}');
    expect(stdout).toContain('ERROR handler failed');

    const handlers = docs.filter((d) => d.name === '## index.handler');
    expect(handlers.map((d) => d.parent_id)).toEqual(parents);
    const [first, second, third] = handlers;
    expect(first!.annotations).toMatchObject({ ColdStart: true, Service: 'integration', Platform: 'slack' });
    expect(first!.annotations!.InitDurationMs).toEqual(expect.any(Number));
    expect(first!.annotations!.ProfilerVersion).toEqual(expect.any(String));
    expect(second!.annotations).not.toHaveProperty('InitDurationMs');
    const inv1 = metadata(first!).invocation as InvocationRecord;
    expect(inv1).toMatchObject({ requestId: 'req-1', coldStart: true, invocationIndex: 1, initType: 'on-demand' });
    expect(inv1.memory.limitMb).toBe(512);
    expect(inv1.middlewares!.some((m) => m.name === 'profilerBefore')).toBe(true);
    expect((metadata(third!).invocation as InvocationRecord).error).toBe(true);

    // One details document per invocation, child of the handler subsegment, spans nested inside it.
    const details = docs.filter((d) => d.name === '## lambda-profiler:invocation');
    expect(details).toHaveLength(3);
    expect(details.map((d) => d.parent_id)).toEqual(handlers.map((h) => h.id));
    const rec = metadata(details[0]!).details as DetailsRecord;
    expect(rec.spans.map((s) => [s.name, s.parent])).toEqual([
      ['load state', null],
      ['parse', 0],
    ]);
    expect(details[0]!.subsegments![0]!.name).toBe('## lambda-profiler:span load state');
    expect(details[0]!.subsegments![0]!.subsegments![0]!.name).toBe('## lambda-profiler:span parse');
    expect(docs.some((d) => d.name.startsWith('## lambda-profiler:span'))).toBe(false);

    // The init tree once, under the function segment.
    const inits = docs.filter((d) => d.name === '## lambda-profiler:init');
    expect(inits).toHaveLength(1);
    expect(inits[0]!.parent_id).toBe(parents[0]);
    const init = metadata(inits[0]!).init as InitRecord;
    expect(init.imports.source).toBe('register');
    expect(init.imports.count).toBeGreaterThan(20);
    expect(init.custom.map((c) => c.name)).toEqual(['config']);
    expect(init.custom[0]!.ms).toBeGreaterThanOrEqual(2);
    const names = inits[0]!.subsegments!.map((s) => s.name);
    expect(names.slice(0, 5)).toEqual([
      'phase runtime',
      'phase imports',
      'phase aws-sdk',
      'phase custom',
      'phase other',
    ]);
    expect(names.slice(5).every((n) => n.startsWith('module '))).toBe(true);
    expect(init.phases.reduce((n, p) => n + p.ms, 0)).toBeCloseTo(init.durationMs, 2);

    // Metrics: the profiler's travel in the application's own EMF document.
    const appDocs = emf.filter((d) => 'Handled' in d);
    expect(appDocs).toHaveLength(3);
    for (const doc of appDocs) expect(doc).toHaveProperty('MemoryUsed');
    expect(appDocs[0]).toHaveProperty('InitDuration');
    expect(appDocs[0]).toHaveProperty('ImportDuration');
    expect(appDocs[1]).not.toHaveProperty('InitDuration');
  }, 30_000);

  it('alone: its own ## index.handler subsegment and its own metrics flush', async () => {
    const { port, docs } = await daemon();
    const { parents, emf } = await lambda('alone', port);
    await settle(docs, 7);
    const handlers = docs.filter((d) => d.name === '## index.handler');
    expect(handlers.map((d) => d.parent_id)).toEqual(parents);
    expect(handlers[0]!.annotations).not.toHaveProperty('ColdStart');
    expect(handlers[2]!.fault).toBe(true);
    const init = docs.find((d) => d.name === '## lambda-profiler:init')!;
    expect((metadata(init).init as InitRecord).imports.source).toBe('none');
    expect(emf.filter((d) => 'MemoryUsed' in d)).toHaveLength(3);
  }, 30_000);

  it('untraced and unsampled: sends nothing, returns intact, and the next traced invocation counts it', async () => {
    const { port, docs } = await daemon();
    const { stdout, parents } = await lambda('innermost', port, {
      SAMPLED_PATTERN: '1,0,1',
      LAMBDA_PROFILER_SAMPLE_RATE: '0',
    });
    expect(stdout).toContain('RESULT {"ok":1}');
    expect(stdout).toContain('RESULT {"ok":2}');
    expect(stdout).toContain('ERROR handler failed');
    await settle(docs, 5);
    await new Promise((r) => setTimeout(r, 100));
    const handlers = docs.filter((d) => d.name === '## index.handler');
    // The untraced second invocation sent nothing at all.
    expect(handlers.map((d) => d.parent_id)).toEqual([parents[0], parents[2]]);
    expect(docs.some((d) => d.parent_id === parents[1])).toBe(false);
    const third = metadata(handlers[1]!).invocation as InvocationRecord;
    expect(third).toMatchObject({ invocationIndex: 3, sampled: false, error: true });
    expect(Object.keys(third.memory).sort()).toEqual(['limitMb', 'peakRssMb']);
    expect(docs.filter((d) => d.name === DETAILS_SUBSEGMENT_NAME)).toHaveLength(2);
  }, 30_000);

  it('keeps working with no daemon listening and with tracing off', async () => {
    const closed = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', resolve));
    const port = closed.address().port;
    closed.close();
    const noDaemon = await lambda('innermost', port);
    expect(noDaemon.stdout).toContain('RESULT {"ok":2}');
    const off = await lambda('innermost', port, { POWERTOOLS_TRACE_ENABLED: 'false' });
    expect(off.stdout).toContain('RESULT {"ok":2}');
    expect(off.emf.filter((d) => 'MemoryUsed' in d)).toHaveLength(3);
  }, 30_000);
});
