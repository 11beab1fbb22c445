import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DAEMON_HEADER } from '../../src/collector/protocol.js';
import { spawnCli } from '../helpers/cli-process.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Sends from several sockets in turn, as the X-Ray SDK (a socket per send) and many environments do. */
async function send(port: number, messages: string[]): Promise<void> {
  const sockets = Array.from({ length: 4 }, () => createSocket('udp4'));
  for (const [i, message] of messages.entries()) {
    await new Promise<void>((resolve, reject) =>
      sockets[i % sockets.length]!.send(message, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
    );
  }
  for (const socket of sockets) socket.close();
}

describe('lambda-profiler collect', { timeout: 30_000 }, () => {
  it.each([1, 3])(
    'appends valid documents, counts invalid datagrams and flushes on SIGTERM (%i threads)',
    async (threads) => {
      // Prepare
      const dir = mkdtempSync(join(tmpdir(), 'lp-collect-'));
      dirs.push(dir);
      const out = join(dir, 'nested', 'traces.ndjson');
      const cli = spawnCli(['collect', '--port', '0', '--out', out, '--threads', String(threads)]);
      const [, port] = await cli.waitForLine(/^listening udp:\/\/127\.0\.0\.1:(\d+)$/m);
      const valid = Array.from({ length: 300 }, (_, i) => `{"id":"${i.toString(16).padStart(16, '0')}","name":"fn"}`);

      // Act
      await send(Number(port), [
        ...valid.map((doc) => `${DAEMON_HEADER}\n${doc}`),
        '{"id":"no-header"}',
        '{"format":"json","version":2}\n{"id":"old"}',
        `${DAEMON_HEADER}\n{"id":`,
        '{"format":"JSON","version":1}\n{"id":"upper"}',
      ]);
      // No settling pause: the collector must drain what is in flight itself before closing.
      cli.child.kill('SIGTERM');
      const code = await cli.exited;

      // Assess
      expect(code).toBe(0);
      const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
      // Threads append whole lines in batches of their own: compare as sets of lines.
      expect(lines.sort()).toEqual([...valid, '{"id":"upper"}'].sort());
      expect(cli.stderr()).toContain(
        '301 documents, 3 invalid (1 missing-header, 1 bad-header, 1 bad-document); appended to',
      );
      expect(cli.stderr()).toMatch(/receive buffer \d+ bytes/);
    },
  );

  it('appends to an existing file instead of replacing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-collect-'));
    dirs.push(dir);
    const out = join(dir, 'traces.ndjson');
    for (const id of ['first', 'second']) {
      const cli = spawnCli(['collect', '--port', '0', '--out', out]);
      const [, port] = await cli.waitForLine(/^listening udp:\/\/127\.0\.0\.1:(\d+)$/m);
      await send(Number(port), [`${DAEMON_HEADER}\n{"id":"${id}"}`]);
      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
    }
    expect(readFileSync(out, 'utf8')).toBe('{"id":"first"}\n{"id":"second"}\n');
  });

  it('exits 1 with one line when the port is taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-collect-'));
    dirs.push(dir);
    const holder = createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', resolve));
    const cli = spawnCli(['collect', '--port', String(holder.address().port), '--out', join(dir, 't.ndjson')]);
    const code = await cli.exited;
    holder.close();
    expect(code).toBe(1);
    expect(cli.stderr().trim()).toMatch(/^lambda-profiler: cannot listen on udp 127\.0\.0\.1:\d+: EADDRINUSE$/);
  });

  it('exits 2 for a port out of range', async () => {
    const cli = spawnCli(['collect', '--port', '70000']);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain('--port: expected an integer from 0 to 65535');
  });
});
