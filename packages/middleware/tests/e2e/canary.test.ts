import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsCallRecord, CallRecord, HttpCallRecord } from '../../src/contract/types.js';
import { createTables, type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { selfSignedCert } from '../helpers/tls-cert.js';

// Known secret values, each placed where real functions leak them (see canary/function.mjs).
const secrets = {
  telegramToken: '987654321:AAFcanaryTelegramTokenValue_0123456789', // URL path, event header, response
  querySecret: 'qs-canary-4f1d2e', // query string only
  bearer: 'canaryBearerValue9f8e7d6c5b4a', // Authorization headers, the event, the response
  bodySecret: 'body-canary-77aa', // request bodies and a DynamoDB item only
  slackHook: 'canarySlackHookSecret42xyz', // Slack incoming-webhook path
  slackToken: 'xoxb-1111111111-2222222222-canarySlackToken', // body, header, response
  discordToken: 'canaryDiscordWebhookToken_abcdefghijklmnop', // Discord webhook path (named import)
  customSecret: 'canary-custom-z9y8x7', // the event body: masked by a user pattern
  userId: 'user-canary-5e5e', // a DynamoDB key
  awsSecretKey: 'canaryAwsSecretAccessKey0123456789abcdef', // the environment
};

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
let dynamo: LocalDynamo;
let plain: Server;
let secure: Server;
let workDir: string;
let datagrams: string[] = [];
let stdout = '';
let stderr = '';
let control: RunOutput;

interface RunOutput {
  datagrams: string[];
  stdout: string;
  stderr: string;
}

/** Runs canary/function.mjs in a child process with the Lambda environment and its own X-Ray daemon. */
async function runFunction(env: Record<string, string>): Promise<RunOutput> {
  const udp = dgram.createSocket('udp4');
  const received: string[] = [];
  udp.on('message', (msg) => received.push(msg.toString('utf8')));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', () => resolve()));
  try {
    const { out, err } = await new Promise<{ out: string; err: string }>((resolve, reject) => {
      execFile(
        process.execPath,
        [join(packageDir, 'tests/e2e/canary/function.mjs')],
        {
          cwd: packageDir,
          env: { ...env, AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(udp.address() as AddressInfo).port}` },
          timeout: 30_000,
        },
        (error, out, err) =>
          error ? reject(new Error(`canary function failed: ${error.message}\n${err}`)) : resolve({ out, err }),
      );
    });
    // The last datagrams may still be in flight.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { datagrams: received, stdout: out, stderr: err };
  } finally {
    udp.close();
  }
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  if (!existsSync(join(packageDir, 'dist/index.js'))) throw new Error('build the package first (pnpm run build)');
  workDir = mkdtempSync(join(tmpdir(), 'lp-canary-'));
  const { key, cert } = selfSignedCert();
  writeFileSync(join(workDir, 'ca.pem'), cert);
  dynamo = await startDynalite();
  await createTables(dynamo.config);
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    req.resume();
    req.on('end', () => res.end('{"ok":true}'));
  };
  plain = createHttpServer(handler);
  secure = createHttpsServer({ key, cert }, handler);
  const plainPort = await listen(plain, '127.0.0.5');
  const tlsPort = await listen(secure, '127.0.0.1');

  const env = {
    PATH: process.env.PATH ?? '',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: workDir,
    _HANDLER: 'index.handler',
    AWS_LAMBDA_FUNCTION_NAME: 'botFlow',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIACANARYTEST000000',
    AWS_SECRET_ACCESS_KEY: secrets.awsSecretKey,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    POWERTOOLS_SERVICE_NAME: 'botflow',
    NODE_EXTRA_CA_CERTS: join(workDir, 'ca.pem'),
    CANARY_SECRETS: JSON.stringify(secrets),
    CANARY_PLAIN_URL: `http://127.0.0.5:${plainPort}`,
    CANARY_TLS_URL: `https://localhost:${tlsPort}`,
    CANARY_DYNAMO_ENDPOINT: dynamo.endpoint,
  };
  const [main, off] = await Promise.all([runFunction(env), runFunction({ ...env, CANARY_REDACT: 'off' })]);
  ({ datagrams, stdout, stderr } = main);
  control = off;
}, 60_000);

afterAll(async () => {
  plain?.closeAllConnections();
  secure?.closeAllConnections();
  await Promise.all([
    new Promise((resolve) => plain?.close(resolve)),
    new Promise((resolve) => secure?.close(resolve)),
    dynamo?.close(),
  ]);
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

interface XRayDoc {
  id: string;
  name: string;
  namespace?: string;
  aws?: { request_id?: string; operation?: string };
  http?: { request?: { url?: string } };
  metadata?: Record<string, { details?: { calls: CallRecord[] } }>;
}

function documents(): XRayDoc[] {
  return datagrams.map((d) => JSON.parse(d.slice(d.indexOf('\n') + 1)) as XRayDoc);
}

function allCalls(): CallRecord[] {
  return documents().flatMap((d) => d.metadata?.['lambda-profiler']?.details?.calls ?? []);
}

describe('canary: no secret leaves the process', () => {
  it('sees the secrets leak when redaction is off (the control run)', () => {
    const leaked = [control.datagrams.join('\n'), control.stdout, control.stderr].join('\n');
    for (const name of ['telegramToken', 'querySecret', 'slackHook', 'slackToken', 'bearer', 'customSecret'] as const) {
      expect(leaked.includes(secrets[name]), `${name} should leak without redaction`).toBe(true);
    }
  });

  it('sends X-Ray documents, EMF lines and log lines (the flows really ran)', () => {
    expect(datagrams.length).toBeGreaterThanOrEqual(8);
    for (const d of datagrams) expect(d.startsWith('{"format":"json","version":1}\n')).toBe(true);
    expect(documents().some((d) => d.name === '## index.handler')).toBe(true);
    expect(stdout).toContain('"_aws"'); // EMF
    expect(stdout).toContain('event received');
    expect(stderr + stdout).toContain('invocation failed');
  });

  it('finds none of the secret values in any datagram, EMF line or log line', () => {
    const outputs = { datagrams: datagrams.join('\n'), stdout, stderr };
    for (const [where, text] of Object.entries(outputs)) {
      for (const [name, value] of Object.entries(secrets)) {
        expect(text.includes(value), `${name} leaked into ${where}`).toBe(false);
      }
    }
  });

  it('keeps what is not secret: hosts, redacted paths, the EMF metric, the log lines', () => {
    const all = datagrams.join('\n');
    expect(all).toContain('/bot:redacted/sendMessage');
    expect(stdout).toMatch(/calling http:\/\/127\.0\.0\.5:\d+\/bot:redacted\/sendMessage\n/);
    expect(stdout).toMatch(/"Replies":1/);
    expect(stdout).toContain(`hello :redacted`);
  });

  it('joins AWS call records to X-Ray subsegments by request id and subsegment id', () => {
    const dynamoDocs = documents().filter((d) => d.namespace === 'aws' && d.name === 'DynamoDB');
    const awsCalls = allCalls().filter((c): c is AwsCallRecord => c.kind === 'aws-call');
    expect(awsCalls.length).toBe(4); // Get + Put per invocation; the init warm-up read is not recorded
    for (const call of awsCalls) {
      const subsegment = dynamoDocs.find((d) => d.id === call.subsegmentId);
      expect(subsegment?.aws?.request_id).toBe(call.awsRequestId);
      expect(subsegment?.aws?.operation).toBe(call.operation);
    }
  });

  it('records HTTP calls X-Ray cannot see (named node:https import) and names services from the host map', () => {
    const httpCalls = allCalls().filter((c): c is HttpCallRecord => c.kind === 'http-call' && !c.awsSdk);
    const paths = httpCalls.map((c) => `${c.service} ${c.method} ${c.path}`);
    expect(paths).toContain('Telegram Bot API POST /bot:redacted/sendMessage');
    expect(paths).toContain('Slack API POST /services/T0001/B0001/:redacted');
    expect(paths).toContain('Slack API POST /api/webhooks/:redacted/:redacted');
    // X-Ray's http patcher saw the default-import request, not the named-import one.
    const urls = documents().map((d) => d.http?.request?.url ?? '');
    expect(urls.some((u) => u.includes('/services/T0001/B0001/'))).toBe(true);
    expect(urls.some((u) => u.includes('/api/webhooks/'))).toBe(false);
    const telegram = httpCalls.find((c) => c.service === 'Telegram Bot API');
    expect(documents().some((d) => d.id === telegram?.subsegmentId)).toBe(true);
  });
});
