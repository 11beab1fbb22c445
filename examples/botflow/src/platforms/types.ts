import type { BotConfig } from '../config.js';
import type { HttpClient } from '../http/client.js';
import type { FunctionUrlResult, WebhookRequest } from '../http/function-url.js';
import type { BotMessage, Platform } from '../model.js';

export type Verdict = { ok: true; claims?: Record<string, unknown> } | { ok: false; status: number; reason: string };

export type Parsed =
  /** A user message for the flows. */
  | { kind: 'message'; message: BotMessage }
  /** A handshake the platform expects an immediate answer to (Slack url_verification, Discord PING). */
  | { kind: 'respond'; result: FunctionUrlResult }
  /** Deliveries the bot does not act on (its own messages, typing events, edits). */
  | { kind: 'ignore'; reason: string }
  | { kind: 'invalid'; status: number; reason: string };

export interface PlatformDeps {
  config: BotConfig;
  http: HttpClient;
}

export interface PlatformAdapter {
  platform: Platform;
  /** Authenticates the request (signature, token or JWT) before anything reads the payload. */
  verify(request: WebhookRequest, deps: PlatformDeps): Promise<Verdict>;
  parse(request: WebhookRequest, verdict: Verdict & { ok: true }): Parsed;
  /** Tells the platform a slow answer is coming (Discord needs an answer within 3 s). */
  acknowledge?(message: BotMessage, deps: PlatformDeps): Promise<void>;
  /** Sends the reply through the platform's API; returns the webhook's HTTP response. */
  deliver(message: BotMessage, text: string, deps: PlatformDeps, acknowledged: boolean): Promise<FunctionUrlResult>;
}

export function rejectWith(status: number, reason: string): Verdict {
  return { ok: false, status, reason };
}

export function invalid(reason: string, status = 400): Parsed {
  return { kind: 'invalid', status, reason };
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function parseJson(raw: string): Record<string, unknown> | undefined {
  try {
    return asRecord(JSON.parse(raw));
  } catch {
    return undefined;
  }
}
