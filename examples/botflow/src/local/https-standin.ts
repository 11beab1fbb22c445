import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createRandom, lognormalMs, type Random } from './random.js';

/** How a stand-in behaves on the wire. */
export interface NetworkProfile {
  /** Round-trip time range, drawn per connection (default 20–40 ms, a cross-region internet path). */
  rttMs: [number, number];
  /** Server processing time: lognormal median and sigma (the tail). */
  medianMs: number;
  sigma: number;
  /** Share of requests answered with a 5xx at random (0 in tests). */
  errorRate: number;
}

export interface StandinRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  json: Record<string, unknown> | undefined;
  params: string[];
}

export interface StandinReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  pattern: RegExp;
  handle(request: StandinRequest): StandinReply | Promise<StandinReply>;
}

export interface CallRecord {
  service: string;
  method: string;
  /** Route pattern, not the path: paths carry tokens. */
  route: string;
  status: number;
  ms: number;
  newConnection: boolean;
  fault: string | undefined;
  /** When the answer was sent (performance.now()), to order calls across stand-ins. */
  at: number;
}

export interface RunningStandin {
  name: string;
  host: string;
  port: number;
  url: string;
  calls: CallRecord[];
  connections(): number;
  stop(): Promise<void>;
}

export interface StandinOptions {
  name: string;
  host: string;
  key: string;
  cert: string;
  routes: Route[];
  profile: NetworkProfile;
  seed: number;
  /** Answer for `#fault:5xx` markers in request bodies (each service's own error shape). */
  serverError: () => StandinReply;
  /** How long a `#fault:timeout` request hangs before answering (the client gives up first). */
  hangMs?: number;
}

function sleep(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}

function rtt(random: Random, [min, max]: [number, number]): number {
  return min + random.next() * (max - min);
}

/**
 * An HTTPS API stand-in. Each new connection waits two round trips before the TLS handshake can
 * finish (TCP SYN/ACK + TLS 1.3), each request one round trip plus the server's processing time, so a
 * reused connection saves what it saves across the internet.
 */
export async function startHttpsStandin(options: StandinOptions): Promise<RunningStandin> {
  const random = createRandom(options.seed);
  const calls: CallRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<net.Socket>();
  const seen = new WeakSet<object>();
  const rttOf = new WeakMap<object, number>();
  let connectionCount = 0;

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const socket = req.socket as TLSSocket;
    const newConnection = !seen.has(socket);
    seen.add(socket);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'https://standin');
    const method = req.method ?? 'GET';
    const route = options.routes.find((r) => r.method === method && r.pattern.test(url.pathname));
    let reply: StandinReply;
    let fault: string | undefined;
    const wireMs = rttOf.get(socket) ?? rtt(random, options.profile.rttMs);
    await sleep(wireMs + lognormalMs(random, options.profile.medianMs, options.profile.sigma), timers);
    if (body.includes('#fault:timeout')) {
      fault = 'timeout';
      // Hang until the client gives up (or hangMs passes): the call is recorded when the socket closes.
      await Promise.race([
        sleep(options.hangMs ?? 30_000, timers),
        new Promise((resolve) => res.once('close', resolve)),
      ]);
      reply = options.serverError();
    } else if (body.includes('#fault:5xx') || random.chance(options.profile.errorRate)) {
      fault = '5xx';
      reply = options.serverError();
    } else if (route === undefined) {
      reply = { status: 404, body: { error: 'not_found' } };
    } else {
      let json: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = body === '' ? undefined : JSON.parse(body);
        json = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        json = undefined;
      }
      const params = route.pattern.exec(url.pathname)?.slice(1) ?? [];
      reply = await route.handle({
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json,
        params,
      });
    }
    const record = (status: number) =>
      calls.push({
        service: options.name,
        method,
        route: route?.pattern.source ?? url.pathname.split('/')[1] ?? '',
        status,
        ms: performance.now() - started,
        newConnection,
        fault,
        at: performance.now(),
      });
    if (res.destroyed || res.writableEnded || !res.writable || req.socket.destroyed) {
      // The client gave up (its timeout): status 0, as a trace would show no response.
      record(0);
      return;
    }
    const payload =
      reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(payload === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'content-length': String(Buffer.byteLength(payload)),
      ...reply.headers,
    });
    res.end(payload);
    record(reply.status);
  }

  const server = https.createServer({ key: options.key, cert: options.cert }, (req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  // Real APIs keep idle connections open for about a minute; Node's default is 5 s.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('secureConnection', (socket: TLSSocket) => {
    rttOf.set(socket, rtt(random, options.profile.rttMs));
  });

  // The TCP listener holds each new connection for TCP + TLS round trips before TLS sees it.
  const tcp = net.createServer({ pauseOnConnect: true }, (socket) => {
    connectionCount += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    void sleep(2 * rtt(random, options.profile.rttMs), timers).then(() => {
      if (socket.destroyed) return;
      server.emit('connection', socket);
      socket.resume();
    });
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(0, options.host, () => resolve());
  });
  const address = tcp.address() as net.AddressInfo;
  return {
    name: options.name,
    host: options.host,
    port: address.port,
    url: `https://${options.host}:${address.port}`,
    calls,
    connections: () => connectionCount,
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
