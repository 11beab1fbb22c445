import { builtin } from '../builtins.js';
import { CONTRACT_VERSION } from '../contract/names.js';
import type { HttpCallRecord } from '../contract/types.js';
import { type CallSink, currentCallSink } from '../recording/global-state.js';
import { redactPath, stripQuery } from '../redaction/rules.js';
import { serviceForHost } from './host-map.js';
import type { DependencyState } from './state.js';

/**
 * HTTP insight from `node:diagnostics_channel`: undici's channels (global `fetch`) and node:http's
 * (`http`/`https`, including named ESM imports, which the X-Ray patcher cannot see), plus
 * `net.client.socket` for connection setup (DNS, TCP, TLS from the socket's own events). Requests
 * are recorded only when they start while an invocation is current; the record goes to that
 * invocation's sink when the response ends (or the request fails).
 *
 * Every subscriber is guarded: an exception thrown in a diagnostics_channel subscriber would
 * surface as an uncaught exception in the user's function.
 */

interface SocketTimings {
  start: number;
  lookup?: number;
  connect?: number;
  secure?: number;
  /** Requests sent on this socket so far: 0 at the first request = a new connection. */
  requests: number;
}

interface PendingRequest {
  sink: CallSink;
  start: number;
  host: string;
  port: string | null;
  method: string;
  rawPath: string;
  status: number | null;
  reused: boolean | null;
  ttfb?: number;
  socket?: SocketTimings;
  subsegmentId?: string;
  timeoutMs?: number;
  awsSdk?: boolean;
}

const pending = new WeakMap<object, PendingRequest>();
// undici requests not yet on a socket: a failed connect publishes `undici:client:connectError`
// (with the origin, not the request) and no `undici:request:error`, so those are failed by origin.
const unsent = new Map<object, PendingRequest>();
const UNSENT_LIMIT = 256;
const sockets = new WeakMap<object, SocketTimings>();

// Powertools (fetch) and the X-Ray SDK (http) put `X-Amzn-Trace-Id: Root=…;Parent=<subsegment id>`
// on the requests they trace: the documented header joins the record to X-Ray's subsegment.
const TRACE_PARENT_IN_HEADERS = /x-amzn-trace-id:[^\r\n]*?Parent=([0-9a-f]{16})/i;
const TRACE_PARENT = /Parent=([0-9a-f]{16})/;
// Every AWS SDK v3 request carries this header (the SDK's retry middleware sets it).
const SDK_HEADER = 'amz-sdk-invocation-id';

function guard<T>(handler: (message: T) => void): (message: unknown) => void {
  return (message) => {
    try {
      handler(message as T);
    } catch {
      // Insight is best effort; the request itself must never notice.
    }
  };
}

function splitHostPort(hostPort: string): { host: string; port: string | null } {
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    const port = hostPort.charCodeAt(close + 1) === 58 ? hostPort.slice(close + 2) : null;
    return { host: hostPort.slice(1, close).toLowerCase(), port };
  }
  const colon = hostPort.lastIndexOf(':');
  return colon === -1
    ? { host: hostPort.toLowerCase(), port: null }
    : { host: hostPort.slice(0, colon).toLowerCase(), port: hostPort.slice(colon + 1) };
}

