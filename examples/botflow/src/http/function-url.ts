/**
 * Function URLs and HTTP APIs (payload format 2.0) deliver the same event shape. Declared here (the
 * fields the bot uses) rather than through `@types/aws-lambda`, whose hoisted copy would change the
 * types Middy gives every other package of the workspace.
 */
export interface FunctionUrlEvent {
  version: string;
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

/** The structured result of payload format 2.0. */
export interface FunctionUrlResult {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

/** The Lambda context fields a Node handler can read. */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  getRemainingTimeInMillis(): number;
}

/** A webhook request as the platform modules see it: lower-case headers and the exact raw body. */
export interface WebhookRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The body exactly as signed by the sender (signatures are over these bytes). */
  rawBody: string;
}

export function toWebhookRequest(event: FunctionUrlEvent): WebhookRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const body = event.body ?? '';
  return {
    method: event.requestContext?.http?.method ?? 'POST',
    path: event.rawPath ?? '/',
    headers,
    rawBody: event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body,
  };
}

export function json(statusCode: number, body: unknown): FunctionUrlResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function empty(statusCode: number): FunctionUrlResult {
  return { statusCode, body: '' };
}

export function text(statusCode: number, message: string): FunctionUrlResult {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: message };
}
