import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The `./redact` side-effect entry and the console re-wrap, in fresh Node processes (the built
// package, as a user's function loads it).
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
let udp: dgram.Socket;
const datagrams: string[] = [];

beforeAll(async () => {
  udp = dgram.createSocket('udp4');
  udp.on('message', (msg) => datagrams.push(msg.toString()));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', () => resolve()));
});

afterAll(() => udp.close());

function run(code: string, args: string[] = []): string {
  return execFileSync(process.execPath, [...args, '--input-type=module', '-e', code], {
    cwd: packageDir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', TOKEN, PORT: String((udp.address() as AddressInfo).port) },
  });
}

describe('the redact entry (--import @lambda-profiler/middleware/redact)', () => {
  it('redacts X-Ray datagrams, stdout writes (strings and buffers) and console lines from the first module on', async () => {
    // Act
    const out = run(
      `import dgram from 'node:dgram';
       const { TOKEN, PORT } = process.env;
       const doc = '{"format":"json","version":1}\\n' + JSON.stringify({ name: 'x', http: { request: { url: 'https://api.telegram.org/bot' + TOKEN + '/getMe?offset=1' } } });
       const socket = dgram.createSocket('udp4');
       await new Promise((resolve) => socket.send(Buffer.from(doc), 0, Buffer.byteLength(doc), Number(PORT), '127.0.0.1', resolve));
       socket.send('plain ' + TOKEN, Number(PORT), '127.0.0.1', () => socket.close());
       process.stdout.write('string Bearer ' + TOKEN + '\\n');
       process.stdout.write(Buffer.from('buffer Bearer ' + TOKEN + '\\n'));
       console.log('console %s', 'https://example.com/a?token=' + TOKEN);`,
      ['--import', '@lambda-profiler/middleware/redact'],
    );
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Assess
    expect(out).toBe('string Bearer :redacted\nbuffer Bearer :redacted\nconsole https://example.com/a\n');
    const xray = datagrams.find((d) => d.startsWith('{"format"'));
    expect(xray).toBe(
      '{"format":"json","version":1}\n{"name":"x","http":{"request":{"url":"https://api.telegram.org/bot:redacted/getMe"}}}',
    );
    // Not an X-Ray document: passed through untouched (redaction is for documents, not arbitrary UDP).
    expect(datagrams).toContain(`plain ${TOKEN}`);
  });

  it('wraps console again when the runtime replaced it after the preload (as the Lambda runtime does)', () => {
    // Act: replace console.log with a function that writes to fd 1 directly, like Lambda's runtime.
    const out = run(
      `import { writeSync } from 'node:fs';
       import { format } from 'node:util';
       console.log = (...args) => { writeSync(1, 'RUNTIME ' + format(...args) + '\\n'); };
       const { setupDependencyInsight } = await import('@lambda-profiler/middleware');
       console.log('before setup Bearer ' + process.env.TOKEN);
       setupDependencyInsight({});
       console.log('after setup Bearer ' + process.env.TOKEN);`,
      ['--import', '@lambda-profiler/middleware/redact'],
    );

    // Assess
    expect(out).toContain(`RUNTIME before setup Bearer ${TOKEN}`);
    expect(out).toContain('RUNTIME after setup Bearer :redacted');
  });
});