/** Subscribes to the channels; call once per process (`state.httpInstalled`). */
export function installHttpInsight(state: DependencyState): void {
  const dc = builtin('node:diagnostics_channel');
  const now = () => performance.now();

  function finish(request: object, error: unknown): void {
    const p = pending.get(request);
    if (p === undefined) return;
    pending.delete(request);
    unsent.delete(request);
    if (!state.httpEnabled) return;
    const end = now();
    const record: HttpCallRecord = {
      v: CONTRACT_VERSION,
      kind: 'http-call',
      host: p.host,
      service: serviceForHost(state.hosts, p.host, p.port),
      method: p.method,
      // Never a query string, even with redaction off (the contract forbids it).
      path: state.redaction.enabled ? redactPath(p.rawPath, p.host, state.redaction) : stripQuery(p.rawPath),
      status: p.status,
      startEpochMs: performance.timeOrigin + p.start,
      durationMs: end - p.start,
      reusedSocket: p.reused,
    };
    if (p.subsegmentId !== undefined) record.subsegmentId = p.subsegmentId;
    if (p.ttfb !== undefined) record.ttfbMs = p.ttfb - p.start;
    const s = p.reused === false ? p.socket : undefined;
    if (s !== undefined) {
      if (s.lookup !== undefined) record.dnsMs = s.lookup - s.start;
      if (s.connect !== undefined) record.connectMs = s.connect - (s.lookup ?? s.start);
      if (s.secure !== undefined && s.connect !== undefined) record.tlsMs = s.secure - s.connect;
    }
    if (p.timeoutMs !== undefined) record.timeoutMs = p.timeoutMs;
    if (p.awsSdk) record.awsSdk = true;
    if (error !== undefined) {
      const e = error as { code?: unknown; name?: unknown } | null;
      record.error = typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'Error';
    }
    p.sink.addCall(record);
  }

  // Connection setup, from the socket's own events. Every client socket is tracked (a WeakMap entry
  // and three one-shot listeners), so reuse is known even for sockets opened before an invocation.
  dc.subscribe(
    'net.client.socket',
    guard<{ socket: NodeJS.EventEmitter }>(({ socket }) => {
      const timings: SocketTimings = { start: now(), requests: 0 };
      sockets.set(socket, timings);
      socket.once('lookup', () => {
        timings.lookup = now();
      });
      socket.once('connect', () => {
        timings.connect = now();
      });
      socket.once('secureConnect', () => {
        timings.secure = now();
      });
    }),
  );

  // undici (global fetch).
  interface UndiciRequest {
    origin?: unknown;
    method?: string;
    path?: string;
  }
  dc.subscribe(
    'undici:request:create',
    guard<{ request: UndiciRequest }>(({ request }) => {
      if (!state.httpEnabled) return;
      const sink = currentCallSink();
      if (sink === undefined) return;
      const origin = String(request.origin ?? '');
      const schemeEnd = origin.indexOf('://');
      const { host, port } = splitHostPort(
        schemeEnd === -1 ? origin : origin.slice(schemeEnd + 3).replace(/\/.*$/, ''),
      );
      const p: PendingRequest = {
        sink,
        start: now(),
        host,
        port,
        method: request.method ?? 'GET',
        rawPath: request.path ?? '/',
        status: null,
        reused: null,
      };
      pending.set(request, p);
      // Bounded: a request aborted before it reached a socket never reports again.
      if (unsent.size >= UNSENT_LIMIT) unsent.delete(unsent.keys().next().value as object);
      unsent.set(request, p);
    }),
  );
  dc.subscribe(
    'undici:client:connectError',
    guard<{ connectParams?: { hostname?: string; port?: string }; error: unknown }>(({ connectParams, error }) => {
      const host = connectParams?.hostname?.toLowerCase();
      for (const [request, p] of unsent) {
        if (p.host === host && (p.port ?? '') === (connectParams?.port ?? '')) finish(request, error);
      }
    }),
  );
  dc.subscribe(
    'undici:client:sendHeaders',
    guard<{ request: object; headers: unknown; socket: object }>(({ request, headers, socket }) => {
      const timings = sockets.get(socket);
      const firstOnSocket = timings !== undefined && timings.requests === 0;
      if (timings !== undefined) timings.requests++;
      const p = pending.get(request);
      if (p === undefined) return;
      unsent.delete(request);
      // A socket opened before this process subscribed (or by another module) is not new to us.
      p.reused = !firstOnSocket;
      if (firstOnSocket) p.socket = timings;
      if (typeof headers === 'string') {
        const parent = TRACE_PARENT_IN_HEADERS.exec(headers)?.[1];
        if (parent !== undefined) p.subsegmentId = parent;
        if (headers.includes(SDK_HEADER)) p.awsSdk = true;
      }
    }),
  );
  dc.subscribe(
    'undici:request:headers',
    guard<{ request: object; response: { statusCode?: number } }>(({ request, response }) => {
      const p = pending.get(request);
      if (p === undefined) return;
      p.ttfb = now();
      if (typeof response.statusCode === 'number') p.status = response.statusCode;
    }),
  );
  dc.subscribe(
    'undici:request:trailers',
    guard<{ request: object }>(({ request }) => finish(request, undefined)),
  );
  dc.subscribe(
    'undici:request:error',
    guard<{ request: object; error: unknown }>(({ request, error }) => finish(request, error)),
  );

  // node:http / node:https.
  interface ClientRequest {
    host?: string;
    method?: string;
    path?: string;
    reusedSocket?: boolean;
    socket?: { remotePort?: number } | null;
    timeout?: number;
    getHeader?(name: string): unknown;
  }
  const onHttpStart = guard<{ request: ClientRequest }>(({ request }) => {
    if (!state.httpEnabled || pending.has(request)) return;
    const sink = currentCallSink();
    if (sink === undefined) return;
    pending.set(request, {
      sink,
      start: now(),
      host: (request.host ?? 'localhost').toLowerCase(),
      port: null,
      method: request.method ?? 'GET',
      rawPath: request.path ?? '/',
      status: null,
      reused: null,
    });
  });
  // `created` (Node 22.x/24) is published when the request object is made; `start` when it is sent.
  dc.subscribe('http.client.request.created', onHttpStart);
  dc.subscribe('http.client.request.start', onHttpStart);
  dc.subscribe(
    'http.client.response.finish',
    guard<{ request: ClientRequest; response: NodeJS.EventEmitter & { statusCode?: number } }>(
      ({ request, response }) => {
        const p = pending.get(request);
        if (p === undefined) return;
        p.ttfb = now();
        if (typeof response.statusCode === 'number') p.status = response.statusCode;
        p.reused = request.reusedSocket === true;
        const socket = request.socket;
        if (socket) {
          if (typeof socket.remotePort === 'number') p.port = String(socket.remotePort);
          if (!p.reused) p.socket = sockets.get(socket);
        }
        if (typeof request.timeout === 'number' && request.timeout > 0) p.timeoutMs = request.timeout;
        const trace = request.getHeader?.('x-amzn-trace-id');
        if (typeof trace === 'string') {
          const parent = TRACE_PARENT.exec(trace)?.[1];
          if (parent !== undefined) p.subsegmentId = parent;
        }
        if (request.getHeader?.(SDK_HEADER) !== undefined) p.awsSdk = true;
        // The body's end: `close` follows `end` (IncomingMessage auto-destroys) and also comes on abort.
        response.once('close', () => {
          try {
            finish(request, undefined);
          } catch {
            // Never surface from an event listener of the user's response.
          }
        });
      },
    ),
  );
  dc.subscribe(
    'http.client.request.error',
    guard<{ request: object; error: unknown }>(({ request, error }) => finish(request, error)),
  );
}
