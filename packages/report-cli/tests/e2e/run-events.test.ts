import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRunManifest } from '../../src/contracts/validate.js';
import { spawnCli } from '../helpers/cli-process.js';
import { invocationDocuments, readLog, readManifest, readTraces, reports } from '../helpers/run-folder.js';

const HANDLER = 'tests/fixtures/handlers/traced.handler';
const HANDLER_SEGMENT = `## ${HANDLER}`;
const REQUEST_LINE = /^\d{4}-\d\d-\d\dT[\d:.]+Z\t([0-9a-f-]{36})\tINFO\taction (\w+)$/;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lp-run-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function events(name: string, list: object[]): string {
  const file = join(root, name);
  writeFileSync(file, `${list.map((e) => JSON.stringify(e)).join('\n')}\n`);
  return file;
}

async function run(args: string[], env?: NodeJS.ProcessEnv) {
  const cli = spawnCli(['run', '--handler', HANDLER, ...args], env ? { env } : {});
  const code = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

// Generous: every test spawns the CLI and fresh Node processes on a machine shared with other work.
describe('lambda-profiler run --events', { timeout: 60_000 }, () => {
  it('runs cycled events in warm and cold environments with the Powertools Tracer attached to Lambda segments', async () => {
    // Prepare
    const out = join(root, 'concurrent');
    const file = events('mixed.ndjson', [{ action: 'sleep', ms: 60 }, { action: 'ok' }]);

    // Act
    const result = await run(
      [
        ...['--events', file, '--count', '6', '--concurrency', '2', '--memory', '256', '--timeout', '5'],
        ...['--name', 'fixture-fn', '--env', 'FIXTURE_VAR=from-cli', '--out', out],
      ],
      { ...process.env, NODE_OPTIONS: '--import @lambda-profiler/middleware/register' },
    );

    // Assess: the run and its manifest
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(out);
    const manifest = readManifest(out);
    expect(validateRunManifest(manifest).errors).toEqual([]);
    expect(manifest.counts).toEqual({ invocations: 6, coldStarts: 2, errors: 0, timeouts: 0, crashes: 0 });
    expect(manifest.function).toEqual({
      name: 'fixture-fn',
      handler: HANDLER,
      memoryMb: 256,
      timeoutS: 5,
      architecture: 'x86_64',
      runtime: `nodejs${process.versions.node.split('.')[0]}.x`,
    });
    expect(manifest.cpuScaledToMemory).toBe(false);
    expect(manifest.notes.join(' ')).toContain('not scaled to the memory size');
    expect(manifest.environments).toHaveLength(2);
    for (const env of manifest.environments) {
      expect(env.endReason).toBe('drained');
      expect(env.initDurationMs).toBeGreaterThan(0);
      expect(env.requestIds.length).toBeGreaterThan(0);
    }

    // Assess: the log
    const log = readLog(out);
    const reportLines = reports(log);
    expect(reportLines).toHaveLength(6);
    expect(log.filter((l) => l.startsWith('INIT_START Runtime Version: nodejs:'))).toHaveLength(2);
    expect(log.filter((l) => l.endsWith('\tundefined\tINFO\tinit done'))).toHaveLength(2);
    expect(log.filter((l) => l.startsWith('{"_aws":'))).toHaveLength(6);
    const allIds = manifest.environments.flatMap((e) => e.requestIds);
    expect(new Set(allIds)).toEqual(new Set(reportLines.map((r) => r.requestId)));
    const firstIds = new Set(manifest.environments.map((e) => e.requestIds[0]));
    for (const { requestId, fields } of reportLines) {
      const start = log.indexOf(`START RequestId: ${requestId} Version: $LATEST`);
      const end = log.indexOf(`END RequestId: ${requestId}`);
      const own = log.findIndex((l) => REQUEST_LINE.exec(l)?.[1] === requestId);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(own).toBeGreaterThan(start);
      expect(end).toBeGreaterThan(own);
      expect(fields['Memory Size']).toBe('256 MB');
      expect(Number.parseInt(fields['Max Memory Used'] ?? '', 10)).toBeGreaterThan(20);
      expect(fields.Sampled).toBe('true');
      const duration = Number.parseFloat(fields.Duration ?? '');
      const billed = Number.parseInt(fields['Billed Duration'] ?? '', 10);
      const cold = firstIds.has(requestId);
      expect('Init Duration' in fields).toBe(cold);
      const init = cold ? Number.parseFloat(fields['Init Duration'] ?? '') : 0;
      // Billed is ceil of the unrounded sum; the printed values are rounded to 0.01 ms, so allow 1 ms.
      expect(Math.abs(billed - Math.ceil(duration + init))).toBeLessThanOrEqual(1);
      expect(billed).toBeGreaterThanOrEqual(Math.floor(duration + init));

      // Assess: the trace of this invocation
      const { service, fn, own: handlerDocs } = invocationDocuments(readTraces(out), requestId);
      expect(service.trace_id).toBe(fields['XRAY TraceId']);
      expect(fn.id).toBe(fields.SegmentId);
      expect(fn.trace_id).toBe(service.trace_id);
      expect(fn.subsegments?.map((s) => s.name)).toEqual(
        cold ? ['Initialization', 'Invocation', 'Overhead'] : ['Invocation', 'Overhead'],
      );
      const handlerSegment = handlerDocs.find((d) => d.name === HANDLER_SEGMENT);
      expect(handlerSegment?.parent_id).toBe(fn.id);
      expect(handlerSegment?.annotations?.ColdStart).toBe(cold);
      // The profiler middleware: its invocation record on the handler subsegment, its init document
      // under the function segment on cold starts only.
      expect(handlerSegment?.metadata?.['lambda-profiler']?.invocation).toMatchObject({
        kind: 'invocation',
        requestId,
        coldStart: cold,
      });
      const initDoc = handlerDocs.find((d) => d.name === '## lambda-profiler:init');
      expect(initDoc !== undefined).toBe(cold);
      if (initDoc) {
        expect(initDoc.parent_id).toBe(fn.id);
        // NODE_OPTIONS reached the environment: the register entry timed the imports.
        const initRecord = initDoc.metadata?.['lambda-profiler']?.init as {
          imports: { source: string; count: number };
        };
        expect(initRecord.imports.source).toBe('register');
        expect(initRecord.imports.count).toBeGreaterThan(10);
      }
      const child = handlerDocs.find((d) => d.name === '## work' || d.name === '## sleep');
      expect(child?.parent_id).toBe(handlerSegment?.id);
      const response = handlerSegment?.metadata?.fixture?.[`${HANDLER} response`] as Record<string, unknown>;
      expect(response).toMatchObject({
        requestId,
        functionName: 'fixture-fn',
        memoryLimitInMB: '256',
        env: {
          AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
          _HANDLER: HANDLER,
          FIXTURE_VAR: 'from-cli',
        },
      });
      expect(response.remainingMs).toBeGreaterThan(0);
      expect(response.remainingMs).toBeLessThanOrEqual(5000);
      // A proportional heap: far below V8's default limit of several GB.
      expect(response.heapLimitMb).toBeLessThan(512);
      const env = manifest.environments.find((e) => e.requestIds.includes(requestId));
      expect(response.logStreamName).toBe(env?.logStream);
    }
    // Two environments served at the same time: the first requests of both were in flight together.
    const [a, b] = manifest.environments.map(
      (e) => invocationDocuments(readTraces(out), e.requestIds[0] ?? '').service,
    );
    expect(a!.start_time).toBeLessThan(b!.end_time!);
    expect(b!.start_time).toBeLessThan(a!.end_time!);
  });

  it('reports a timeout, crashes and function errors as Lambda does, and goes on', async () => {
    // Prepare
    const out = join(root, 'failures');
    const actions = ['ok', 'hang', 'ok', 'crash', 'ok', 'throw', 'exit', 'reject'];
    const file = events(
      'failures.ndjson',
      actions.map((action) => ({ action })),
    );

    // Act
    // A 2 s timeout: the 'ok' invocations must finish well inside it even on a loaded machine.
    const result = await run(['--events', file, '--timeout', '2', '--out', out]);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const manifest = readManifest(out);
    expect(validateRunManifest(manifest).errors).toEqual([]);
    expect(manifest.counts, readLog(out).join('\n')).toEqual({
      invocations: 8,
      coldStarts: 4,
      errors: 5,
      timeouts: 1,
      crashes: 2,
    });
    expect(manifest.environments.map((e) => [e.requestIds.length, e.endReason])).toEqual([
      [2, 'timeout'],
      [2, 'crash'],
      [3, 'crash'],
      [1, 'drained'],
    ]);
    const log = readLog(out);
    const ids = manifest.environments.flatMap((e) => e.requestIds);
    const byAction = Object.fromEntries(actions.map((action, i) => [action, ids[i]]));
    const reportOf = (action: string) => reports(log).find((r) => r.requestId === byAction[action])?.fields;
    expect(log).toContainEqual(
      expect.stringMatching(new RegExp(`Z ${byAction.hang} Task timed out after 2\\.00 seconds$`)),
    );
    expect(reportOf('hang')).toMatchObject({ Status: 'timeout' });
    expect(Number.parseFloat(reportOf('hang')?.Duration ?? '')).toBeGreaterThanOrEqual(2000);
    expect(reportOf('crash')).toMatchObject({ Status: 'error', 'Error Type': 'Runtime.ExitError' });
    expect(reportOf('exit')).toMatchObject({ Status: 'error', 'Error Type': 'Runtime.ExitError' });
    expect(log).toContain(`RequestId: ${byAction.exit} Error: Runtime exited with error: exit status 3`);
    expect(log).toContainEqual(
      expect.stringContaining(
        `\t${byAction.crash}\tERROR\tUncaught Exception \t{"errorType":"Error","errorMessage":"kaboom"`,
      ),
    );
    expect(log).toContainEqual(
      expect.stringContaining(`\t${byAction.throw}\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"boom"`),
    );
    expect(log).toContainEqual(
      expect.stringContaining(`\t${byAction.reject}\tERROR\tInvoke Error \t{"errorType":"TypeError"`),
    );
    expect(reportOf('throw')).not.toHaveProperty('Status');
    const traces = readTraces(out);
    expect(invocationDocuments(traces, byAction.throw!).fn.fault).toBe(true);
    expect(invocationDocuments(traces, byAction.hang!).fn.fault).toBe(true);
    expect(invocationDocuments(traces, byAction.ok!).fn.fault).toBeUndefined();
  });

  it('reports an init failure on every invocation and ends the environment', async () => {
    const out = join(root, 'broken');
    const cli = spawnCli([
      ...['run', '--handler', 'tests/fixtures/handlers/broken.handler', '--events', events('one.ndjson', [{}])],
      ...['--count', '2', '--out', out],
    ]);
    expect(await cli.exited).toBe(0);
    const manifest = readManifest(out);
    expect(manifest.counts).toMatchObject({ invocations: 2, errors: 2, coldStarts: 0 });
    expect(manifest.environments.map((e) => e.endReason)).toEqual(['init-error', 'init-error']);
    const log = readLog(out);
    expect(
      log.filter((l) =>
        /^INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Error$/.test(l),
      ),
    ).toHaveLength(2);
    expect(log).toContainEqual(
      expect.stringContaining(
        '\tundefined\tERROR\tUncaught Exception \t{"errorType":"Error","errorMessage":"cannot start"',
      ),
    );
    expect(reports(log).map((r) => r.fields.Status)).toEqual(['error', 'error']);
  });

  it('loads CommonJS handlers, callback handlers and nested exports', async () => {
    const file = events('plain.ndjson', [{ n: 1 }]);
    const cases = [
      ['plain.handler', 'async'],
      ['plain.callback', 'callback'],
      ['plain.nested.handler', 'nested'],
      ['plain.nope', 'missing'],
    ] as const;
    const runs = await Promise.all(
      cases.map(async ([handler, kind]) => {
        const out = join(root, `plain-${kind}`);
        const cli = spawnCli([
          'run',
          '--handler',
          `tests/fixtures/handlers/${handler}`,
          '--events',
          file,
          '--out',
          out,
        ]);
        return { kind, code: await cli.exited, stderr: cli.stderr(), out };
      }),
    );
    for (const { kind, code, stderr, out } of runs) {
      expect(code, stderr).toBe(0);
      const traces = readTraces(out);
      const fn = traces.find((d) => d.origin === 'AWS::Lambda::Function');
      if (kind === 'missing') {
        expect(reports(readLog(out))[0]?.fields['Error Type']).toBe('Runtime.HandlerNotFound');
        expect(readManifest(out).counts).toMatchObject({ invocations: 1, errors: 1 });
      } else {
        expect(readManifest(out).counts).toMatchObject({ invocations: 1, errors: 0 });
        expect(fn?.fault).toBeUndefined();
      }
    }
  });

  it('starts a new environment after --recycle-after invocations', async () => {
    const out = join(root, 'recycle');
    const cli = spawnCli([
      ...['run', '--handler', 'tests/fixtures/handlers/plain.handler', '--events', events('r.ndjson', [{}])],
      ...['--count', '5', '--recycle-after', '2', '--out', out],
    ]);
    expect(await cli.exited, cli.stderr()).toBe(0);
    const manifest = readManifest(out);
    expect(manifest.counts).toMatchObject({ invocations: 5, coldStarts: 3, errors: 0 });
    expect(manifest.environments.map((e) => [e.requestIds.length, e.endReason])).toEqual([
      [2, 'recycled'],
      [2, 'recycled'],
      [1, 'drained'],
    ]);
  });

  it('passes NODE_OPTIONS through, so an --import entry runs first in every environment', async () => {
    const out = join(root, 'preload');
    const cli = spawnCli(
      ['run', '--handler', 'tests/fixtures/handlers/plain.handler', '--events', events('p.ndjson', [{}]), '--out', out],
      { env: { ...process.env, NODE_OPTIONS: '--import ./tests/fixtures/handlers/preload.mjs' } },
    );
    expect(await cli.exited, cli.stderr()).toBe(0);
    const log = readLog(out);
    expect(log[1]).toBe('preloaded in plain');
    expect(log[0]).toMatch(/^INIT_START /);
  });

  it('exits 2 without --events or --serve, and 1 with one line for a missing handler module', async () => {
    const usage = spawnCli(['run', '--handler', HANDLER]);
    expect(await usage.exited).toBe(2);
    expect(usage.stderr()).toContain('give --events <file|dir> or --serve <host:port>');
    const missing = spawnCli(['run', '--handler', 'nowhere/fn.handler', '--events', 'x.ndjson']);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr().trim().split('\n')).toHaveLength(1);
    expect(missing.stderr()).toMatch(/nowhere: --handler: no handler module \(tried fn\.js, fn\.mjs, fn\.cjs\)/);
  });
});
