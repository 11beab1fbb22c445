import http from 'node:http';
import https from 'node:https';

/**
 * The bot's one outbound HTTP client (platform APIs, DailyBot, OpenAI). Default imports of
 * `node:http(s)` on purpose: the X-Ray SDK patches the module objects, and a named ESM import would
 * keep the unpatched function.
 */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as given (set the content-type yourself). */
  body?: unknown;
  timeoutMs?: number;
}

export interface HttpResponse<T> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
}

export interface HttpClient {
  request<T = unknown>(url: string, init?: HttpRequest): Promise<HttpResponse<T>>;
}

/** A 4xx/5xx answer, or no answer in time. `service` names the dependency for the bot's reply. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly service: string,
    readonly status: number | undefined,
    readonly kind: 'status' | 'timeout' | 'network',
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface HttpClientOptions {
  /** `false` reproduces the planted bottleneck: a fresh agent, so a fresh TCP + TLS handshake, per call. */
  keepAlive: boolean;
  timeoutMs: number;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  // The fix (http-keep-alive): one agent per process, reused across calls and warm invocations.
  const shared = {
    https: new https.Agent({ keepAlive: true, keepAliveMsecs: 1000, maxSockets: 50 }),
    http: new http.Agent({ keepAlive: true, keepAliveMsecs: 1000, maxSockets: 50 }),
  };

  function agentFor(url: URL): http.Agent {
    const secure = url.protocol === 'https:';
    if (options.keepAlive) return secure ? shared.https : shared.http;
    // Planted (http-keep-alive): a new agent per request "so each call gets its own timeout", which
    // also means no connection is ever reused: every call pays DNS + TCP + TLS again.
    return secure ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
  }

  return {
    request<T>(target: string, init: HttpRequest = {}): Promise<HttpResponse<T>> {
      const url = new URL(target);
      const service = url.hostname;
      const timeoutMs = init.timeoutMs ?? options.timeoutMs;
      const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
      let payload: string | undefined;
      if (init.body !== undefined) {
        payload = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
        headers['content-length'] = String(Buffer.byteLength(payload));
      }
      const transport = url.protocol === 'https:' ? https : http;
      return new Promise<HttpResponse<T>>((resolve, reject) => {
        const req = transport.request(
          url,
          { method: init.method ?? (payload === undefined ? 'GET' : 'POST'), headers, agent: agentFor(url) },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', (error) => reject(new HttpError(error.message, service, res.statusCode, 'network')));
            res.on('end', () => {
              const status = res.statusCode ?? 0;
              const raw = Buffer.concat(chunks).toString('utf8');
              if (status >= 400) {
                reject(
                  new HttpError(`${init.method ?? 'GET'} ${url.pathname}: HTTP ${status}`, service, status, 'status'),
                );
                return;
              }
              let body: unknown = raw;
              if (raw !== '' && (res.headers['content-type'] ?? '').includes('json')) {
                try {
                  body = JSON.parse(raw);
                } catch {
                  reject(new HttpError(`invalid JSON from ${service}`, service, status, 'network'));
                  return;
                }
              }
              resolve({ status, headers: res.headers, body: body as T });
            });
          },
        );
        req.setTimeout(timeoutMs, () => {
          req.destroy(new HttpError(`no answer from ${service} within ${timeoutMs} ms`, service, undefined, 'timeout'));
        });
        req.on('error', (error) => {
          reject(error instanceof HttpError ? error : new HttpError(error.message, service, undefined, 'network'));
        });
        req.end(payload);
      });
    },
  };
}
