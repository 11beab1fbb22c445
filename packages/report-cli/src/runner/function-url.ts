import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InvocationResult } from './run-session.js';

/** Lambda's synchronous invocation payload limit (request and response). */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

export interface HttpRequestInput {
  method: string;
  /** Path and query, as on the request line. */
  url: string;
  httpVersion: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
}

export interface FunctionUrlContext {
  requestId: string;
  timeEpochMs: number;
  /** `Host` seen by the server, e.g. `127.0.0.1:9000`. */
  domainName: string;
  accountId: string;
}

const TEXT_TYPE = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|graphql)|[^;]*\+(json|xml))/i;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the `requestContext.time` format. */
export function clfTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(
    d.getUTCMinutes(),
  )}:${p(d.getUTCSeconds())} +0000`;
}

function isUtf8Text(body: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * The function URL event (payload format 2.0, as API Gateway HTTP APIs send it): header names in lower
 * case with repeated values joined by commas, cookies moved to `cookies`, the body as text for text
 * content types and base64 otherwise.
 */
export function toFunctionUrlEvent(request: HttpRequestInput, context: FunctionUrlContext): Record<string, unknown> {
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt < 0 ? '' : request.url.slice(queryAt + 1);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') {
      cookies = (Array.isArray(value) ? value.join('; ') : value).split(/;\s*/).filter(Boolean);
      continue;
    }
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
  };
  if (cookies) event.cookies = cookies;
  event.headers = headers;
  if (rawQueryString) {
    const query: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(rawQueryString)) {
      query[key] = key in query ? `${query[key]},${value}` : value;
    }
    event.queryStringParameters = query;
  }
  const apiId = 'local';
  event.requestContext = {
    accountId: context.accountId,
    apiId,
    domainName: context.domainName,
    domainPrefix: apiId,
    http: {
      method: request.method,
      path: rawPath,
      protocol: `HTTP/${request.httpVersion}`,
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: context.requestId,
    routeKey: '$default',
    stage: '$default',
    time: clfTime(context.timeEpochMs),
    timeEpoch: Math.floor(context.timeEpochMs),
  };
  if (request.body.length > 0) {
    const type = headers['content-type'];
    const text = type ? TEXT_TYPE.test(type) : isUtf8Text(request.body);
    event.body = text ? request.body.toString('utf8') : request.body.toString('base64');
    event.isBase64Encoded = !text;
  } else {
    event.isBase64Encoded = false;
  }
  return event;
}

export interface HttpResponseSpec {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

const json = (statusCode: number, message: string): HttpResponseSpec => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  cookies: [],
  body: Buffer.from(JSON.stringify({ Message: message })),
});

/**
 * The function URL response for an invocation: a result with `statusCode` is used as given
 * (`headers`, `cookies`, `body`, `isBase64Encoded`); any other result becomes a 200 JSON response.
 * A failed invocation is a 502, as function URLs answer.
 */
export function toHttpResponse(result: InvocationResult): HttpResponseSpec {
  if (result.status !== 'success' || result.payload === undefined) return json(502, 'Internal Server Error');
  if (Buffer.byteLength(result.payload) > MAX_PAYLOAD_BYTES) return json(502, 'Response payload size exceeded');
  const value = JSON.parse(result.payload) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('statusCode' in value)) {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(result.payload),
    };
  }
  const structured = value as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    cookies?: unknown[];
    body?: unknown;
    isBase64Encoded?: unknown;
  };
  const statusCode = Number(structured.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return json(502, 'Internal Server Error');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, headerValue] of Object.entries(structured.headers ?? {})) {
    headers[name.toLowerCase()] = String(headerValue);
  }
  const bodyText =
    structured.body === undefined || structured.body === null
      ? ''
      : typeof structured.body === 'string'
        ? structured.body
        : JSON.stringify(structured.body);
  return {
    statusCode,
    headers,
    cookies: (structured.cookies ?? []).map(String),
    body: structured.isBase64Encoded === true ? Buffer.from(bodyText, 'base64') : Buffer.from(bodyText),
  };
}

export interface FunctionUrlServer {
  server: Server;
  host: string;
  port: number;
  /** Stops accepting requests; resolves when every connection is closed. */
  close: () => Promise<void>;
}

/** Serves each HTTP request as one invocation through `invoke`. */
export async function startFunctionUrlServer(options: {
  host: string;
  port: number;
  accountId: string;
  newRequestId: () => string;
  invoke: (event: Record<string, unknown>, requestId: string) => Promise<InvocationResult>;
}): Promise<FunctionUrlServer> {
  // Imported here, not at the top: an ES import of node:http reads all its exports, and the lazy
  // WebSocket ones load undici (≈ 0.1 s, a quarter of importing this package's index).
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_PAYLOAD_BYTES) {
        const response = json(413, 'Request must be smaller than 6291456 bytes for the InvokeFunction operation');
        res.writeHead(response.statusCode, response.headers).end(response.body);
        return;
      }
      const requestId = options.newRequestId();
      const event = toFunctionUrlEvent(
        {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          httpVersion: req.httpVersion,
          headers: req.headers,
          body: Buffer.concat(chunks),
          sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        },
        {
          requestId,
          timeEpochMs: Date.now(),
          domainName: req.headers.host ?? options.host,
          accountId: options.accountId,
        },
      );
      options.invoke(event, requestId).then(
        (result) => {
          const response = toHttpResponse(result);
          const headers: Record<string, string | string[]> = {
            ...response.headers,
            'x-amzn-requestid': result.requestId,
            'x-amzn-trace-id': result.traceHeader,
          };
          if (response.cookies.length > 0) headers['set-cookie'] = response.cookies;
          res.writeHead(response.statusCode, headers).end(response.body);
        },
        () => {
          const response = json(500, 'Internal Server Error');
          res.writeHead(response.statusCode, response.headers).end(response.body);
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    host: options.host,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
