import { createServer as createHttpServer, type Server } from 'node:http';
import { Agent, createServer as createHttpsServer, get as httpsGet } from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpCallRecord } from '../../src/contract/types.js';
import { mergeHosts } from '../../src/dependencies/host-map.js';
import { installHttpInsight } from '../../src/dependencies/http-insight.js';
import { dependencyState } from '../../src/dependencies/state.js';
import { defaultRedaction } from '../../src/redaction/rules.js';
import { collectCalls } from '../helpers/call-sink.js';
import { selfSignedCert } from '../helpers/tls-cert.js';
import { validateCallRecord } from '../helpers/validate-call.js';

const TELEGRAM_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
let plainServer: Server;
let tlsServer: Server;
let plainUrl: string;
let tlsPort: number;
let agent: Agent;
let collector: ReturnType<typeof collectCalls>;
let defaultCAs: string[];

function httpCalls(): HttpCallRecord[] {
  return collector.calls.filter((c): c is HttpCallRecord => c.kind === 'http-call');
}

/** Waits until the response's end has been reported (undici reports after the body is read). */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 5));
}

function respond(_req: unknown, res: import('node:http').ServerResponse): void {
  // Headers first, the body a little later: time to first byte < total.
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"ok":');
  setTimeout(() => res.end('true}'), 15);
}

beforeAll(async () => {
  const state = dependencyState(defaultRedaction);
  mergeHosts(state.hosts, { '127.0.0.5': 'DailyBot API' });
  if (!state.httpInstalled) {
    state.httpInstalled = true;
    installHttpInsight(state);
  }
  const { key, cert } = selfSignedCert();
  defaultCAs = tls.getCACertificates('default');
  tls.setDefaultCACertificates([...defaultCAs, cert.toString()]);
  agent = new Agent({ keepAlive: true });
  plainServer = createHttpServer((req, res) => {
    req.resume();
    respond(req, res);
  });
  tlsServer = createHttpsServer({ key, cert }, (req, res) => {
    req.resume();
    respond(req, res);
  });
  // 127.0.0.5: a private address named by the user's host map (Linux routes all of 127/8 to lo).
  await new Promise<void>((resolve) => plainServer.listen(0, '127.0.0.5', () => resolve()));
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', () => resolve()));
  plainUrl = `http://127.0.0.5:${(plainServer.address() as AddressInfo).port}`;
  tlsPort = (tlsServer.address() as AddressInfo).port;
  collector = collectCalls();
});

afterAll(async () => {
  collector.restore();
  agent.destroy();
  tls.setDefaultCACertificates(defaultCAs);
  plainServer.closeAllConnections();
  tlsServer.closeAllConnections();
  await new Promise<void>((resolve) => plainServer.close(() => resolve()));
  await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
});

beforeEach(() => {
  collector.calls.length = 0;
  collector.setActive(true);
});

describe('HTTP insight (diagnostics_channel)', () => {
  it('records a fetch: service from the host map, redacted path, new then reused socket, TTFB', async () => {
    // Act
    const first = await fetch(`${plainUrl}/bot${TELEGRAM_TOKEN}/sendMessage?chat_id=42&text=hi`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer sk-secret-value-123456789',
        'x-amzn-trace-id': 'Root=1-6352a70e-1e2c502e358361800241fd45;Parent=0123456789abcdef;Sampled=1',
      },
      body: JSON.stringify({ secret: 'body-value' }),
    });
    await first.text();
    await settle();
    const second = await fetch(`${plainUrl}/v1/ping`);
    await second.text();
    await settle();

    // Assess
    const [a, b] = httpCalls();
    expect(a).toMatchObject({
      v: 1,
      kind: 'http-call',
      host: '127.0.0.5',
      service: 'DailyBot API',
      method: 'POST',
      path: '/bot:redacted/sendMessage',
      status: 200,
      reusedSocket: false,
      subsegmentId: '0123456789abcdef',
    });
    expect(a!.connectMs).toBeGreaterThanOrEqual(0);
    expect(a!.dnsMs).toBeUndefined(); // an IP address: no lookup
    expect(a!.tlsMs).toBeUndefined();
    expect(a!.ttfbMs).toBeGreaterThan(0);
    // The body ends 15 ms after the headers: the total includes it (no tighter bound: timers slip under load).
    expect(a!.durationMs).toBeGreaterThan(a!.ttfbMs!);
    expect(JSON.stringify(a)).not.toMatch(/AAHdq|chat_id|sk-secret|body-value/);
    expect(b).toMatchObject({ path: '/v1/ping', method: 'GET', reusedSocket: true });
    expect(b!.connectMs).toBeUndefined();
    for (const call of httpCalls()) expect(validateCallRecord(call)).toBe(true);
  });

  it('records https from a named ESM import with DNS, TCP and TLS setup and the configured timeout', async () => {
    // Act
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        httpsGet(`https://localhost:${tlsPort}${path}`, { agent, timeout: 1500 }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        }).on('error', reject);
      });
    await get('/api/webhooks/112233445566778899/aVeryLongDiscordWebhookToken_abcdefghij?wait=true');
    await settle();
    await get('/api/v10/channels');
    await settle();

    // Assess
    const [a, b] = httpCalls();
    expect(a).toMatchObject({
      host: 'localhost',
      service: 'localhost',
      method: 'GET',
      path: '/api/webhooks/:redacted/:redacted',
      status: 200,
      reusedSocket: false,
      timeoutMs: 1500,
    });
    expect(a!.dnsMs).toBeGreaterThanOrEqual(0);
    expect(a!.connectMs).toBeGreaterThanOrEqual(0);
    expect(a!.tlsMs).toBeGreaterThan(0);
    expect(b).toMatchObject({ path: '/api/v10/channels', reusedSocket: true });
    expect(b!.tlsMs).toBeUndefined();
  });

  it('records https through fetch with TLS setup', async () => {
    // Act
    const res = await fetch(`https://localhost:${tlsPort}/services/x`);
    await res.text();
    await settle();

    // Assess
    const [call] = httpCalls();
    expect(call).toMatchObject({ host: 'localhost', path: '/services/x', status: 200 });
    expect(call!.reusedSocket === true || call!.tlsMs! > 0).toBe(true);
  });

  it('records a failed connection with its error code and no status', async () => {
    // Prepare: a port that was just closed.
    const closed = createHttpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    // Act
    const error = await fetch(`http://127.0.0.1:${port}/x`).catch((e: unknown) => e);
    await settle();

    // Assess
    expect(error).toBeInstanceOf(TypeError);
    const [call] = httpCalls();
    expect(call).toMatchObject({ host: '127.0.0.1', status: null, error: 'ECONNREFUSED' });
    expect(validateCallRecord(call)).toBe(true);
  });

  it('records nothing for requests started outside an invocation', async () => {
    // Prepare
    collector.setActive(false);

    // Act
    const res = await fetch(`${plainUrl}/outside`);
    await res.text();
    await settle();

    // Assess
    expect(collector.calls).toHaveLength(0);
  });
});
