import { createHmac, timingSafeEqual } from 'node:crypto';
import { empty, json, type WebhookRequest } from '../http/function-url.js';
import { type BotMessage, classify } from '../model.js';
import {
  asRecord,
  asString,
  invalid,
  type Parsed,
  type PlatformAdapter,
  parseJson,
  rejectWith,
  type Verdict,
} from './types.js';

/** Slack rejects replays older than five minutes; so do we. */
const MAX_SKEW_S = 300;

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the app's signing secret. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export function verifySlackRequest(signingSecret: string, request: WebhookRequest, nowS: number): Verdict {
  const timestamp = request.headers['x-slack-request-timestamp'];
  const signature = request.headers['x-slack-signature'];
  if (signingSecret === '') return rejectWith(500, 'SLACK_SIGNING_SECRET is not configured');
  if (timestamp === undefined || signature === undefined) return rejectWith(401, 'missing Slack signature headers');
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowS - ts) > MAX_SKEW_S) return rejectWith(401, 'stale Slack timestamp');
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, request.rawBody));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return rejectWith(401, 'invalid Slack signature');
  }
  return { ok: true };
}

function slashCommand(request: WebhookRequest): Parsed {
  const form = new URLSearchParams(request.rawBody);
  const command = form.get('command');
  const userId = form.get('user_id');
  const teamId = form.get('team_id');
  const channelId = form.get('channel_id');
  if (!command || !userId || !teamId || !channelId) return invalid('slash command without command/user/team/channel');
  const { intent, args } = classify(`${command} ${form.get('text') ?? ''}`);
  const message: BotMessage = {
    platform: 'slack',
    eventId: form.get('trigger_id') ?? `${teamId}.${userId}.${Date.now()}`,
    teamId,
    channelId,
    userId,
    userName: form.get('user_name') ?? userId,
    text: `${command} ${form.get('text') ?? ''}`.trim(),
    intent,
    args,
    reply: { platform: 'slack', channel: channelId, threadTs: undefined },
    receivedAt: new Date().toISOString(),
  };
  return { kind: 'message', message };
}

function eventCallback(body: Record<string, unknown>): Parsed {
  if (body.type === 'url_verification') {
    const challenge = asString(body.challenge);
    return challenge === undefined
      ? invalid('url_verification without challenge')
      : { kind: 'respond', result: json(200, { challenge }) };
  }
  if (body.type !== 'event_callback') return invalid(`unsupported Slack payload type ${String(body.type)}`);
  const event = asRecord(body.event);
  const teamId = asString(body.team_id);
  const eventId = asString(body.event_id);
  if (event === undefined || teamId === undefined || eventId === undefined) {
    return invalid('event_callback without event/team_id/event_id');
  }
  // The bot's own posts and edits come back as events too: answering them would loop.
  if (event.bot_id !== undefined || event.subtype !== undefined) return { kind: 'ignore', reason: 'bot or subtype' };
  if (event.type !== 'message' && event.type !== 'app_mention')
    return { kind: 'ignore', reason: `event ${event.type}` };
  const userId = asString(event.user);
  const channelId = asString(event.channel);
  const text = typeof event.text === 'string' ? event.text : undefined;
  if (userId === undefined || channelId === undefined || text === undefined) {
    return invalid('message event without user/channel/text');
  }
  const { intent, args } = classify(text);
  return {
    kind: 'message',
    message: {
      platform: 'slack',
      eventId,
      teamId,
      channelId,
      userId,
      userName: userId,
      text,
      intent,
      args,
      reply: { platform: 'slack', channel: channelId, threadTs: asString(event.thread_ts) },
      receivedAt: new Date().toISOString(),
    },
  };
}

interface SlackPostMessageResponse {
  ok: boolean;
  error?: string;
  ts?: string;
}

export const slack: PlatformAdapter = {
  platform: 'slack',
  async verify(request, deps) {
    return verifySlackRequest(deps.config.slack.signingSecret, request, Math.floor(Date.now() / 1000));
  },
  parse(request) {
    const type = request.headers['content-type'] ?? '';
    if (type.startsWith('application/x-www-form-urlencoded')) return slashCommand(request);
    const body = parseJson(request.rawBody);
    return body === undefined ? invalid('Slack body is not a JSON object') : eventCallback(body);
  },
  async deliver(message, text, deps) {
    if (message.reply.platform !== 'slack') throw new Error('not a Slack message');
    const { body } = await deps.http.request<SlackPostMessageResponse>(`${deps.config.slack.apiUrl}/chat.postMessage`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${deps.config.slack.botToken}`,
        'content-type': 'application/json; charset=utf-8',
      },
      body: { channel: message.reply.channel, text, thread_ts: message.reply.threadTs, unfurl_links: false },
    });
    // Slack answers 200 with ok:false for API errors (channel_not_found, not_authed, ratelimited…).
    if (!body.ok) throw new Error(`Slack chat.postMessage failed: ${body.error ?? 'unknown error'}`);
    return empty(200);
  },
};
