import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FunctionUrlEvent, FunctionUrlResult, LambdaContext } from '../http/function-url.js';

export interface RawHttpRequest {
  method: string;
  path: string;
  query?: string;
  headers: Record<string, string>;
  body: string;
  sourceIp?: string;
}

/** The function URL (payload 2.0) event Lambda builds from an HTTP request. */
export function functionUrlEvent(request: RawHttpRequest): FunctionUrlEvent {
  const now = new Date();
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: request.path,
    rawQueryString: request.query ?? '',
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'botflowlocal',
      domainName: 'botflowlocal.lambda-url.us-east-1.on.aws',
      domainPrefix: 'botflowlocal',
      http: {
        method: request.method,
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: request.body,
    isBase64Encoded: false,
  };
}

/** A minimal Lambda context for calling a handler in this process. */
export function lambdaContext(functionName = 'botFlow', timeoutMs = 30_000): LambdaContext {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

export type LambdaHandler = (event: FunctionUrlEvent, context: LambdaContext) => Promise<FunctionUrlResult>;

/**
 * Serves a handler of this process as a function URL: the stand-in for `lambda-profiler run --serve`
 * when the CLI is not available (no cold starts, no traces: only for trying the bot).
 */
export async function serveInProcess(
  handler: LambdaHandler,
  host = '127.0.0.1',
): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://local');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
      const event = functionUrlEvent({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search.slice(1),
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      handler(event, lambdaContext())
        .then((result) => {
          res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string> | undefined);
          res.end(result.body ?? '');
        })
        .catch((error: unknown) => {
          console.error(JSON.stringify({ level: 'ERROR', msg: 'invocation failed', error: String(error) }));
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'Internal Server Error' }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
