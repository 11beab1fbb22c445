import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRunManifest } from '../../src/contracts/validate.js';
import { spawnCli } from '../helpers/cli-process.js';
import { invocationDocuments, readLog, readManifest, readTraces, reports } from '../helpers/run-folder.js';

const HANDLER = 'tests/fixtures/handlers/traced.handler';
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lp-serve-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('lambda-profiler run --serve', { timeout: 60_000 }, () => {
  it('serves HTTP requests as function URL invocations and writes the run folder on SIGTERM', async () => {
    // Prepare
    const out = join(root, 'serve');
    const cli = spawnCli(['run', '--handler', HANDLER, '--serve', '127.0.0.1:0', '--concurrency', '2', '--out', out]);
    const [, base] = await cli.waitForLine(/^listening (http:\/\/127\.0\.0\.1:\d+)$/m);

    // Act + Assess: a structured response, with the event built from the request
    const structured = await fetch(`${base}/hello/world?action=http&a=1&a=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'c1=x; c2=y' },
      body: '{"x":1}',
    });
    expect(structured.status).toBe(201);
    expect(structured.headers.get('x-fixture')).toBe('yes');
    expect(structured.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const echoed = (await structured.json()) as Record<string, unknown>;
    expect(echoed).toEqual({
      method: 'POST',
      path: '/hello/world',
      query: { action: 'http', a: '1,2' },
      body: '{"x":1}',
      isBase64Encoded: false,
      cookies: ['c1=x', 'c2=y'],
      requestId: structured.headers.get('x-amzn-requestid'),
      awsRequestId: structured.headers.get('x-amzn-requestid'),
    });
    const traceHeader = structured.headers.get('x-amzn-trace-id') ?? '';

    // Three at once with two environments allowed: one is reused, one started, one waits.
    const sleeps = await Promise.all(
      [1, 2, 3].map(() => fetch(`${base}/?action=sleep&ms=250`).then(async (r) => [r.status, await r.json()] as const)),
    );
    expect(sleeps.map(([status]) => status)).toEqual([200, 200, 200]);
    expect(new Set(sleeps.map(([, body]) => (body as { pid: number }).pid)).size).toBe(2);

    const binary = await fetch(`${base}/?action=binary`);
    expect(binary.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from('iVBORw0K', 'base64'));
    const failed = await fetch(`${base}/?action=throw`);
    expect(failed.status).toBe(502);

    // A request still in flight when SIGTERM arrives is answered before the process exits.
    const late = fetch(`${base}/?action=sleep&ms=400`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    cli.child.kill('SIGTERM');
    expect((await late).status).toBe(200);
    expect(await cli.exited).toBe(0);

    // Assess: stdout has exactly the one machine-readable line
    expect(cli.stdout()).toBe(`listening ${base}\n`);
    const manifest = readManifest(out);
    expect(validateRunManifest(manifest).errors).toEqual([]);
    expect(manifest.mode).toBe('serve');
    expect(manifest.counts).toEqual({ invocations: 7, coldStarts: 2, errors: 1, timeouts: 0, crashes: 0 });
    expect(manifest.environments.map((e) => e.endReason)).toEqual(['drained', 'drained']);
    const log = readLog(out);
    expect(reports(log)).toHaveLength(7);
    const traceId = /Root=([^;]+);Parent=([0-9a-f]{16})/.exec(traceHeader);
    const { fn, own } = invocationDocuments(readTraces(out), echoed.requestId as string);
    expect(fn.trace_id).toBe(traceId?.[1]);
    expect(fn.id).toBe(traceId?.[2]);
    expect(own.find((d) => d.name === `## ${HANDLER}`)?.parent_id).toBe(fn.id);
  });

  it('exits 2 for a malformed --serve address', async () => {
    const cli = spawnCli(['run', '--handler', HANDLER, '--serve', 'localhost']);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain('--serve: expected <host>:<port>');
  });
});
