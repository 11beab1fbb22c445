import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Function URLs and HTTP APIs (payload 2.0) deliver the same event shape. */
export type FunctionUrlEvent = APIGatewayProxyEventV2;
export type FunctionUrlResult = APIGatewayProxyStructuredResultV2;

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
