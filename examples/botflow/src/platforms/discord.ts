import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { empty, json, type WebhookRequest } from '../http/function-url.js';
import { classify } from '../model.js';
import { asRecord, asString, invalid, type PlatformAdapter, parseJson, rejectWith, type Verdict } from './types.js';

/** Interaction types and callback types from the Discord API (v10). */
const INTERACTION = { ping: 1, applicationCommand: 2 } as const;
const CALLBACK = { pong: 1, channelMessage: 4, deferredChannelMessage: 5 } as const;

const keys = new Map<string, KeyObject>();

/** Discord hands out the application's Ed25519 public key as 64 hex characters (the raw 32 bytes). */
function publicKey(hex: string): KeyObject {
  let key = keys.get(hex);
  if (key === undefined) {
    const raw = Buffer.from(hex, 'hex');
    if (raw.length !== 32) throw new Error('DISCORD_PUBLIC_KEY must be 64 hex characters');
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
    keys.set(hex, key);
  }
  return key;
}

/** Ed25519 over `<X-Signature-Timestamp><raw body>`, signature in `X-Signature-Ed25519` (hex). */
export function verifyDiscordRequest(publicKeyHex: string, request: WebhookRequest): Verdict {
  const signature = request.headers['x-signature-ed25519'];
  const timestamp = request.headers['x-signature-timestamp'];
  if (publicKeyHex === '') return rejectWith(500, 'DISCORD_PUBLIC_KEY is not configured');
  if (signature === undefined || timestamp === undefined) return rejectWith(401, 'missing Discord signature headers');
  if (!/^[0-9a-f]{128}$/i.test(signature)) return rejectWith(401, 'malformed Discord signature');
  const ok = verify(
    null,
    Buffer.from(timestamp + request.rawBody),
    publicKey(publicKeyHex),
    Buffer.from(signature, 'hex'),
  );
  return ok ? { ok: true } : rejectWith(401, 'invalid request signature');
}

function optionText(data: Record<string, unknown>): string {
  const options = Array.isArray(data.options) ? data.options : [];
  return options
    .map((option) => asRecord(option)?.value)
    .filter((value) => value !== undefined)
    .map(String)
    .join(' ');
}

export const discord: PlatformAdapter = {
  platform: 'discord',
  async verify(request, deps) {
    return verifyDiscordRequest(deps.config.discord.publicKey, request);
  },
  parse(request) {
    const body = parseJson(request.rawBody);
    if (body === undefined) return invalid('Discord body is not a JSON object');
    if (body.type === INTERACTION.ping) return { kind: 'respond', result: json(200, { type: CALLBACK.pong }) };
    if (body.type !== INTERACTION.applicationCommand)
      return invalid(`unsupported interaction type ${String(body.type)}`);
    const data = asRecord(body.data);
    const user = asRecord(asRecord(body.member)?.user) ?? asRecord(body.user);
    const id = asString(body.id);
    const token = asString(body.token);
    const channelId = asString(body.channel_id);
    const userId = asString(user?.id);
    const name = asString(data?.name);
    if (data === undefined || id === undefined || token === undefined || channelId === undefined || !userId || !name) {
      return invalid('application command without id/token/channel/user/name');
    }
    const text = `/${name} ${optionText(data)}`.trim();
    const { intent, args } = classify(text);
    return {
      kind: 'message',
      message: {
        platform: 'discord',
        eventId: id,
        // Direct messages have no guild: one pseudo-team per user keeps state keys stable.
        teamId: asString(body.guild_id) ?? `dm-${userId}`,
        channelId,
        userId,
        userName: asString(user?.global_name) ?? asString(user?.username) ?? userId,
        text,
        intent,
        args,
        reply: {
          platform: 'discord',
          applicationId: asString(body.application_id) ?? '',
          interactionId: id,
          interactionToken: token,
        },
        receivedAt: new Date().toISOString(),
      },
    };
  },
  async acknowledge(message, deps) {
    if (message.reply.platform !== 'discord') return;
    const { interactionId, interactionToken } = message.reply;
    await deps.http.request(
      `${deps.config.discord.apiUrl}/interactions/${interactionId}/${interactionToken}/callback`,
      {
        method: 'POST',
        body: { type: CALLBACK.deferredChannelMessage },
      },
    );
  },
  async deliver(message, text, deps, acknowledged) {
    if (message.reply.platform !== 'discord') throw new Error('not a Discord message');
    // Quick answers go back in the webhook response itself: no API call at all.
    if (!acknowledged) return json(200, { type: CALLBACK.channelMessage, data: { content: text } });
    const applicationId = message.reply.applicationId || deps.config.discord.applicationId;
    await deps.http.request(
      `${deps.config.discord.apiUrl}/webhooks/${applicationId}/${message.reply.interactionToken}`,
      {
        method: 'POST',
        body: { content: text, allowed_mentions: { parse: [] } },
      },
    );
    return empty(202);
  },
};
